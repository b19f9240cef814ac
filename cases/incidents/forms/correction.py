"""The form for correcting a registered incident (art. 16 AVG).

The registration form with the incident's values filled in, a required reason, and the moment
it was reported shown but fixed: the 24 hours for registering counted from it. Checklist
items and pupils that are no longer in use stay choosable when the incident already has them.
"""

from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from cases.incidents.forms.incident import IncidentForm
from cases.incidents.forms.involvements import PupilChoices
from cases.models import Incident, Pupil


class CorrectionForm(IncidentForm):
    reason = forms.CharField(
        label=_("Why is the incident corrected?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: the parents pointed out a mistake. The earlier version is kept."),
        error_messages={"required": _("Say why the incident is corrected.")},
    )

    def __init__(self, *args: Any, user: User, incident: Incident, **kwargs: Any) -> None:
        kwargs.setdefault("initial", _initial(incident))
        super().__init__(*args, user=user, **kwargs)
        self.incident = incident
        self.fields["reported_at"].disabled = True
        self.fields["reported_at"].help_text = ""
        for name, relation in (
            ("bullying_forms", "forms"),
            ("examples", "examples"),
            ("platforms", "platforms"),
            ("marks", "marks"),
        ):
            field = self.fields[name]
            current = getattr(incident, relation).values("pk")
            field.queryset = field.queryset.model.objects.filter(
                Q(pk__in=field.queryset.values("pk")) | Q(pk__in=current)
            ).select_related(*(["form"] if name == "examples" else []))

    def service_kwargs(self) -> dict[str, Any]:
        kwargs = super().service_kwargs()
        del kwargs["reported_at"]
        return {**kwargs, "reason": self.cleaned_data["reason"]}


def _initial(incident: Incident) -> dict[str, Any]:
    return {
        "occurred_on": incident.occurred_on,
        "occurred_time": incident.occurred_time,
        "reported_at": incident.reported_at,
        "reporter_kind": incident.reporter_kind,
        "reporter_name": incident.reporter_name,
        "location": incident.location,
        "description": incident.description,
        "bullying_forms": list(incident.forms.all()),
        "examples": list(incident.examples.all()),
        "platforms": list(incident.platforms.all()),
        "digital_description": incident.digital_description,
        "marks": list(incident.marks.all()),
        "classification": incident.classification,
        "severity": incident.severity,
    }


def pupil_choices_for(incident: Incident) -> PupilChoices:
    """The active pupils, and the incident's own pupils also when they have left."""
    pupils = list(
        Pupil.objects.filter(Q(left_on__isnull=True) | Q(involvements__incident=incident))
        .distinct()
        .select_related("group")
        .order_by("group__order", "group__name", "group_id", "first_name", "last_name", "pk")
    )
    pupils.sort(key=lambda pupil: pupil.group_id is None)
    return PupilChoices(pupils)


def involvement_initial(incident: Incident) -> list[dict[str, Any]]:
    return [
        {"pupil": str(involvement.pupil_id), "role": involvement.role}
        for involvement in incident.involvements.order_by("pk")
    ]
