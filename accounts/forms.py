from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from django_otp.forms import OTPAuthenticationFormMixin
from two_factor.forms import AuthenticationTokenForm, BackupTokenForm, TOTPDeviceForm

OTP_ERROR_MESSAGES = {
    **OTPAuthenticationFormMixin.otp_error_messages,
    "token_required": _("Enter the six-digit code from your authenticator app."),
    "invalid_token": _(
        "That code is not correct. Enter the six digits your app shows now; "
        "the code changes every 30 seconds."
    ),
    "n_failed_attempts": ngettext_lazy(
        "Codes are refused for a moment because of %(failure_count)d wrong code. "
        "Wait a few seconds and try again.",
        "Codes are refused for a moment because of %(failure_count)d wrong codes. "
        "Wait a few seconds and try again.",
        "failure_count",
    ),
    "verification_not_allowed": _("Codes are refused for a moment. Try again in a minute."),
    "device_required": _(
        "No authenticator app or backup codes are linked to this account. "
        "Ask the directie for help."
    ),
}


class LoginForm(AuthenticationForm):
    """Login step one. Django's form only sets the username's maxlength attribute on the
    widget; a longer username posted anyway would reach authenticate() and the failed-login
    record, whose column it does not fit."""

    # Named: the login wizard passes only the parameters the form's signature names.
    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        username = self.fields["username"]
        username.validators.append(
            MaxLengthValidator(
                username.max_length,
                message=_("A username has at most %(limit_value)d characters."),
            )
        )


class TokenForm(AuthenticationTokenForm):
    """Login step two: the code from the authenticator app."""

    otp_error_messages = OTP_ERROR_MESSAGES

    # Named parameters: the login wizard passes only those the form's signature names.
    def __init__(self, user, initial_device, **kwargs):
        super().__init__(user, initial_device, **kwargs)
        self.fields["otp_token"].label = _("Six-digit code")
        self.fields["otp_token"].widget.attrs["inputmode"] = "numeric"


class BackupCodeForm(BackupTokenForm):
    """Login step two without the phone: one of the single-use backup codes."""

    otp_error_messages = {
        **OTP_ERROR_MESSAGES,
        "token_required": _("Enter one of your backup codes."),
        "invalid_token": _(
            "That backup code is not correct, or it has been used already. "
            "Each backup code works only once."
        ),
    }

    def __init__(self, user, initial_device, **kwargs):
        super().__init__(user, initial_device, **kwargs)
        self.fields["otp_token"].label = _("Backup code")
        self.fields["otp_token"].widget.attrs.update(
            {"autocomplete": "off", "autocapitalize": "none", "spellcheck": "false"}
        )


class SetupTokenForm(TOTPDeviceForm):
    """Setting up the app: the first code it shows proves it was set up right."""

    error_messages = {
        "invalid_token": _(
            "That code is not correct. Check that you scanned the code on this page, then "
            "enter the six digits your app shows now."
        ),
    }

    def __init__(self, key, user, metadata=None, **kwargs):
        super().__init__(key, user, metadata=metadata, **kwargs)
        token = self.fields["token"]
        token.label = _("Six-digit code from the app")
        # A text field with a number keypad: no spinner arrows, leading zeros stay visible.
        token.widget = forms.TextInput(
            attrs={
                "autofocus": True,
                "inputmode": "numeric",
                "pattern": "[0-9]*",
                "autocomplete": "one-time-code",
            }
        )


class TwoFactorDisableForm(forms.Form):
    confirm = forms.BooleanField(label=_("Yes, unlink my authenticator app and backup codes"))


class ReauthenticationForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )

    def __init__(self, *args, request: HttpRequest, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        # Through authenticate(), so wrong passwords count towards the login lockout too.
        user = authenticate(
            self.request, username=self.request.user.get_username(), password=password
        )
        if user is None or user.pk != self.request.user.pk:
            raise forms.ValidationError(
                _("That password is not correct. Enter the password you log in with."),
                code="invalid_password",
            )
        return password
