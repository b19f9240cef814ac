"""The open deadlines of a case: resolving them and copying the earliest onto the case."""

from collections.abc import Iterable

from django.db import models
from django.utils import timezone

from cases.models import Case, CaseDeadline, DeadlineResolution
from cases.reminders.services import reminders_request_sweep
from cases.visibility.history import update_with_history
from protocol.stappenplan import DeadlineRule


def open_deadlines(case: Case) -> models.QuerySet[CaseDeadline]:
    return CaseDeadline.objects.filter(case=case, resolved_at__isnull=True)


def resolve_deadlines(
    case: Case, kinds: Iterable[DeadlineRule], resolution: DeadlineResolution
) -> None:
    update_with_history(
        open_deadlines(case).filter(kind__in=list(kinds)),
        user=None,
        resolved_at=timezone.now(),
        resolution=resolution,
    )


def refresh_next_deadline(case: Case) -> None:
    """Copy the earliest open deadline onto the case, for lists and reminders, and have the
    reminders look at the new deadlines once this save has committed."""
    reminders_request_sweep()
    first = open_deadlines(case).order_by("due_on", "pk").first()
    due, kind = (first.due_on, first.kind) if first else (None, "")
    if (case.next_deadline, case.next_deadline_kind) != (due, kind):
        case.next_deadline, case.next_deadline_kind = due, kind
        # A save of these two fields only (no new version, no "changed at"), so that the
        # case's history, teachers included, records it.
        case.save(update_fields=["next_deadline", "next_deadline_kind"])
