from django import forms
from django.forms.boundfield import BoundField
from django.utils.translation import gettext_lazy as _

from confidential.models import (
    CONTACT_MAX_LENGTH,
    MESSAGE_MAX_LENGTH,
    NAME_MAX_LENGTH,
    ForwardRecipient,
    ReporterKind,
    ReportStatus,
)

WRONG_CODE = _("We do not know this code. Check the code and try again.")

_TOO_LONG_MESSAGE = _(
    "Your message is too long: at most %(limit_value)s characters, and now it has "
    "%(show_value)s. Make it a bit shorter, or tell the rest later in a new message "
    "with your code."
)
_TOO_LONG_STAFF = _(
    "This text is too long: at most %(limit_value)s characters (it now has %(show_value)s)."
)


class LongTextField(forms.CharField):
    """A text area limited to MESSAGE_MAX_LENGTH, counting a line break as one character
    as the browser does."""

    def __init__(self, *, too_long=_TOO_LONG_MESSAGE, **kwargs):
        kwargs.setdefault("max_length", MESSAGE_MAX_LENGTH)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 6}))
        error_messages = {"max_length": too_long, **kwargs.pop("error_messages", {})}
        super().__init__(error_messages=error_messages, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return value.replace("\r\n", "\n") if value else value


class _BootstrapBoundField(BoundField):
    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        if self.errors:
            widget = widget or self.field.widget
            attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()
        return attrs


class HoneypotForm(forms.Form):
    """A public form with a field people never see (hidden by a CSS class) and simple robots
    fill in. Widgets carry Bootstrap's classes, as the public pages render fields by hand."""

    bound_field_class = _BootstrapBoundField

    subject = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name != "subject":
                field.widget.attrs.setdefault(
                    "class",
                    "form-check-input"
                    if isinstance(field.widget, forms.RadioSelect)
                    else "form-control form-control-lg",
                )

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get("subject", "").strip())


class ReportForm(HoneypotForm):
    reporter_kind = forms.ChoiceField(
        label=_("Who are you?"),
        choices=[
            (ReporterKind.PUPIL, _("I am a pupil")),
            (ReporterKind.PARENT, _("I am a parent or carer")),
            (ReporterKind.STAFF, _("I work at the school")),
            (ReporterKind.OTHER, _("Someone else")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose who you are.")},
    )
    message = LongTextField(
        label=_("What is going on?"),
        help_text=_(
            "Tell it in your own words. What happened, where, and who was there? "
            "At most 5,000 characters."
        ),
        error_messages={"required": _("Write down what is going on. A few words is enough.")},
    )
    is_anonymous = forms.TypedChoiceField(
        label=_("Do you want to give your name?"),
        choices=[
            ("yes", _("No, I want to stay anonymous")),
            ("no", _("Yes, with my name")),
        ],
        coerce=lambda value: value == "yes",
        initial="yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose whether you want to give your name.")},
    )
    reporter_name = forms.CharField(
        label=_("Your name"),
        max_length=NAME_MAX_LENGTH,
        required=False,
        error_messages={
            "max_length": _(
                "Your name is too long: at most %(limit_value)s characters (now %(show_value)s)."
            )
        },
    )
    reporter_contact = forms.CharField(
        label=_("Your email address or phone number"),
        help_text=_("Only if you want the confidential contact person to email or call you."),
        max_length=CONTACT_MAX_LENGTH,
        required=False,
        error_messages={
            "max_length": _(
                "This is too long: at most %(limit_value)s characters (now %(show_value)s)."
            )
        },
    )
    consent_to_forward = forms.TypedChoiceField(
        label=_("May the confidential contact person pass this on (in part) to the school?"),
        help_text=_(
            "Only what is needed, and only the part you agree to. You can change your mind "
            "later with your code."
        ),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose yes or no.")},
    )

    field_order = [
        "reporter_kind",
        "message",
        "is_anonymous",
        "reporter_name",
        "reporter_contact",
        "consent_to_forward",
        "subject",
    ]

    def clean(self):
        cleaned = super().clean()
        anonymous = cleaned.get("is_anonymous")
        name = (cleaned.get("reporter_name") or "").strip()
        contact = (cleaned.get("reporter_contact") or "").strip()
        if anonymous is True and (name or contact):
            # Nothing that identifies the reporter is kept unless they clearly chose to give it.
            self.add_error(
                "reporter_name" if name else "reporter_contact",
                _(
                    "You chose to stay anonymous, but you also filled in your name or contact "
                    "details. Remove them, or choose “Yes, with my name”."
                ),
            )
        if anonymous is False and not name and "reporter_name" not in self.errors:
            self.add_error(
                "reporter_name",
                _("Fill in your name, or choose “No, I want to stay anonymous”."),
            )
        return cleaned


class CodeForm(HoneypotForm):
    code = forms.CharField(
        label=_("Your code"),
        help_text=_("For example K7QF-2M9X-HT4P-Z8RD. Capitals and dashes do not matter."),
        max_length=40,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
            }
        ),
        error_messages={"required": WRONG_CODE, "max_length": WRONG_CODE},
    )


class FollowUpMessageForm(HoneypotForm):
    body = LongTextField(
        label=_("Your message"),
        error_messages={"required": _("Write your message first.")},
    )


class ConsentForm(HoneypotForm):
    consent_to_forward = forms.TypedChoiceField(
        label=_("May the confidential contact person pass this on (in part) to the school?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose yes or no.")},
    )


class ReplyForm(forms.Form):
    body = LongTextField(
        label=_("Reply to the reporter"),
        help_text=_("The reporter reads this with their follow-up code."),
        too_long=_TOO_LONG_STAFF,
        error_messages={"required": _("Write a reply first.")},
    )


class NoteForm(forms.Form):
    body = LongTextField(
        label=_("Note for yourself"),
        help_text=_("Only you can read your notes. The reporter does not see them."),
        too_long=_TOO_LONG_STAFF,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write a note first.")},
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ReportStatus.choices)


class ForwardForm(forms.Form):
    recipient = forms.ChoiceField(
        label=_("Pass on to"),
        choices=ForwardRecipient.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose who to pass this on to.")},
    )
    text = LongTextField(
        label=_("Text to pass on"),
        help_text=_(
            "Write only what the school needs to know and what the reporter agreed to. "
            "The original message and the conversation stay with you."
        ),
        too_long=_TOO_LONG_STAFF,
        error_messages={"required": _("Write the text you want to pass on.")},
    )
