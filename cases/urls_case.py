"""URLs of the stappenplan: verification, the case workspace and its documents, the holidays.

Included in `cases.urls` (namespace "cases")."""

from django.urls import path

from cases import views_case, views_holidays, views_verify

urlpatterns = [
    path("meldingen/<int:pk>/verifieren/", views_verify.verify_incident, name="incident_verify"),
    path("dossiers/", views_case.case_list, name="case_list"),
    path("dossiers/<int:pk>/", views_case.case_detail, name="case_detail"),
    path("dossiers/<int:pk>/stap/", views_case.case_step, name="case_step"),
    path(
        "dossiers/<int:pk>/handelingsplan/<int:plan_pk>.pdf",
        views_case.action_plan_download,
        name="action_plan_pdf",
    ),
    path(
        "dossiers/<int:pk>/schorsing/<int:suspension_pk>.pdf",
        views_case.suspension_letter_download,
        name="suspension_letter_pdf",
    ),
    path(
        "dossiers/<int:pk>/beoordeling/<slug:record>/",
        views_case.case_judgement,
        name="case_judgement",
    ),
    path("dossiers/<int:pk>/<slug:record>/nieuw/", views_case.record_create, name="record_create"),
    path(
        "dossiers/<int:pk>/<slug:record>/<int:record_pk>/",
        views_case.record_edit,
        name="record_edit",
    ),
    path("vakanties/", views_holidays.holiday_list, name="holiday_list"),
    path("vakanties/<int:pk>/", views_holidays.holiday_edit, name="holiday_edit"),
    path("vakanties/<int:pk>/verwijderen/", views_holidays.holiday_remove, name="holiday_remove"),
]
