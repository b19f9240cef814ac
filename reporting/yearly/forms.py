"""The forms of the yearly report."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.incidents.forms.fields import DateInput


class YearReportForm(forms.Form):
    conclusions = forms.CharField(
        label=_("Conclusions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("What the figures, the monitor and the year's cases tell about safety."),
    )
    measures = forms.CharField(
        label=_("Measures for next year"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("How the school adjusts its policy (§3.2)."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class TrainingForm(forms.Form):
    held_on = forms.DateField(label=_("Date"), widget=DateInput())
    subject = forms.CharField(label=_("Subject"), max_length=200)
    participants = forms.CharField(
        label=_("Who took part"),
        max_length=300,
        help_text=_("For example “the whole team” or “the teachers of groep 5 to 8”."),
    )


class ContributionForm(forms.Form):
    text = forms.CharField(
        label=_("Your text for the yearly report"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Signals and trends you noticed this year, without anything that could identify "
            "a reporter."
        ),
    )


class ProtocolEvaluationForm(forms.Form):
    evaluated_on = forms.DateField(label=_("Evaluated on"), widget=DateInput())
    outcome = forms.CharField(
        label=_("Outcome"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What was decided: kept as it is, or which parts were revised."),
    )
    next_due = forms.DateField(
        label=_("Next evaluation due"),
        required=False,
        widget=DateInput(),
        help_text=_("Leave empty for four years after this evaluation (§12)."),
    )
