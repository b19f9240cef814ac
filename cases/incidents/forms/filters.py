"""The filters on the incident list."""

from typing import Any

from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from cases.incidents.forms.fields import DateInput
from cases.models import (
    Classification,
    IncidentQuerySet,
    IncidentReview,
    Involvement,
    SchoolGroup,
)
from cases.review.weeks import Week
from protocol.models import BullyingForm


class IncidentFilterForm(forms.Form):
    """Filters on the incident list. Invalid values are ignored with a message at the field."""

    LATE_CHOICES = [("", _("All")), ("yes", _("Late")), ("no", _("On time"))]
    REVIEWED_CHOICES = [("", _("All")), ("yes", _("Reviewed")), ("no", _("Not yet reviewed"))]

    group = forms.ModelChoiceField(
        label=_("Group"),
        queryset=SchoolGroup.objects.order_by("order", "name"),
        required=False,
        empty_label=_("All groups"),
    )
    form = forms.ModelChoiceField(
        label=_("Form"),
        queryset=BullyingForm.objects.all(),
        required=False,
        empty_label=_("All forms"),
    )
    classification = forms.ChoiceField(
        label=_("Classification"),
        choices=[("", _("All")), *Classification.choices],
        required=False,
    )
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput())
    late = forms.ChoiceField(label=_("Registered"), choices=LATE_CHOICES, required=False)
    # Reached from the weekoverzicht's "meer" links (§11.1).
    week = forms.CharField(
        label=_("Registered in week"),
        required=False,
        help_text=_("For example 2027-W11."),
    )
    verification = forms.ChoiceField(
        label=_("Verification"),
        choices=[("", _("All")), ("awaiting", _("Awaiting verification"))],
        required=False,
    )
    reviewed = forms.ChoiceField(label=_("Weekly review"), choices=REVIEWED_CHOICES, required=False)

    def clean_week(self) -> Week | None:
        text = self.cleaned_data.get("week", "").strip()
        if not text:
            return None
        week = Week.parse(text)
        if week is None:
            raise forms.ValidationError(_("Enter a week as year and week, for example 2027-W11."))
        return week

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        date_from, date_to = data.get("date_from"), data.get("date_to")
        if date_from and date_to and date_to < date_from:
            self.add_error(
                "date_to", _("The end date is before the start date. Swap the two dates.")
            )
        return data

    def filter(self, incidents: IncidentQuerySet) -> IncidentQuerySet:
        """Apply the valid filters to an already visible queryset."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        if group := data.get("group"):
            incidents = incidents.filter(
                Exists(Involvement.objects.filter(incident=OuterRef("pk"), pupil__group=group))
            )
        if form := data.get("form"):
            incidents = incidents.filter(forms=form)
        if classification := data.get("classification"):
            incidents = incidents.filter(classification=classification)
        if date_from := data.get("date_from"):
            incidents = incidents.filter(occurred_on__gte=date_from)
        if (date_to := data.get("date_to")) and "date_to" not in self.errors:
            incidents = incidents.filter(occurred_on__lte=date_to)
        late = data.get("late")
        if late == "yes":
            incidents = incidents.late()
        elif late == "no":
            incidents = incidents.on_time()
        return self._filter_review(incidents, data)

    @staticmethod
    def _filter_review(incidents: IncidentQuerySet, data: dict[str, Any]) -> IncidentQuerySet:
        if week := data.get("week"):
            incidents = incidents.filter(registered_at__gte=week.start, registered_at__lt=week.end)
        if data.get("verification") == "awaiting":
            incidents = incidents.awaiting_verification()
        reviewed = Exists(IncidentReview.objects.filter(incident=OuterRef("pk")))
        if data.get("reviewed") == "yes":
            incidents = incidents.filter(reviewed)
        elif data.get("reviewed") == "no":
            incidents = incidents.exclude(reviewed)
        return incidents
