from django.urls import path

from cases import views, views_notification

app_name = "cases"

urlpatterns = [
    path("meldingen/", views.incident_list, name="incident_list"),
    path("notificaties/", views_notification.notification_list, name="notification_list"),
    path(
        "notificaties/<int:pk>/openen/",
        views_notification.notification_open,
        name="notification_open",
    ),
    path(
        "notificaties/alles-gelezen/",
        views_notification.notifications_read_all,
        name="notifications_read_all",
    ),
    path(
        "notificaties/voorkeuren/",
        views_notification.notification_preferences,
        name="notification_preferences",
    ),
    path(
        "notificaties/bezorging/",
        views_notification.delivery_problems,
        name="delivery_problems",
    ),
    path(
        "notificaties/bezorging/<int:pk>/opnieuw/",
        views_notification.delivery_resend,
        name="delivery_resend",
    ),
    path(
        "notificaties/bezorging/<int:pk>/afgehandeld/",
        views_notification.delivery_dismiss,
        name="delivery_dismiss",
    ),
]
