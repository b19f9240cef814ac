"""Reminders of the protocol's deadlines: derived from the database, sent exactly once.

The sweep (`reminders_sweep`) looks at the records that carry deadlines and makes sure that
a `Reminder` row exists for every reminder that is due: one row per (what, which deadline,
for whom), enforced by a unique key, so running it twice, or twice at once, creates nothing
new. Every new reminder appears in the app at once. Its email is handed to a Celery worker
after commit; when the broker is down the hand-over is logged and the next sweep hands the
row over again, so nothing waits in Redis.

`reminder_send` emails one reminder at most once: it claims the row with a conditional update
(pending → sending, with a claim token), commits, records that the message is about to go to
the mail server, and marks it sent afterwards. A claim whose worker died is resolved by the
sweep: never handed to the mail server → sent again; handed over → "perhaps sent", shown to
directie and never sent again automatically.
"""

import logging
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import partial
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Count, F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from cases.models import REGISTRATION_WINDOW, Incident, SchoolYear, Severity
from cases.models_case import (
    ActionPlan,
    Agreement,
    Case,
    Holiday,
    ParentContact,
    Placement,
    Suspension,
)
from cases.models_reminder import (
    Notification,
    NotificationPreference,
    Reminder,
    ReminderKind,
    ReminderStatus,
)
from cases.reminder_messages import (
    absolute_url,
    case_path,
    incident_path,
    reminder_advice,
    reminder_path,
    reminder_title,
)

logger = logging.getLogger(__name__)

# The case state machine lives in protocol/; only its final state matters here.
CLOSED_STATE = "closed"
ESCALATE_AFTER_SCHOOL_DAYS = 2
# How far ahead the sweep looks for deadlines whose reminder comes a school day earlier:
# far enough to reach across the summer holiday.
LOOKAHEAD = timedelta(days=70)
DIGEST_TIME = time(7, 30)
YEARLY_WINDOW = timedelta(days=31)
# Delays between failed email attempts; after the last one the reminder is marked failed.
RETRY_DELAYS = [
    timedelta(minutes=5),
    timedelta(minutes=15),
    timedelta(hours=1),
    timedelta(hours=4),
    timedelta(hours=12),
]
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1
MAX_ENQUEUED_PER_SWEEP = 500

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


class _SchoolDays:
    """Which days are school days, from the Holiday and SchoolYear rows (two queries).

    A minimal stand-in for protocol.calendar.SchoolCalendar: swap it in at merge. Weekends and
    holidays are not school days, nor are the days between two school years (the summer);
    before the first and after the last known school year every weekday counts, so that an
    installation without a calendar still reminds.
    """

    def __init__(self, holidays: list[tuple[date, date]], years: list[tuple[date, date]]):
        self.holidays = holidays
        self.years = sorted(years)

    @classmethod
    def load(cls) -> "_SchoolDays":
        return cls(
            list(Holiday.objects.values_list("start_date", "end_date")),
            list(SchoolYear.objects.values_list("start_date", "end_date")),
        )

    def is_school_day(self, day: date) -> bool:
        if day.weekday() >= 5:
            return False
        if any(start <= day <= end for start, end in self.holidays):
            return False
        if self.years and self.years[0][0] <= day <= self.years[-1][1]:
            return any(start <= day <= end for start, end in self.years)
        return True

    def on_or_after(self, day: date) -> date:
        while not self.is_school_day(day):
            day += timedelta(days=1)
        return day

    def previous(self, day: date) -> date:
        """The last school day before `day`."""
        day -= timedelta(days=1)
        while not self.is_school_day(day):
            day -= timedelta(days=1)
        return day

    def count_after(self, start: date, end: date) -> int:
        """School days d with start < d <= end."""
        count, day = 0, start + timedelta(days=1)
        while day <= end:
            count += self.is_school_day(day)
            day += timedelta(days=1)
        return count


