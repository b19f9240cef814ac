"""URLs of school data; included in `cases.urls` (namespace "cases")."""

from django.urls import path

from cases.school.views import holidays, pupils, staff

urlpatterns = [
    path("medewerkers/", staff.staff_list, name="staff_list"),
    path("medewerkers/nieuw/", staff.staff_add, name="staff_add"),
    path("medewerkers/<int:pk>/", staff.staff_edit, name="staff_edit"),
    path("medewerkers/<int:pk>/deactiveren/", staff.staff_deactivate, name="staff_deactivate"),
    path("medewerkers/<int:pk>/heractiveren/", staff.staff_reactivate, name="staff_reactivate"),
    path("medewerkers/<int:pk>/wachtwoordlink/", staff.staff_send_link, name="staff_send_link"),
    path("leerlingen/importeren/", pupils.pupil_import, name="pupil_import"),
    path(
        "leerlingen/importeren/<str:token>/",
        pupils.pupil_import_preview,
        name="pupil_import_preview",
    ),
    path(
        "leerlingen/importeren/<str:token>/bevestigen/",
        pupils.pupil_import_confirm,
        name="pupil_import_confirm",
    ),
    path("vakanties/", holidays.holiday_list, name="holiday_list"),
    path("vakanties/<int:pk>/", holidays.holiday_edit, name="holiday_edit"),
    path("vakanties/<int:pk>/verwijderen/", holidays.holiday_remove, name="holiday_remove"),
]
