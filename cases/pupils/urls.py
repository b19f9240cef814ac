"""URLs of the pupil's record; included in `cases.urls` (namespace "cases")."""

from django.urls import path

from cases.pupils import views

urlpatterns = [
    path("leerlingen/", views.pupil_list, name="pupil_list"),
    path("leerlingen/<int:pk>/", views.pupil_detail, name="pupil_detail"),
    path("leerlingen/<int:pk>/toegang/", views.pupil_accesses, name="pupil_accesses"),
    path("leerlingen/<int:pk>/inzage/", views.pupil_inzage, name="pupil_inzage"),
    path("leerlingen/<int:pk>/overdracht/", views.pupil_transfer, name="pupil_transfer"),
    path("leerlingen/<int:pk>/reactie/", views.pupil_comment_record, name="pupil_comment_record"),
    path("leerlingen/<int:pk>/signalen/", views.pupil_signals_record, name="pupil_signals_record"),
]
