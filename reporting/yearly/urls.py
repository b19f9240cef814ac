from django.urls import path

from reporting.yearly import confidant, evaluation, views

app_name = "yearly"

urlpatterns = [
    path("jaarverslag/", views.current, name="current"),
    path("jaarverslag/<int:year>/", views.report, name="report"),
    path("jaarverslag/<int:year>/vaststellen/", views.report_adopt, name="adopt"),
    path("jaarverslag/<int:year>/pdf/", views.report_pdf, name="pdf"),
    path("jaarverslag/<int:year>/csv/<slug:key>/", views.report_csv, name="csv"),
    path("jaarverslag/<int:year>/scholing/", views.training_create, name="training_add"),
    path(
        "jaarverslag/<int:year>/scholing/<int:pk>/verwijderen/",
        views.training_delete,
        name="training_remove",
    ),
    path("jaarverslag/<int:year>/aanspreekpersoon/", confidant.contribution, name="contribution"),
    path("protocolevaluatie/", evaluation.protocol_evaluation, name="protocol_evaluation"),
]
