from django.urls import path

from cases import views

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
]
