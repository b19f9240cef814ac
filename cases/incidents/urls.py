"""URLs of incidents; included in `cases.urls` (namespace "cases")."""

from django.urls import path

from cases.incidents.views import correct, incidents, verify

urlpatterns = [
    path("meldingen/", incidents.incident_list, name="incident_list"),
    path("meldingen/nieuw/", incidents.incident_create, name="incident_create"),
    path("meldingen/export/", incidents.incident_export, name="incident_export"),
    path("meldingen/<int:pk>/", incidents.incident_detail, name="incident_detail"),
    path(
        "meldingen/<int:pk>/bijlagen/<int:attachment_pk>/",
        incidents.attachment_download,
        name="attachment_download",
    ),
    path("meldingen/<int:pk>/verifieren/", verify.verify_incident, name="incident_verify"),
    path("meldingen/<int:pk>/corrigeren/", correct.incident_correct_view, name="incident_correct"),
]
