"""The weekly digest for IB and directie (§11.1: registrations are reviewed weekly).

Numbers and links only: it goes out by email, so it names no pupil and no incident detail.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext

from cases.models import REGISTRATION_WINDOW, Incident
from cases.reminders.messages import absolute_url, case_path, incident_path, week_review_path
from cases.reminders.models import Reminder
from cases.reminders.rules import CLOSED_STATE, ESCALATION_KINDS, open_cases
from cases.review.selectors import week_reviews
from cases.review.weeks import Week
from cases.school.calendar import school_calendar
from cases.stappenplan.models import Agreement, Case, ParentContact
from protocol.calendar import SchoolCalendar
from protocol.stappenplan import CaseState


@dataclass(frozen=True)
class DigestLine:
    label: str
    link: str
    due_on: date | None = None


@dataclass
class WeeklyDigest:
    since: datetime
    until: datetime
    to_review: list[DigestLine]
    late: list[DigestLine]
    overdue: list[DigestLine]
    cases_per_step: list[tuple[str, int]]
    escalated: list[DigestLine]
    # §11.1: whether last week's registrations were reviewed, and where to review them.
    review_week: Week | None = None
    reviews: list[tuple[str, datetime]] = field(default_factory=list)
    review_link: str = ""


# The order of the state machine itself: reported, step 1 .. step 8, phasing out.
_STEP_ORDER = [state.value for state in CaseState]


def _step_label(state: str) -> str:
    return str(CaseState(state).label) if state in CaseState.values else state


def _incident_line(pk: int, due_on: date | None = None) -> DigestLine:
    label = gettext("Incident #%(number)s") % {"number": pk}
    return DigestLine(label, absolute_url(incident_path(pk)), due_on)


def _case_line(pk: int, due_on: date | None = None) -> DigestLine:
    label = gettext("Case #%(number)s") % {"number": pk}
    return DigestLine(label, absolute_url(case_path(pk)), due_on)


def digest_build(*, now: datetime) -> WeeklyDigest:
    """The week's registrations, deadlines and cases for IB and directie: numbers and links,
    nothing that names a pupil. A constant number of queries."""
    today = timezone.localdate(now)
    since = now - timedelta(days=7)
    calendar = school_calendar()
    week = Incident.objects.filter(registered_at__gte=since, registered_at__lt=now)
    to_review = [
        _incident_line(pk)
        for pk in week.filter(verified_at__isnull=True).order_by("pk").values_list("pk", flat=True)
    ]
    late = [_incident_line(pk) for pk in week.late().order_by("pk").values_list("pk", flat=True)]
    overdue = _overdue_incidents(now) + _overdue_cases(today, calendar)
    review_week = Week.containing(today).previous
    return WeeklyDigest(
        review_week=review_week,
        reviews=[(str(r.reviewed_by), r.reviewed_at) for r in week_reviews(review_week)],
        review_link=absolute_url(week_review_path(today)),
        since=since,
        until=now,
        to_review=to_review,
        late=late,
        overdue=overdue,
        cases_per_step=_cases_per_step(),
        escalated=_escalated(since, now),
    )


def _overdue_incidents(now: datetime) -> list[DigestLine]:
    """Reports still unverified after the registration window, the longest waiting first."""
    return [
        _incident_line(pk, timezone.localdate(reported_at + REGISTRATION_WINDOW))
        for pk, reported_at in (
            Incident.objects.filter(
                verified_at__isnull=True, reported_at__lte=now - REGISTRATION_WINDOW
            )
            .order_by("reported_at")
            .values_list("pk", "reported_at")
        )
    ]


def _overdue_cases(today: date, calendar: SchoolCalendar) -> list[DigestLine]:
    """Cases with an agreement to evaluate or a parent contact to follow up past its school
    day, one line per case and day, the earliest first."""
    case_dates: set[tuple[int, date]] = set()
    agreements = (
        open_cases(Agreement.objects)
        .filter(is_active=True, evaluated_on__isnull=True, evaluate_on__lt=today)
        .values_list("case_id", "evaluate_on")
    )
    follow_ups = (
        open_cases(ParentContact.objects)
        .filter(follow_up_done_on__isnull=True, follow_up_due__lt=today)
        .values_list("case_id", "follow_up_due")
    )
    for case_id, raw in [*agreements, *follow_ups]:
        due = calendar.next_school_day(raw)
        if due < today:
            case_dates.add((case_id, due))
    return [
        _case_line(case_id, due) for case_id, due in sorted(case_dates, key=lambda x: (x[1], x[0]))
    ]


def _cases_per_step() -> list[tuple[str, int]]:
    """How many open cases are in each step, in the order of the stappenplan."""
    counts = dict(
        Case.objects.exclude(state=CLOSED_STATE)
        .values_list("state")
        .annotate(count=Count("pk"))
        .values_list("state", "count")
    )
    order = {state: index for index, state in enumerate(_STEP_ORDER)}
    return [
        (_step_label(state), counts[state])
        for state in sorted(counts, key=lambda state: (order.get(state, len(order)), state))
    ]


def _escalated(since: datetime, now: datetime) -> list[DigestLine]:
    """Cases and reports escalated this week, one line each."""
    escalated_rows = (
        Reminder.objects.filter(
            kind__in=ESCALATION_KINDS, created_at__gte=since, created_at__lt=now
        )
        .values_list("case_id", "incident_id")
        .distinct()
    )
    return sorted(
        {_case_line(c) if c else _incident_line(i) for c, i in escalated_rows},
        key=lambda line: line.label,
    )
