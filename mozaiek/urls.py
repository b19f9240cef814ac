from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from mozaiek import views

admin.site.site_header = _("Mozaïek Veilig — technical administration")
admin.site.site_title = _("Mozaïek Veilig — technical administration")
admin.site.index_title = _("Technical administration")

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path(
        "inloggen/",
        auth_views.LoginView.as_view(template_name="accounts/login.html"),
        name="login",
    ),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("cases.urls")),
    path("beheer/", admin.site.urls),
]
