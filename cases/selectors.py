"""Reads that depend on who is asking. Every list, count, export and download of incidents
goes through `incidents_visible_to`, so one rule decides visibility everywhere."""

from accounts.models import User
from cases.models import Incident, IncidentQuerySet


def incidents_visible_to(user: User) -> IncidentQuerySet:
    if not user.is_authenticated or not user.is_active:
        return Incident.objects.none()
    # Until object permissions land, every active staff member sees every incident.
    return Incident.objects.all()
