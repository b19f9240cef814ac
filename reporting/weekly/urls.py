"""URLs of the weekly review (namespace "reporting")."""

from django.urls import path

from reporting.weekly import views

app_name = "reporting"

urlpatterns = [
    path("weekoverzicht/", views.week_overview, name="week"),
    path("weekoverzicht/beoordelen/", views.week_review, name="week_review"),
    path("weekoverzicht/export/", views.week_export, name="week_export"),
    path(
        "weekoverzicht/meldingen/<int:pk>/beoordelen/",
        views.incident_review,
        name="incident_review",
    ),
]
