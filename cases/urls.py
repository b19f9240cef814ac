from django.urls import path

from cases import views, views_notification, views_pupils

app_name = "cases"

urlpatterns = [
    path("meldingen/", views.incident_list, name="incident_list"),
    path("meldingen/nieuw/", views.incident_create, name="incident_create"),
    path("meldingen/<int:pk>/", views.incident_detail, name="incident_detail"),
    path(
        "meldingen/<int:pk>/bijlagen/<int:attachment_pk>/",
        views.attachment_download,
        name="attachment_download",
    ),
    path("leerlingen/importeren/", views_pupils.pupil_import, name="pupil_import"),
    path(
        "leerlingen/importeren/<str:token>/",
        views_pupils.pupil_import_preview,
        name="pupil_import_preview",
    ),
    path(
        "leerlingen/importeren/<str:token>/bevestigen/",
        views_pupils.pupil_import_confirm,
        name="pupil_import_confirm",
    ),
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

# The stappenplan: verification, the case workspace and its documents, the holidays.
from cases.urls_case import urlpatterns as case_urlpatterns  # noqa: E402

urlpatterns += case_urlpatterns