@dataclass(frozen=True)
class _Deadline:
    """A reminder that is due, addressed to an audience rather than to people."""

    kind: str
    due_on: date
    audience: tuple[str, ...]
    case_id: int | None = None
    incident_id: int | None = None
    urgent: bool = False

    @property
    def subject(self) -> str:
        if self.case_id:
            return f"case-{self.case_id}"
        if self.incident_id:
            return f"incident-{self.incident_id}"
        return "school"


def reminder_key(*, kind: str, subject: str, due_on: date, recipient_id: int) -> str:
    return f"{kind}:{subject}:{due_on.isoformat()}:{recipient_id}"


@dataclass
class _Context:
    now: datetime
    today: date
    calendar: _SchoolDays

    @property
    def is_school_day(self) -> bool:
        return self.calendar.is_school_day(self.today)

    def escalates(self, due_on: date, serious: bool) -> bool:
        # A serious case does not wait for the holiday to end: its clock counts every day.
        if serious and (self.today - due_on).days > ESCALATE_AFTER_SCHOOL_DAYS:
            return True
        return self.calendar.count_after(due_on, self.today) > ESCALATE_AFTER_SCHOOL_DAYS


def _registration_deadlines(ctx: _Context) -> list[_Deadline]:
    """An incident is registered and verified within 24 hours of the report (§11.1)."""
    rows = Incident.objects.filter(
        verified_at__isnull=True, reported_at__lte=ctx.now - REGISTRATION_WINDOW
    ).values_list("pk", "reported_at", "severity", "registered_by_id")
    deadlines = []
    for pk, reported_at, severity, registered_by_id in rows:
        due_on = timezone.localdate(reported_at + REGISTRATION_WINDOW)
        serious = severity == Severity.SERIOUS
        deadlines.append(
            _Deadline(
                ReminderKind.REGISTRATION_OVERDUE,
                due_on,
                (f"user:{registered_by_id}",),
                incident_id=pk,
            )
        )
        if ctx.escalates(due_on, serious):
            deadlines.append(
                _Deadline(
                    ReminderKind.REGISTRATION_ESCALATED,
                    due_on,
                    (Role.IB,),
                    incident_id=pk,
                    urgent=serious,
                )
            )
    return deadlines


def _open_cases(queryset):
    return queryset.exclude(case__state=CLOSED_STATE)


