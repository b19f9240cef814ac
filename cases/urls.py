from django.urls import path

from cases import views, views_pupils

app_name = "cases"

urlpatterns = [
    path("meldingen/", views.incident_list, name="incident_list"),
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

# The stappenplan: verification, the case workspace and its documents, the holidays.
from cases.urls_case import urlpatterns as case_urlpatterns  # noqa: E402

urlpatterns += case_urlpatterns
