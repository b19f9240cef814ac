"""URLs of the case workspace; included in `cases.urls` (namespace "cases")."""

from django.urls import path

from cases.stappenplan.views import case as views
from cases.stappenplan.views import letters

urlpatterns = [
    path("dossiers/", views.case_list, name="case_list"),
    path("dossiers/<int:pk>/", views.case_detail, name="case_detail"),
    path("dossiers/<int:pk>/stap/", views.case_step, name="case_step"),
    path(
        "dossiers/<int:pk>/handelingsplan/<int:plan_pk>.pdf",
        views.action_plan_download,
        name="action_plan_pdf",
    ),
    path(
        "dossiers/<int:pk>/schorsing/<int:suspension_pk>.pdf",
        views.suspension_letter_download,
        name="suspension_letter_pdf",
    ),
    path("dossiers/<int:pk>/brief-ouders/", letters.parent_letter_make, name="parent_letter"),
    path(
        "dossiers/<int:pk>/brief-ouders/<int:contact_pk>/<slug:kind>.pdf",
        letters.parent_letter_download,
        name="parent_letter_pdf",
    ),
    path(
        "dossiers/<int:pk>/beoordeling/<slug:record>/",
        views.case_judgement,
        name="case_judgement",
    ),
    path("dossiers/<int:pk>/<slug:record>/nieuw/", views.record_create, name="record_create"),
    path(
        "dossiers/<int:pk>/<slug:record>/<int:record_pk>/",
        views.record_edit,
        name="record_edit",
    ),
]
