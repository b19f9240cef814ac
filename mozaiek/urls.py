from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from accounts import views as accounts_views
from accounts.urls import two_factor_urlpatterns
from mozaiek import views

handler400 = "mozaiek.errors.bad_request"
handler500 = "mozaiek.errors.server_error"

admin.site.site_header = _("Mozaïek Veilig — technical administration")
admin.site.site_title = _("Mozaïek Veilig — technical administration")
admin.site.index_title = _("Technical administration")

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    # Two-factor login; also reachable as "two_factor:login" below. Field names for scripts
    # and browser tests: auth-username, auth-password, then token-otp_token or
    # backup-otp_token, with the hidden login_view-current_step.
    path("inloggen/", accounts_views.LoginView.as_view(), name="login"),
    path("uitloggen/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include(two_factor_urlpatterns)),
    path("", include("accounts.urls")),
    path("", include("cases.urls")),
    path("", include("confidential.urls")),
    path("", include("reporting.weekly.urls")),
    path("", include("reporting.trends.urls")),
    path("", include("reporting.monitor.urls")),
    path("", include("reporting.yearly.urls")),
    path("", include("reporting.lists.urls")),
    path("beheer/", admin.site.urls),
]
