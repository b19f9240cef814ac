"""URLs of the privacy pages; included in `cases.urls` (namespace "cases")."""

from django.urls import path

from cases.privacy import views

urlpatterns = [
    path("privacy/", views.privacy_page, name="privacy"),
    path("privacy/bewaren/", views.retention_page, name="retention"),
    path(
        "privacy/bewaren/<slug:policy>/bevestigen/",
        views.retention_confirm_view,
        name="retention_confirm",
    ),
]
