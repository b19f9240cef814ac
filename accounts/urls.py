from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("account/wachtwoord-bevestigen/", views.reauthenticate, name="reauthenticate"),
    path(
        "account/tweestapsverificatie/reservecodes/nieuw/",
        views.backup_codes_new,
        name="backup_codes_new",
    ),
    path(
        "account/wachtwoord-instellen/<uidb64>/<token>/",
        views.PasswordSetView.as_view(),
        name="password_set",
    ),
    path("account/wachtwoord-ingesteld/", views.password_set_done, name="password_set_done"),
]

# Under the names django-two-factor-auth's own code redirects to ("two_factor:setup", ...).
two_factor_urlpatterns = (
    [
        path("inloggen/", views.LoginView.as_view(), name="login"),
        path("account/tweestapsverificatie/", views.profile, name="profile"),
        path("account/tweestapsverificatie/instellen/", views.SetupView.as_view(), name="setup"),
        path("account/tweestapsverificatie/qr/", views.QRGeneratorView.as_view(), name="qr"),
        path(
            "account/tweestapsverificatie/ingesteld/",
            views.setup_complete,
            name="setup_complete",
        ),
        path(
            "account/tweestapsverificatie/reservecodes/",
            views.backup_codes,
            name="backup_tokens",
        ),
        path(
            "account/tweestapsverificatie/uitschakelen/",
            views.two_factor_disable,
            name="disable",
        ),
    ],
    "two_factor",
)
