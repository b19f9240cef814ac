from django.urls import path

from reporting.lists import views

app_name = "lists"

urlpatterns = [
    path("protocollijsten/", views.overview, name="overview"),
    path("protocollijsten/<slug:slug>/", views.items, name="items"),
    path("protocollijsten/<slug:slug>/<int:pk>/", views.item_edit, name="edit"),
    path("protocollijsten/<slug:slug>/<int:pk>/intrekken/", views.item_retire, name="retire"),
]
