"""URLs of incidents; included in `cases.urls` (namespace "cases")."""

from django.urls import path

from cases.incidents import views, views_correct, views_verify

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
    path("meldingen/<int:pk>/verifieren/", views_verify.verify_incident, name="incident_verify"),
    path(
        "meldingen/<int:pk>/corrigeren/",
        views_correct.incident_correct_view,
        name="incident_correct",
    ),
]