def _evaluation_deadlines(ctx: _Context) -> list[_Deadline]:
    """Agreements are evaluated on their date (step 2: within one week; step 4: two weeks)."""
    rows = (
        _open_cases(Agreement.objects)
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
        due = ctx.calendar.on_or_after(evaluate_on)
        if ctx.today < due:
            if ctx.calendar.previous(due) <= ctx.today:
                deadlines.add(
                    _Deadline(ReminderKind.EVALUATION_UPCOMING, due, (TEACHERS,), case_id)
                )
        elif ctx.today == due:
            deadlines.add(_Deadline(ReminderKind.EVALUATION_TODAY, due, (TEACHERS,), case_id))
        else:
            deadlines.add(_Deadline(ReminderKind.EVALUATION_OVERDUE, due, (TEACHERS,), case_id))
            if ctx.escalates(due, bool(serious)):
                deadlines.add(
                    _Deadline(
                        ReminderKind.EVALUATION_ESCALATED,
                        due,
                        (Role.IB,),
                        case_id,
                        urgent=bool(serious),
                    )
                )
    return list(deadlines)


def _follow_up_deadlines(ctx: _Context) -> list[_Deadline]:
    """Parents who reported hear from the teacher again after the first evaluation (step 3)."""
    rows = (
        _open_cases(ParentContact.objects)
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
        due = ctx.calendar.on_or_after(follow_up_due)
        if due > ctx.today:
            continue
        deadlines.add(_Deadline(ReminderKind.FOLLOW_UP_DUE, due, (TEACHERS,), case_id))
        if ctx.escalates(due, bool(serious)):
            deadlines.add(
                _Deadline(
                    ReminderKind.FOLLOW_UP_ESCALATED, due, (Role.IB,), case_id, urgent=bool(serious)
                )
            )
    return list(deadlines)


def _ending_deadlines(ctx: _Context) -> list[_Deadline]:
    """An action plan, placement or suspension ends: said on the last school day before."""
    sources = [
        (ActionPlan, "period_end", ReminderKind.ACTION_PLAN_ENDING, (TEACHERS, Role.IB)),
        (Placement, "end_date", ReminderKind.PLACEMENT_ENDING, (TEACHERS, Role.DIRECTIE)),
        (Suspension, "end_date", ReminderKind.SUSPENSION_ENDING, (TEACHERS, Role.DIRECTIE)),
    ]
    deadlines = set()
    for model, end_field, kind, audience in sources:
        rows = (
            _open_cases(model.objects)
            .filter(**{f"{end_field}__gte": ctx.today, f"{end_field}__lte": ctx.today + LOOKAHEAD})
            .values_list("case_id", end_field)
            .distinct()
        )
        for case_id, end in rows:
            if ctx.calendar.previous(end) <= ctx.today <= end:
                deadlines.add(_Deadline(kind, end, audience, case_id))
    return list(deadlines)


def _digest_deadlines(ctx: _Context) -> list[_Deadline]:
    """IB and directie review the week's registrations (§11.1): on the week's first school
    day at 07:30, or later that week if that moment was missed."""
    monday = ctx.today - timedelta(days=ctx.today.weekday())
    first_day = ctx.calendar.on_or_after(monday)
    if first_day > ctx.today or first_day >= monday + timedelta(days=7):
        return []
    if first_day == ctx.today and timezone.localtime(ctx.now).time() < DIGEST_TIME:
        return []
    return [_Deadline(ReminderKind.WEEKLY_DIGEST, first_day, (Role.IB, Role.DIRECTIE))]


def _day_in_year(setting: str, year: int) -> date | None:
    try:
        day, month = (int(part) for part in setting.split("-"))
        return date(year, month, day)
    except ValueError:
        logger.error("Cannot read %r as a day and month (dd-mm); skipping that reminder.", setting)
        return None


def _yearly_deadlines(ctx: _Context) -> list[_Deadline]:
    """Monitoring every year (§12.1) and the protocol's evaluation every four years (§12)."""
    deadlines = []
    year = ctx.today.year
    wanted = [(ReminderKind.SAFETY_MONITOR, settings.SAFETY_MONITOR_REMIND_ON)]
    since_evaluation = year - settings.PROTOCOL_EVALUATED_IN
    if since_evaluation > 0 and since_evaluation % 4 == 0:
        wanted.append((ReminderKind.PROTOCOL_EVALUATION, settings.PROTOCOL_EVALUATION_REMIND_ON))
    for kind, setting in wanted:
        day = _day_in_year(setting, year)
        if day is None:
            continue
        due = ctx.calendar.on_or_after(day)
        if due <= ctx.today <= due + YEARLY_WINDOW:
            deadlines.append(_Deadline(kind, due, (Role.COORDINATOR,)))
    return deadlines


_RULES = {
    RULES_DEADLINES: [
        _registration_deadlines,
        _evaluation_deadlines,
        _follow_up_deadlines,
        _ending_deadlines,
    ],
    RULES_DIGEST: [_digest_deadlines],
    RULES_YEARLY: [_yearly_deadlines],
}


@dataclass(frozen=True)
class _Due:
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


class _People:
    """Who receives what: two queries, however many reminders."""

    def __init__(self, deadlines: list[_Deadline]):
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

    def resolve(self, deadline: _Deadline) -> set[int]:
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


def _collect(*, now: datetime, rules: Iterable[str] = ALL_RULES) -> tuple[list[_Due], bool]:
    """Every reminder that is due at `now`, with its recipient; and whether today is a
    school day."""
    ctx = _Context(now=now, today=timezone.localdate(now), calendar=_SchoolDays.load())
    deadlines: list[_Deadline] = []
    for name in rules:
        for rule in _RULES[name]:
            deadlines.extend(rule(ctx))
    school_day = ctx.is_school_day
    if not school_day:
        # No reminders on weekends and in holidays, except the escalation of a serious case.
        deadlines = [deadline for deadline in deadlines if deadline.urgent]
    people = _People(deadlines)
    dues = {
        _Due(
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


def _store(*, dues: list[_Due], now: datetime) -> int:
    """Create the reminders and notifications that do not exist yet; returns how many."""
    by_key = {due.key: due for due in dues}
    if not by_key:
        return 0
    existing = set(Reminder.objects.filter(key__in=by_key).values_list("key", flat=True))
    new_keys = [key for key in by_key if key not in existing]
    if not new_keys:
        return 0
    # ignore_conflicts: a sweep running at the same time may have created some of these.
    Reminder.objects.bulk_create(
        [
            Reminder(
                key=key,
                kind=by_key[key].kind,
                due_on=by_key[key].due_on,
                recipient_id=by_key[key].recipient_id,
                case_id=by_key[key].case_id,
                incident_id=by_key[key].incident_id,
                urgent=by_key[key].urgent,
                created_at=now,
            )
            for key in new_keys
        ],
        ignore_conflicts=True,
        batch_size=500,
    )
    rows = Reminder.objects.filter(key__in=new_keys).values_list(
        "pk", "recipient_id", "kind", "case_id", "incident_id", "due_on"
    )
    Notification.objects.bulk_create(
        [
            Notification(
                recipient_id=recipient_id,
                kind=kind,
                reminder_id=pk,
                case_id=case_id,
                incident_id=incident_id,
                due_on=due_on,
                created_at=now,
            )
            for pk, recipient_id, kind, case_id, incident_id, due_on in rows
        ],
        ignore_conflicts=True,
        batch_size=500,
    )
    return len(new_keys)


def _directie_notify(*, reminder_ids: list[int], now: datetime) -> None:
    """Tell directie in the app that these reminders could not (surely) be emailed."""
    if not reminder_ids:
        return
    directie = User.objects.filter(is_active=True, groups__name=Role.DIRECTIE).values_list(
        "pk", flat=True
    )
    Notification.objects.bulk_create(
        [
            Notification(
                recipient_id=user_id,
                kind=ReminderKind.DELIVERY_PROBLEM,
                reminder_id=reminder_id,
                created_at=now,
            )
            for user_id in directie
            for reminder_id in reminder_ids
        ],
        ignore_conflicts=True,
    )


def _expire_claims(*, now: datetime) -> int:
    """Resolve sends whose worker died (or hangs) past the claim timeout."""
    stale = Reminder.objects.filter(
        status=ReminderStatus.SENDING,
        claimed_at__lt=now - timedelta(minutes=settings.REMINDER_CLAIM_TIMEOUT_MINUTES),
    )
    # Never handed to the mail server: provably not sent, so it may go again.
    retried = stale.filter(handed_over_at__isnull=True, attempts__lt=MAX_ATTEMPTS).update(
        status=ReminderStatus.PENDING,
        claim_token=None,
        claimed_at=None,
        next_attempt_at=None,
        last_error="The worker stopped before handing the message to the mail server.",
    )
    given_up = list(stale.filter(handed_over_at__isnull=True).values_list("pk", flat=True))
    stale.filter(pk__in=given_up).update(
        status=ReminderStatus.FAILED,
        claim_token=None,
        last_error="The worker stopped before handing the message to the mail server.",
    )
    # Handed over, never confirmed: perhaps sent. Sending again could duplicate it, so
    # directie decides. The claim token stays, so a worker that was only slow can still
    # record that it sent the message.
    perhaps = list(stale.filter(handed_over_at__isnull=False).values_list("pk", flat=True))
    stale.filter(pk__in=perhaps).update(
        status=ReminderStatus.UNKNOWN,
        last_error="The worker stopped after handing the message to the mail server; "
        "it may have been sent.",
    )
    problems = list(
        Reminder.objects.filter(
            pk__in=given_up + perhaps,
            status__in=[ReminderStatus.FAILED, ReminderStatus.UNKNOWN],
        ).values_list("pk", flat=True)
    )
    _directie_notify(reminder_ids=problems, now=now)
    return retried + len(problems)


def _broker_is_eager() -> bool:
    from mozaiek.celery import app

    return bool(app.conf.task_always_eager)


def _enqueue(task, ids: list[int]) -> int:
    """Hand ids to the worker; a broker that is down costs a log line, never a save."""
    handed = 0
    for pk in ids:
        try:
            task.delay(pk)
        except Exception:
            logger.warning(
                "Could not hand reminder %s to the worker; the next sweep hands it over again.",
                pk,
                exc_info=True,
            )
            if not _broker_is_eager():
                break  # the broker is down: the others would fail the same way, slowly
        else:
            handed += 1
    return handed


def _enqueue_sends(ids: list[int]) -> None:
    from cases.tasks import send_reminder

    _enqueue(send_reminder, ids)


@dataclass
class SweepResult:
    created: int = 0
    enqueued: int = 0
    expired: int = 0
    enqueued_ids: list[int] = field(default_factory=list)


@transaction.atomic
def reminders_sweep(*, now: datetime, rules: Iterable[str] = ALL_RULES) -> SweepResult:
    """Create every reminder that is due at `now` and hand unsent ones to the worker."""
    result = SweepResult()
    result.expired = _expire_claims(now=now)
    dues, school_day = _collect(now=now, rules=rules)
    result.created = _store(dues=dues, now=now)
    sendable = Reminder.objects.filter(status=ReminderStatus.PENDING).filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    )
    if not school_day:
        sendable = sendable.filter(urgent=True)
    result.enqueued_ids = list(
        sendable.order_by("created_at", "pk").values_list("pk", flat=True)[:MAX_ENQUEUED_PER_SWEEP]
    )
    result.enqueued = len(result.enqueued_ids)
    transaction.on_commit(partial(_enqueue_sends, result.enqueued_ids))
    return result


def reminders_request_sweep() -> None:
    """Ask for a sweep soon after the current transaction commits (call it from a service
    that changed a deadline). If the broker is down the save still succeeds: the sweep on
    the beat schedule finds the deadline in the database."""

    def request() -> None:
        from cases.tasks import sweep_reminders

        try:
            sweep_reminders.delay()
        except Exception:
            logger.warning("Could not request a reminder sweep; beat runs one soon.", exc_info=True)

    transaction.on_commit(request)


# --- Sending -----------------------------------------------------------------------------


def _email_wanted(reminder: Reminder) -> bool:
    if not reminder.recipient.email or not reminder.recipient.is_active:
        return False
    return not NotificationPreference.objects.filter(
        user_id=reminder.recipient_id, kind=reminder.kind, email=False
    ).exists()


def _message_id(reminder: Reminder) -> str:
    # Stable per reminder: a mailbox that sees the same Message-ID twice may fold the copies.
    domain = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"<reminder-{reminder.pk}@{domain}>"


def reminder_email(*, reminder: Reminder, now: datetime) -> EmailMessage:
    """The email for one reminder, in Dutch; no pupil names, no incident details."""
    with translation.override(settings.LANGUAGE_CODE):
        title = reminder_title(
            kind=reminder.kind,
            case_id=reminder.case_id,
            incident_id=reminder.incident_id,
            due_on=reminder.due_on,
        )
        context = {
            "recipient": reminder.recipient,
            "title": title,
            "advice": reminder_advice(reminder.kind),
            "link": absolute_url(
                reminder_path(
                    kind=reminder.kind, case_id=reminder.case_id, incident_id=reminder.incident_id
                )
            ),
            "preferences_link": absolute_url(reverse("cases:notification_preferences")),
        }
        if reminder.kind == ReminderKind.WEEKLY_DIGEST:
            context["digest"] = digest_build(now=now)
            body = render_to_string("cases/email/weekly_digest.txt", context)
        else:
            body = render_to_string("cases/email/reminder.txt", context)
    return EmailMessage(
        subject=f"{settings.EMAIL_SUBJECT_PREFIX}{title}",
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[reminder.recipient.email],
        headers={"Message-ID": _message_id(reminder), "Auto-Submitted": "auto-generated"},
    )


def reminder_send(*, reminder_id: int, now: datetime | None = None) -> str:
    """Email one reminder at most once; returns what happened.

    Deliberately not one transaction: the claim must be committed before the mail server is
    contacted, so that a second worker, a retried task or a second beat sees it.
    """
    now = now or timezone.now()
    token = uuid.uuid4()
    claimed = (
        Reminder.objects.filter(pk=reminder_id, status=ReminderStatus.PENDING)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .update(
            status=ReminderStatus.SENDING,
            claim_token=token,
            claimed_at=now,
            handed_over_at=None,
            attempts=F("attempts") + 1,
        )
    )
    if not claimed:
        return "not claimed"
    mine = Reminder.objects.filter(pk=reminder_id, claim_token=token)
    reminder = Reminder.objects.select_related("recipient").get(pk=reminder_id)
    if not _email_wanted(reminder):
        mine.filter(status=ReminderStatus.SENDING).update(
            status=ReminderStatus.NOT_EMAILED, claim_token=None
        )
        return "not emailed"
    connection = None
    try:
        message = reminder_email(reminder=reminder, now=now)
        # Past this point the message may reach the recipient: record that first.
        if not mine.filter(status=ReminderStatus.SENDING).update(handed_over_at=timezone.now()):
            return "claim lost"
        connection = get_connection(fail_silently=False)
        connection.open()
        connection.send_messages([message])
    except Exception as exc:
        _close_quietly(connection)
        _send_failed(reminder=reminder, mine=mine, error=exc, now=now)
        return "failed"
    mine.filter(status__in=[ReminderStatus.SENDING, ReminderStatus.UNKNOWN]).update(
        status=ReminderStatus.SENT, sent_at=timezone.now(), last_error=""
    )
    # The message was accepted; a failing goodbye must not make it look unsent.
    _close_quietly(connection)
    return "sent"


def _close_quietly(connection) -> None:
    if connection is None:
        return
    try:
        connection.close()
    except Exception:
        logger.info("Closing the mail connection failed.", exc_info=True)


def _send_failed(*, reminder: Reminder, mine, error: Exception, now: datetime) -> None:
    attempts = reminder.attempts
    text = f"{type(error).__name__}: {error}"[:1000]
    logger.warning("Email for reminder %s failed (attempt %s): %s", reminder.pk, attempts, text)
    if attempts >= MAX_ATTEMPTS:
        if mine.filter(status__in=[ReminderStatus.SENDING, ReminderStatus.UNKNOWN]).update(
            status=ReminderStatus.FAILED, claim_token=None, last_error=text
        ):
            _directie_notify(reminder_ids=[reminder.pk], now=now)
        return
    mine.filter(status__in=[ReminderStatus.SENDING, ReminderStatus.UNKNOWN]).update(
        status=ReminderStatus.PENDING,
        claim_token=None,
        claimed_at=None,
        next_attempt_at=now + RETRY_DELAYS[attempts - 1],
        last_error=text,
    )


@transaction.atomic
def reminder_resend(*, reminder: Reminder, actor: User) -> None:
    """Directie sends a failed or perhaps-sent reminder again, knowingly."""
    updated = Reminder.objects.filter(
        pk=reminder.pk, status__in=[ReminderStatus.FAILED, ReminderStatus.UNKNOWN]
    ).update(
        status=ReminderStatus.PENDING,
        attempts=0,
        next_attempt_at=None,
        claim_token=None,
        claimed_at=None,
        handed_over_at=None,
        handled_at=timezone.now(),
        handled_by=actor,
    )
    if updated:
        transaction.on_commit(partial(_enqueue_sends, [reminder.pk]))


@transaction.atomic
def reminder_dismiss(*, reminder: Reminder, actor: User) -> None:
    """Directie has dealt with a failed or perhaps-sent reminder another way."""
    Reminder.objects.filter(
        pk=reminder.pk, status__in=[ReminderStatus.FAILED, ReminderStatus.UNKNOWN]
    ).update(
        status=ReminderStatus.DISMISSED,
        claim_token=None,
        handled_at=timezone.now(),
        handled_by=actor,
    )


# --- The weekly digest ---------------------------------------------------------------------


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


_STEP_LABELS = {
    # The state machine's own labels live in protocol/; these keep the digest readable.
    "reported": _("Reported, not yet verified"),
    "step_1": _("Step 1: separate conversations"),
    "step_2": _("Step 2: joint conversation and agreements"),
    "step_3": _("Step 3: parents informed"),
    "step_4": _("Step 4: agreements evaluated"),
    "step_5": _("Step 5: action plan"),
    "phasing_out": _("Phasing out"),
    "step_6": _("Step 6: meeting with all parents"),
    "step_7": _("Step 7: temporary placement"),
    "step_8": _("Step 8: suspension"),
}
_STEP_ORDER = list(_STEP_LABELS)


def _step_label(state: str) -> str:
    return str(_STEP_LABELS.get(state, state))


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
    calendar = _SchoolDays.load()
    week = Incident.objects.filter(registered_at__gte=since, registered_at__lt=now)
    to_review = [
        _incident_line(pk)
        for pk in week.filter(verified_at__isnull=True).order_by("pk").values_list("pk", flat=True)
    ]
    late = [_incident_line(pk) for pk in week.late().order_by("pk").values_list("pk", flat=True)]

    overdue: list[DigestLine] = []
    for pk, reported_at in (
        Incident.objects.filter(
            verified_at__isnull=True, reported_at__lte=now - REGISTRATION_WINDOW
        )
        .order_by("reported_at")
        .values_list("pk", "reported_at")
    ):
        overdue.append(_incident_line(pk, timezone.localdate(reported_at + REGISTRATION_WINDOW)))
    case_dates: set[tuple[int, date]] = set()
    agreements = (
        _open_cases(Agreement.objects)
        .filter(is_active=True, evaluated_on__isnull=True, evaluate_on__lt=today)
        .values_list("case_id", "evaluate_on")
    )
    follow_ups = (
        _open_cases(ParentContact.objects)
        .filter(follow_up_done_on__isnull=True, follow_up_due__lt=today)
        .values_list("case_id", "follow_up_due")
    )
    for case_id, raw in [*agreements, *follow_ups]:
        due = calendar.on_or_after(raw)
        if due < today:
            case_dates.add((case_id, due))
    overdue.extend(
        _case_line(case_id, due) for case_id, due in sorted(case_dates, key=lambda x: (x[1], x[0]))
    )

    counts = dict(
        Case.objects.exclude(state=CLOSED_STATE)
        .values_list("state")
        .annotate(count=Count("pk"))
        .values_list("state", "count")
    )
    order = {state: index for index, state in enumerate(_STEP_ORDER)}
    cases_per_step = [
        (_step_label(state), counts[state])
        for state in sorted(counts, key=lambda state: (order.get(state, len(order)), state))
    ]

    escalated_rows = (
        Reminder.objects.filter(
            kind__in=ESCALATION_KINDS, created_at__gte=since, created_at__lt=now
        )
        .values_list("case_id", "incident_id")
        .distinct()
    )
    escalated = sorted(
        {_case_line(c) if c else _incident_line(i) for c, i in escalated_rows},
        key=lambda line: line.label,
    )
    return WeeklyDigest(
        since=since,
        until=now,
        to_review=to_review,
        late=late,
        overdue=overdue,
        cases_per_step=cases_per_step,
        escalated=escalated,
    )
