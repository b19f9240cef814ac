from django.urls import path

from cases import views, views_history, views_notification, views_pupils, views_staff

app_name = "cases"

urlpatterns = [
    path("meldingen/", views.incident_list, name="incident_list"),
    path("meldingen/nieuw/", views.incident_create, name="incident_create"),
    path("meldingen/export/", views.incident_export, name="incident_export"),
    path("meldingen/<int:pk>/", views.incident_detail, name="incident_detail"),
    path(
        "meldingen/<int:pk>/bijlagen/<int:attachment_pk>/",
        views.attachment_download,
        name="attachment_download",
    ),
    path(
        "meldingen/<int:pk>/geschiedenis/",
        views_history.incident_history_view,
        name="incident_history",
    ),
    path("dossiers/<int:pk>/geschiedenis/", views_history.case_history_view, name="case_history"),
    path("medewerkers/", views_staff.staff_list, name="staff_list"),
    path("medewerkers/nieuw/", views_staff.staff_add, name="staff_add"),
    path("medewerkers/<int:pk>/", views_staff.staff_edit, name="staff_edit"),
    path(
        "medewerkers/<int:pk>/deactiveren/", views_staff.staff_deactivate, name="staff_deactivate"
    ),
    path(
        "medewerkers/<int:pk>/heractiveren/", views_staff.staff_reactivate, name="staff_reactivate"
    ),
    path(
        "medewerkers/<int:pk>/wachtwoordlink/", views_staff.staff_send_link, name="staff_send_link"
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
