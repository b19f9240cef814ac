"""Which reminders are due at a moment: the protocol's deadlines read from the database.

Reads only. Each rule turns the records that carry a deadline into `Deadline`s addressed to
an audience (the case's teachers, a role, one user); `reminders_due` resolves the audiences to
people and drops what may not be sent today. A constant number of queries, however many
records.
"""

import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from accounts.models import Role, User
from cases.models import REGISTRATION_WINDOW, Incident, Severity
from cases.reminders.models import Reminder, ReminderKind
from cases.review.selectors import repeat_involvement, repeat_window_ending
from cases.school.calendar import school_calendar
from cases.stappenplan.models import (
    ActionPlan,
    Agreement,
    Case,
    ParentContact,
    Placement,
    Suspension,
)
from protocol.calendar import SchoolCalendar
from protocol.models import ProtocolEvaluation
from protocol.stappenplan import CaseState

logger = logging.getLogger(__name__)

CLOSED_STATE = CaseState.CLOSED
ESCALATE_AFTER_SCHOOL_DAYS = 2
# How far ahead to look for deadlines whose reminder comes a school day earlier: far enough
# to reach across the summer holiday.
LOOKAHEAD = timedelta(days=70)
DIGEST_TIME = time(7, 30)
YEARLY_WINDOW = timedelta(days=31)

ESCALATION_KINDS = {
    ReminderKind.REGISTRATION_ESCALATED,
    ReminderKind.EVALUATION_ESCALATED,
    ReminderKind.FOLLOW_UP_ESCALATED,
}
TEACHERS = "teachers"
RULES_DEADLINES = "deadlines"
RULES_DIGEST = "digest"
RULES_YEARLY = "yearly"
ALL_RULES = (RULES_DEADLINES, RULES_DIGEST, RULES_YEARLY)


@dataclass(frozen=True)
class Deadline:
    """A reminder that is due, addressed to an audience rather than to people."""

    kind: str
    due_on: date
    audience: tuple[str, ...]
    case_id: int | None = None
    incident_id: int | None = None
    urgent: bool = False
    # Repeated involvement is about a pupil; the pupil appears only in the key, never in a
    # message.
    pupil_id: int | None = None

    @property
    def subject(self) -> str:
        if self.pupil_id:
            return f"pupil-{self.pupil_id}"
        if self.case_id:
            return f"case-{self.case_id}"
        if self.incident_id:
            return f"incident-{self.incident_id}"
        return "school"


def reminder_key(*, kind: str, subject: str, due_on: date, recipient_id: int) -> str:
    return f"{kind}:{subject}:{due_on.isoformat()}:{recipient_id}"


@dataclass
class Context:
    now: datetime
    today: date
    calendar: SchoolCalendar

    @property
    def is_school_day(self) -> bool:
        return self.calendar.is_school_day(self.today)

    def escalates(self, due_on: date, serious: bool) -> bool:
        # A serious case does not wait for the holiday to end: its clock counts every day.
        if serious and (self.today - due_on).days > ESCALATE_AFTER_SCHOOL_DAYS:
            return True
        if self.today <= due_on:
            return False
        overdue = self.calendar.school_days_between(due_on + timedelta(days=1), self.today)
        return overdue > ESCALATE_AFTER_SCHOOL_DAYS


def _registration_deadlines(ctx: Context) -> list[Deadline]:
    """An incident is registered and verified within 24 hours of the report (§11.1)."""
    rows = Incident.objects.filter(
        verified_at__isnull=True, reported_at__lte=ctx.now - REGISTRATION_WINDOW
    ).values_list("pk", "reported_at", "severity", "registered_by_id")
    deadlines = []
    for pk, reported_at, severity, registered_by_id in rows:
        due_on = timezone.localdate(reported_at + REGISTRATION_WINDOW)
        serious = severity == Severity.SERIOUS
        deadlines.append(
            Deadline(
                ReminderKind.REGISTRATION_OVERDUE,
                due_on,
                (f"user:{registered_by_id}",),
                incident_id=pk,
            )
        )
        if ctx.escalates(due_on, serious):
            deadlines.append(
                Deadline(
                    ReminderKind.REGISTRATION_ESCALATED,
                    due_on,
                    (Role.IB,),
                    incident_id=pk,
                    urgent=serious,
                )
            )
    return deadlines


def open_cases(queryset):
    return queryset.exclude(case__state=CLOSED_STATE)


