from django.urls import path

from reporting.trends import views

app_name = "trends"

urlpatterns = [
    path("trends/", views.trends, name="page"),
    path("trends/csv/<slug:key>/", views.trends_csv, name="csv"),
]
