import time
from collections.abc import Callable
from functools import wraps
from urllib.parse import urlencode

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp.plugins.otp_static.models import StaticToken
from two_factor import views as two_factor_views
from two_factor.utils import default_device, get_otpauth_url
from two_factor.views.utils import IdempotentSessionWizardView

from accounts.forms import (
    BackupCodeForm,
    LoginForm,
    ReauthenticationForm,
    SetupTokenForm,
    TokenForm,
    TwoFactorDisableForm,
)
from accounts.security import (
    SESSION_NEW_BACKUP_CODES,
    SESSION_SETUP_STARTED_AT,
    TWO_FACTOR_SETUP_WINDOW,
    reauthenticated_recently,
    session_mark_login,
    session_mark_reauthenticated,
)
from accounts.services import (
    backup_codes_regenerate,
    two_factor_devices_remove,
    user_requires_two_factor,
)

View = Callable[..., HttpResponse]


def _reauthenticate_first(request: HttpRequest) -> HttpResponse:
    # After a POST the user comes back to the page, not to a half-done form submission.
    next_url = request.get_full_path() if request.method == "GET" else request.path
    query = urlencode({"next": next_url}, safe="/")
    return redirect(f"{reverse('accounts:reauthenticate')}?{query}")


def reauthentication_required(view: View) -> View:
    """The password must have been entered (at login or on the confirm-password page) within
    the last REAUTHENTICATION_MAX_AGE seconds: someone who finds a teacher's computer unlocked
    cannot change how that teacher logs in."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not reauthenticated_recently(request):
            return _reauthenticate_first(request)
        return view(request, *args, **kwargs)

    return wrapped


class LoginView(two_factor_views.LoginView):
    """Username and password, then the code from the authenticator app when the user has one
    (or a backup code). Users without an app log in with the first step alone."""

    form_list = (
        (two_factor_views.LoginView.AUTH_STEP, LoginForm),
        (two_factor_views.LoginView.TOKEN_STEP, TokenForm),
        (two_factor_views.LoginView.BACKUP_STEP, BackupCodeForm),
    )

    def get_form(self, step=None, **kwargs):
        if (step or self.steps.current) == self.TOKEN_STEP:
            # two_factor would pick its own form per device type; TOTP is the only type here.
            self.form_list[self.TOKEN_STEP] = TokenForm
            return IdempotentSessionWizardView.get_form(self, step, **kwargs)
        return super().get_form(step, **kwargs)

    def done(self, form_list, **kwargs):
        response = super().done(form_list, **kwargs)
        session_mark_login(self.request)
        return response


@method_decorator([never_cache, login_required], name="dispatch")
class SetupView(two_factor_views.SetupView):
    """Link an authenticator app: instructions, then the QR code and the first code.

    Opening it needs a fresh password; once open, the teacher has TWO_FACTOR_SETUP_WINDOW to
    install the app and finish. Finishing creates the backup codes, shown once on the next page.
    """

    def dispatch(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if default_device(request.user) is not None:
            # Moving to another phone goes through unlinking the current app first.
            return redirect("two_factor:profile")
        session = request.session
        if request.method == "GET":
            if not reauthenticated_recently(request):
                return _reauthenticate_first(request)
            session[SESSION_SETUP_STARTED_AT] = time.time()
        else:
            started_at = session.get(SESSION_SETUP_STARTED_AT)
            if started_at is None or time.time() - started_at >= TWO_FACTOR_SETUP_WINDOW:
                return _reauthenticate_first(request)
        return super().dispatch(request, *args, **kwargs)

    def get_form_list(self):
        form_list = super().get_form_list()
        if "generator" in form_list:
            form_list["generator"] = SetupTokenForm
        return form_list

    def get_context_data(self, form, **kwargs):
        context = super().get_context_data(form, **kwargs)
        if self.steps.current == "generator":
            secret = context["secret_key"]
            issuer = settings.TWO_FACTOR_ISSUER
            context["issuer"] = issuer
            context["otpauth_url"] = get_otpauth_url(
                self.request.user.get_username(), secret, issuer
            )
            context["secret_key_groups"] = [secret[i : i + 4] for i in range(0, len(secret), 4)]
        context["two_factor_required"] = user_requires_two_factor(self.request.user)
        return context

    def done(self, form_list, **kwargs):
        super().done(form_list, **kwargs)
        session = self.request.session
        session.pop(SESSION_SETUP_STARTED_AT, None)
        session[SESSION_NEW_BACKUP_CODES] = backup_codes_regenerate(user=self.request.user)
        return redirect("two_factor:setup_complete")


class QRGeneratorView(two_factor_views.QRGeneratorView):
    def get_issuer(self) -> str:
        return settings.TWO_FACTOR_ISSUER


def _backup_codes_remaining(request: HttpRequest) -> int:
    return StaticToken.objects.filter(device__user=request.user).count()


@require_GET
@login_required
def setup_complete(request: HttpRequest) -> HttpResponse:
    if not request.user.is_verified():
        return redirect("two_factor:profile")
    return render(
        request,
        "two_factor/core/setup_complete.html",
        {"backup_codes": request.session.pop(SESSION_NEW_BACKUP_CODES, None)},
    )


@require_GET
@login_required
def profile(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "two_factor/profile/profile.html",
        {
            "device": default_device(request.user),
            "verified": request.user.is_verified(),
            "backup_codes_remaining": _backup_codes_remaining(request),
            "two_factor_required": user_requires_two_factor(request.user),
        },
    )


def _verified_or_redirect(request: HttpRequest) -> HttpResponse | None:
    if request.user.is_verified():
        return None
    if default_device(request.user) is None:
        return redirect("two_factor:profile")
    return redirect_to_login(request.get_full_path())


@require_GET
@reauthentication_required
def backup_codes(request: HttpRequest) -> HttpResponse:
    """How many backup codes are left, and new codes once, right after they were made."""
    if (response := _verified_or_redirect(request)) is not None:
        return response
    return render(
        request,
        "two_factor/core/backup_tokens.html",
        {
            "backup_codes": request.session.pop(SESSION_NEW_BACKUP_CODES, None),
            "backup_codes_remaining": _backup_codes_remaining(request),
        },
    )


@require_POST
@reauthentication_required
def backup_codes_new(request: HttpRequest) -> HttpResponse:
    if (response := _verified_or_redirect(request)) is not None:
        return response
    request.session[SESSION_NEW_BACKUP_CODES] = backup_codes_regenerate(user=request.user)
    return redirect("two_factor:backup_tokens")


@require_http_methods(["GET", "POST"])
@reauthentication_required
def two_factor_disable(request: HttpRequest) -> HttpResponse:
    if (response := _verified_or_redirect(request)) is not None:
        return response
    required = user_requires_two_factor(request.user)
    form = TwoFactorDisableForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        two_factor_devices_remove(user=request.user)
        if required:
            messages.success(
                request, _("Your authenticator app is unlinked. Now set up the app on your phone.")
            )
            return redirect("two_factor:setup")
        messages.success(request, _("Two-step verification is switched off."))
        return redirect("two_factor:profile")
    return render(
        request, "two_factor/profile/disable.html", {"form": form, "two_factor_required": required}
    )


@require_http_methods(["GET", "POST"])
@login_required
def reauthenticate(request: HttpRequest) -> HttpResponse:
    """Enter the password again before changing how you log in."""
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = ""
    form = ReauthenticationForm(request.POST if request.method == "POST" else None, request=request)
    if request.method == "POST" and form.is_valid():
        # As after a successful login: earlier typos no longer count towards a lockout.
        axes_reset(username=request.user.get_username())
        session_mark_reauthenticated(request)
        return redirect(next_url or "two_factor:profile")
    return render(request, "accounts/reauthenticate.html", {"form": form, "next": next_url})


@method_decorator(never_cache, name="dispatch")
class PasswordSetView(auth_views.PasswordResetConfirmView):
    """A new staff member chooses their password through the link the directie had sent
    (accounts.services.password_set_link_send). The link works once."""

    template_name = "accounts/password_set.html"
    success_url = reverse_lazy("accounts:password_set_done")
    post_reset_login = False

    def get_user(self, uidb64: str):
        user = super().get_user(uidb64)
        # A deactivated account cannot be opened again through an old link.
        return user if user is not None and user.is_active else None


def password_set_done(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/password_set_done.html")