def _evaluation_deadlines(ctx: Context) -> list[Deadline]:
    """Agreements are evaluated on their date (step 2: within one week; step 4: two weeks)."""
    rows = (
        open_cases(Agreement.objects)
        .filter(
            is_active=True,
            evaluated_on__isnull=True,
            evaluate_on__isnull=False,
            evaluate_on__lte=ctx.today + LOOKAHEAD,
        )
        .values_list("case_id", "evaluate_on", "case__judged_serious")
        .distinct()
    )
    deadlines = set()
    for case_id, evaluate_on, serious in rows:
        due = ctx.calendar.next_school_day(evaluate_on)
        if ctx.today < due:
            if ctx.calendar.previous_school_day(due) <= ctx.today:
                deadlines.add(Deadline(ReminderKind.EVALUATION_UPCOMING, due, (TEACHERS,), case_id))
        elif ctx.today == due:
            deadlines.add(Deadline(ReminderKind.EVALUATION_TODAY, due, (TEACHERS,), case_id))
        else:
            deadlines.add(Deadline(ReminderKind.EVALUATION_OVERDUE, due, (TEACHERS,), case_id))
            if ctx.escalates(due, bool(serious)):
                deadlines.add(
                    Deadline(
                        ReminderKind.EVALUATION_ESCALATED,
                        due,
                        (Role.IB,),
                        case_id,
                        urgent=bool(serious),
                    )
                )
    return list(deadlines)


def _follow_up_deadlines(ctx: Context) -> list[Deadline]:
    """Parents who reported hear from the teacher again after the first evaluation (step 3)."""
    rows = (
        open_cases(ParentContact.objects)
        .filter(
            follow_up_due__isnull=False,
            follow_up_done_on__isnull=True,
            follow_up_due__lte=ctx.today,
        )
        .values_list("case_id", "follow_up_due", "case__judged_serious")
        .distinct()
    )
    deadlines = set()
    for case_id, follow_up_due, serious in rows:
        due = ctx.calendar.next_school_day(follow_up_due)
        if due > ctx.today:
            continue
        deadlines.add(Deadline(ReminderKind.FOLLOW_UP_DUE, due, (TEACHERS,), case_id))
        if ctx.escalates(due, bool(serious)):
            deadlines.add(
                Deadline(
                    ReminderKind.FOLLOW_UP_ESCALATED, due, (Role.IB,), case_id, urgent=bool(serious)
                )
            )
    return list(deadlines)


def _ending_deadlines(ctx: Context) -> list[Deadline]:
    """An action plan, placement or suspension ends: said on the last school day before."""
    sources = [
        (ActionPlan, "period_end", ReminderKind.ACTION_PLAN_ENDING, (TEACHERS, Role.IB)),
        (Placement, "end_date", ReminderKind.PLACEMENT_ENDING, (TEACHERS, Role.DIRECTIE)),
        (Suspension, "end_date", ReminderKind.SUSPENSION_ENDING, (TEACHERS, Role.DIRECTIE)),
    ]
    deadlines = set()
    for model, end_field, kind, audience in sources:
        rows = (
            open_cases(model.objects)
            .filter(**{f"{end_field}__gte": ctx.today, f"{end_field}__lte": ctx.today + LOOKAHEAD})
            .values_list("case_id", end_field)
            .distinct()
        )
        for case_id, end in rows:
            if ctx.calendar.previous_school_day(end) <= ctx.today <= end:
                deadlines.add(Deadline(kind, end, audience, case_id))
    return list(deadlines)


def _digest_deadlines(ctx: Context) -> list[Deadline]:
    """IB and directie review the week's registrations (§11.1): on the week's first school
    day at 07:30, or later that week if that moment was missed."""
    monday = ctx.today - timedelta(days=ctx.today.weekday())
    first_day = ctx.calendar.next_school_day(monday)
    if first_day > ctx.today or first_day >= monday + timedelta(days=7):
        return []
    if first_day == ctx.today and timezone.localtime(ctx.now).time() < DIGEST_TIME:
        return []
    return [Deadline(ReminderKind.WEEKLY_DIGEST, first_day, (Role.IB, Role.DIRECTIE))]


def _repeat_involvement_deadlines(ctx: Context) -> list[Deadline]:
    """A pupil newly involved in repeated incidents (§11.2): the coordinator and the directie
    hear of it once, not again while the pupil stays over the threshold within the window."""
    first, last = repeat_window_ending(ctx.today, ctx.calendar)
    pupils = [
        row["pupil_id"]
        for row in repeat_involvement(Incident.objects.all(), first=first, last=last)
    ]
    if not pupils:
        return []
    since = datetime.combine(first, time(0), tzinfo=timezone.get_current_timezone())
    told = {
        key.split(":")[1]
        for key in Reminder.objects.filter(
            kind=ReminderKind.REPEAT_INVOLVEMENT, created_at__gte=since
        ).values_list("key", flat=True)
    }
    return [
        Deadline(
            ReminderKind.REPEAT_INVOLVEMENT,
            ctx.today,
            (Role.COORDINATOR, Role.DIRECTIE),
            pupil_id=pupil_id,
        )
        for pupil_id in pupils
        if f"pupil-{pupil_id}" not in told
    ]


def _day_in_year(setting: str, year: int) -> date | None:
    try:
        day, month = (int(part) for part in setting.split("-"))
        return date(year, month, day)
    except ValueError:
        logger.error("Cannot read %r as a day and month (dd-mm); skipping that reminder.", setting)
        return None


