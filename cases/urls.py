from django.urls import path

from cases import views, views_pupils

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
]
