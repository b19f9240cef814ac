"""URLs of history and access log; included in `cases.urls` (namespace "cases")."""

from django.urls import path

from cases.visibility import views

urlpatterns = [
    path(
        "meldingen/<int:pk>/geschiedenis/",
        views.incident_history_view,
        name="incident_history",
    ),
    path("dossiers/<int:pk>/geschiedenis/", views.case_history_view, name="case_history"),
]
