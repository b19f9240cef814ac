"""Forms of the pupil's record."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.incidents.forms import DateInput
from cases.models import SIGNAL_NOTE_MAX_LENGTH
from protocol.models import Signal, SignalKind


class PupilSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name or student number"),
        max_length=100,
        required=False,
        strip=True,
    )


class SignalObservationForm(forms.Form):
    """Signals of §6.1 and §6.2 observed in a pupil on a day, with an optional note."""

    signals = forms.ModelMultipleChoiceField(
        label=_("Signals you observed"),
        queryset=Signal.objects.filter(is_active=True),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Tick at least one signal.")},
    )
    observed_on = forms.DateField(
        label=_("Observed on"),
        initial=timezone.localdate,
        widget=DateInput(),
        error_messages={
            "required": _("Enter the date."),
            "invalid": _("Enter a date, for example 14-03-2027."),
        },
    )
    note = forms.CharField(
        label=_("Note (optional)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=SIGNAL_NOTE_MAX_LENGTH,
        help_text=_("What you saw, in facts. Not a diagnosis."),
    )

    def signals_by_kind(self) -> list[tuple[str, list]]:
        """The checkboxes under a heading per list (§6.1 bullies, §6.2 victims)."""
        grouped: dict[str, list] = {}
        for choice in self["signals"]:
            grouped.setdefault(choice.data["value"].instance.kind, []).append(choice)
        return [(SignalKind(kind).label, choices) for kind, choices in grouped.items()]


class TransferForm(forms.Form):
    """What the school passes on to a pupil's new school."""

    sections = forms.MultipleChoiceField(
        label=_("Pass on"),
        choices=[
            ("incidents", _("Incidents and the pupil's role in them")),
            ("cases", _("Cases and their step")),
            ("conversations", _("Conversations with the pupil")),
            ("agreements", _("Agreements and whether they were kept")),
            ("contacts", _("Contacts with the parents")),
            ("measures", _("Measures (placement, suspension)")),
            ("signals", _("Signals observed")),
            ("corrections", _("Corrections")),
        ],
        widget=forms.CheckboxSelectMultiple,
        initial=["incidents", "cases", "agreements", "measures"],
        error_messages={"required": _("Choose at least one part of the record.")},
    )


class ParentCommentForm(forms.Form):
    given_by = forms.CharField(
        label=_("Given by"),
        max_length=200,
        help_text=_("For example: the mother of the pupil."),
        error_messages={"required": _("Say who gave the comment.")},
    )
    received_on = forms.DateField(
        label=_("Received on"),
        initial=timezone.localdate,
        widget=DateInput(),
        error_messages={
            "required": _("Enter the date."),
            "invalid": _("Enter a date, for example 14-03-2027."),
        },
    )
    text = forms.CharField(
        label=_("The parent's comment"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=10000,
        error_messages={"required": _("Enter the comment.")},
    )