def _protocol_evaluation_due(year: int) -> date | None:
    """The day in `year` the protocol's evaluation is due, if it is due this year (§12).

    The coordinator records each evaluation with its next due date (protocol.models); until
    the first is recorded, the setting PROTOCOL_EVALUATED_IN says in which year the protocol
    was last evaluated, and the evaluation is due every four years after it.
    """
    latest = ProtocolEvaluation.objects.order_by("-evaluated_on", "-pk").first()
    if latest is not None:
        return latest.next_due if latest.next_due.year == year else None
    since_evaluation = year - settings.PROTOCOL_EVALUATED_IN
    if since_evaluation > 0 and since_evaluation % ProtocolEvaluation.YEARS_BETWEEN == 0:
        return _day_in_year(settings.PROTOCOL_EVALUATION_REMIND_ON, year)
    return None


def _yearly_deadlines(ctx: Context) -> list[Deadline]:
    """Monitoring every year (§12.1) and the protocol's evaluation every four years (§12)."""
    deadlines = []
    year = ctx.today.year
    wanted = [(ReminderKind.SAFETY_MONITOR, _day_in_year(settings.SAFETY_MONITOR_REMIND_ON, year))]
    wanted.append((ReminderKind.PROTOCOL_EVALUATION, _protocol_evaluation_due(year)))
    for kind, day in wanted:
        if day is None:
            continue
        due = ctx.calendar.next_school_day(day)
        if due <= ctx.today <= due + YEARLY_WINDOW:
            deadlines.append(Deadline(kind, due, (Role.COORDINATOR,)))
    return deadlines


_RULES = {
    RULES_DEADLINES: [
        _registration_deadlines,
        _evaluation_deadlines,
        _follow_up_deadlines,
        _ending_deadlines,
        _repeat_involvement_deadlines,
    ],
    RULES_DIGEST: [_digest_deadlines],
    RULES_YEARLY: [_yearly_deadlines],
}


@dataclass(frozen=True)
class Due:
    kind: str
    due_on: date
    recipient_id: int
    subject: str
    case_id: int | None
    incident_id: int | None
    urgent: bool

    @property
    def key(self) -> str:
        return reminder_key(
            kind=self.kind, subject=self.subject, due_on=self.due_on, recipient_id=self.recipient_id
        )


class People:
    """Who receives what: two queries, however many reminders."""

    def __init__(self, deadlines: list[Deadline]):
        self.by_role: dict[str, set[int]] = defaultdict(set)
        explicit = {
            int(who.removeprefix("user:"))
            for deadline in deadlines
            for who in deadline.audience
            if who.startswith("user:")
        }
        rows = User.objects.filter(is_active=True).filter(
            Q(groups__name__in=[Role.IB, Role.DIRECTIE, Role.COORDINATOR]) | Q(pk__in=explicit)
        )
        self.active_explicit: set[int] = set()
        for pk, group in rows.values_list("pk", "groups__name"):
            if pk in explicit:
                self.active_explicit.add(pk)
            if group in (Role.IB, Role.DIRECTIE, Role.COORDINATOR):
                self.by_role[group].add(pk)
        case_ids = {d.case_id for d in deadlines if d.case_id and TEACHERS in d.audience}
        self.teachers: dict[int, set[int]] = defaultdict(set)
        if case_ids:
            through = Case.teachers.through.objects.filter(
                case_id__in=case_ids, user__is_active=True
            )
            for case_id, user_id in through.values_list("case_id", "user_id"):
                self.teachers[case_id].add(user_id)

    def role(self, role: str) -> set[int]:
        # Nobody in the role: directie carries the protocol (§2) and receives it instead.
        return self.by_role.get(role) or self.by_role.get(Role.DIRECTIE, set())

    def resolve(self, deadline: Deadline) -> set[int]:
        people: set[int] = set()
        for who in deadline.audience:
            if who == TEACHERS:
                people |= self.teachers.get(deadline.case_id) or self.role(Role.IB)
            elif who.startswith("user:"):
                pk = int(who.removeprefix("user:"))
                people |= {pk} if pk in self.active_explicit else self.role(Role.IB)
            else:
                people |= self.role(who)
        return people


def reminders_due(*, now: datetime, rules: Iterable[str] = ALL_RULES) -> tuple[list[Due], bool]:
    """Every reminder that is due at `now`, with its recipient; and whether today is a
    school day."""
    ctx = Context(now=now, today=timezone.localdate(now), calendar=school_calendar())
    deadlines: list[Deadline] = []
    for name in rules:
        for rule in _RULES[name]:
            deadlines.extend(rule(ctx))
    school_day = ctx.is_school_day
    if not school_day:
        # No reminders on weekends and in holidays, except the escalation of a serious case.
        deadlines = [deadline for deadline in deadlines if deadline.urgent]
    people = People(deadlines)
    dues = {
        Due(
            kind=deadline.kind,
            due_on=deadline.due_on,
            recipient_id=recipient_id,
            subject=deadline.subject,
            case_id=deadline.case_id,
            incident_id=deadline.incident_id,
            urgent=deadline.urgent,
        )
        for deadline in deadlines
        for recipient_id in people.resolve(deadline)
    }
    return sorted(dues, key=lambda due: due.key), school_day
