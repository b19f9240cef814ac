from django.urls import path

from reporting.yearly import confidant, evaluation, views

app_name = "yearly"

urlpatterns = [
    path("jaarverslag/", views.current, name="current"),
    path("jaarverslag/<str:year>/", views.report, name="report"),
    path("jaarverslag/<str:year>/vaststellen/", views.report_adopt, name="adopt"),
    path("jaarverslag/<str:year>/pdf/", views.report_pdf, name="pdf"),
    path("jaarverslag/<str:year>/csv/<slug:key>/", views.report_csv, name="csv"),
    path("jaarverslag/<str:year>/scholing/", views.training_create, name="training_add"),
    path(
        "jaarverslag/<str:year>/scholing/<int:pk>/verwijderen/",
        views.training_delete,
        name="training_remove",
    ),
    path("jaarverslag/<str:year>/aanspreekpersoon/", confidant.contribution, name="contribution"),
    path("protocolevaluatie/", evaluation.protocol_evaluation, name="protocol_evaluation"),
]
