"""Reads that depend on who is asking. Every list, count, export and download of incidents
goes through `incidents_visible_to`, so one rule decides visibility everywhere (the rule
itself: `cases.visibility.permissions`)."""

from django.db.models import Prefetch

from accounts.models import User
from cases.models import Attachment, Incident, IncidentQuerySet, IncidentReview, Involvement
from cases.visibility.permissions import objects_visible_to
from protocol.models import FormExample


def incidents_visible_to(user: User) -> IncidentQuerySet:
    return objects_visible_to(user, Incident)


def _involvements_with_pupils() -> Prefetch:
    return Prefetch(
        "involvements",
        queryset=Involvement.objects.select_related("pupil__group").order_by(
            "pupil__group__order", "pupil__first_name", "pupil__last_name", "pk"
        ),
    )


def incidents_for_overview(incidents: IncidentQuerySet) -> IncidentQuerySet:
    """What a list row shows, fetched in a fixed number of queries.

    Takes an already visible queryset: visibility is decided by `incidents_visible_to` only.
    """
    return incidents.select_related("registered_by").prefetch_related(
        _involvements_with_pupils(), "forms"
    )


def incidents_for_detail(incidents: IncidentQuerySet) -> IncidentQuerySet:
    """Everything the detail page shows, fetched in a fixed number of queries."""
    return incidents.select_related("registered_by", "verified_by", "case").prefetch_related(
        _involvements_with_pupils(),
        "forms",
        Prefetch("examples", queryset=FormExample.objects.select_related("form")),
        "platforms",
        "marks",
        Prefetch("attachments", queryset=Attachment.objects.order_by("uploaded_at", "pk")),
        # Who reviewed it in the weekly review (§11.1).
        Prefetch(
            "reviews",
            queryset=IncidentReview.objects.select_related("reviewed_by").order_by(
                "reviewed_at", "pk"
            ),
        ),
    )
