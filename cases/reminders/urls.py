"""URLs of notifications and undelivered emails; included in `cases.urls` (namespace "cases")."""

from django.urls import path

from cases.reminders import views

urlpatterns = [
    path("notificaties/", views.notification_list, name="notification_list"),
    path(
        "notificaties/<int:pk>/openen/",
        views.notification_open,
        name="notification_open",
    ),
    path(
        "notificaties/alles-gelezen/",
        views.notifications_read_all,
        name="notifications_read_all",
    ),
    path(
        "notificaties/voorkeuren/",
        views.notification_preferences,
        name="notification_preferences",
    ),
    path(
        "notificaties/bezorging/",
        views.delivery_problems,
        name="delivery_problems",
    ),
    path(
        "notificaties/bezorging/<int:pk>/opnieuw/",
        views.delivery_resend,
        name="delivery_resend",
    ),
    path(
        "notificaties/bezorging/<int:pk>/afgehandeld/",
        views.delivery_dismiss,
        name="delivery_dismiss",
    ),
]
