from django.urls import path

from reporting.monitor import views

app_name = "monitor"

urlpatterns = [
    path("monitor/", views.monitor, name="page"),
    path("monitor/importeren/", views.monitor_import, name="import"),
    path("monitor/<int:pk>/verwijderen/", views.monitor_delete, name="delete"),
]
