from django.urls import path

from cases import views

app_name = "cases"

urlpatterns = [
    path("meldingen/", views.incident_list, name="incident_list"),
]
