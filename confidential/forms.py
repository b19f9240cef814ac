from typing import Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms.boundfield import BoundField
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.incidents.forms import IncidentForm
from cases.models import ReporterKind as IncidentReporterKind
from confidential.models import (
    CONTACT_MAX_LENGTH,
    MESSAGE_MAX_LENGTH,
    NAME_MAX_LENGTH,
    ConfidentialReport,
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


# Who reported it, as the school may know it: an anonymous report stays anonymous, and
# someone else (a neighbour, a grandparent) is for the confidant to describe.
_INCIDENT_REPORTER_KIND = {
    ReporterKind.PUPIL: IncidentReporterKind.PUPIL,
    ReporterKind.PARENT: IncidentReporterKind.PARENT,
    ReporterKind.STAFF: IncidentReporterKind.COLLEAGUE,
}


def incident_reporter_kind_for(report: ConfidentialReport) -> str:
    if report.is_anonymous:
        return IncidentReporterKind.ANONYMOUS
    return _INCIDENT_REPORTER_KIND.get(report.reporter_kind, "")


class IncidentForwardForm(IncidentForm):
    """The incident form as the confidant fills it in to pass a report on to the school.

    Starts empty but for the moment the report came in and who made it; never with the
    report's message or the reporter's name. No attachments: nothing of the report is carried
    over, and the incident's files are the school's to add.
    """

    description = LongTextField(
        label=_("What happened?"),
        help_text=_(
            "Write only what the school needs to know and what the reporter agreed to. "
            "The original message and the conversation stay with you."
        ),
        too_long=_TOO_LONG_STAFF,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Describe what happened.")},
    )

    def __init__(self, *args: Any, report: ConfidentialReport, **kwargs: Any) -> None:
        received = timezone.localtime(report.created_at)
        kwargs["initial"] = {
            "occurred_on": received.date(),
            "reported_at": received.replace(second=0, microsecond=0),
            "reporter_kind": incident_reporter_kind_for(report),
            **kwargs.get("initial", {}),
        }
        super().__init__(*args, **kwargs)
        for name in ("files", "pending", "remove_pending"):
            del self.fields[name]
        reported_at = self.fields["reported_at"]
        # The 24 hours count from when the report reached the school: not for the form to move.
        reported_at.disabled = True
        reported_at.label = _("Report received at")
        reported_at.help_text = _(
            "When the report reached you. The 24 hours for registering count from this moment."
        )
        self.fields["occurred_on"].help_text = _("On or before the day the report reached you.")
        self.fields["reporter_name"].help_text = _(
            "Only if the reporter agreed that the school may know their name."
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        # The moment of the report is fixed, so a clash is fixed on the date it happened.
        if self.errors.pop("reported_at", None):
            self.add_error("occurred_on", occurred_after_report_error())
        return data

    @property
    def has_field_errors(self) -> bool:
        return any(name != NON_FIELD_ERRORS for name in self.errors)

    def service_kwargs(self) -> dict[str, Any]:
        kwargs = super().service_kwargs()
        del kwargs["reported_at"]
        return kwargs


def occurred_after_report_error() -> ValidationError:
    return ValidationError(
        _(
            "This is after the report reached you. Enter the day (and time) it happened: "
            "before the report came in."
        ),
        code="occurred_after_report",
    )
