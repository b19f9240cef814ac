"""The weekoverzicht's filters and the review form."""

from typing import Any

from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from cases.models import Classification, IncidentQuerySet, IncidentReview, Involvement, SchoolGroup


class WeekFilterForm(forms.Form):
    """Filters on the week's registrations. Invalid values are ignored with a message."""

    group = forms.ModelChoiceField(
        label=_("Group"),
        queryset=SchoolGroup.objects.order_by("order", "name"),
        required=False,
        empty_label=_("All groups"),
    )
    classification = forms.ChoiceField(
        label=_("Classification"),
        choices=[("", _("All")), *Classification.choices],
        required=False,
    )
    late = forms.BooleanField(label=_("Late only"), required=False)
    not_reviewed = forms.BooleanField(label=_("Not yet reviewed"), required=False)

    def cleaned(self) -> dict[str, Any]:
        self.is_valid()
        return getattr(self, "cleaned_data", {})

    def filter(self, incidents: IncidentQuerySet) -> IncidentQuerySet:
        """Apply the valid filters to an already visible queryset."""
        data = self.cleaned()
        if group := data.get("group"):
            incidents = incidents.filter(
                Exists(Involvement.objects.filter(incident=OuterRef("pk"), pupil__group=group))
            )
        if classification := data.get("classification"):
            incidents = incidents.filter(classification=classification)
        if data.get("late"):
            incidents = incidents.late()
        if data.get("not_reviewed"):
            incidents = incidents.exclude(
                Exists(IncidentReview.objects.filter(incident=OuterRef("pk")))
            )
        return incidents

    def list_params(self) -> dict[str, str]:
        """The same filters as parameters of the incident list (for "meer")."""
        data = self.cleaned()
        params = {}
        if data.get("group"):
            params["group"] = str(data["group"].pk)
        if data.get("classification"):
            params["classification"] = data["classification"]
        if data.get("late"):
            params["late"] = "yes"
        return params


class WeekReviewForm(forms.Form):
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
