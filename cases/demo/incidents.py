"""A school year of incidents for the demo school, drawn from the scenarios: spread over the
school days so far, most in the upper groups, a few registered late."""

import datetime
import random
from dataclasses import dataclass

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from accounts.models import User
from cases.demo.scenarios import COLLEAGUES, SCENARIOS, Scenario
from cases.demo.school import DEMO_SEED
from cases.demo.staff import STAFF
from cases.models import (
    Incident,
    Involvement,
    InvolvementRole,
    Location,
    Pupil,
    ReporterKind,
    School,
    SchoolGroup,
)
from protocol.models import BullyingForm, BullyingMark, DigitalPlatform, FormExample

LATE_COUNT = 6

# Incidents per group (by order), 40 in all: most reports come from the upper groups, and
# the groups of the two demo teachers have enough to show.
INCIDENTS_PER_GROUP = {1: 1, 2: 1, 3: 2, 4: 3, 5: 9, 6: 7, 7: 9, 8: 8}
INCIDENT_COUNT = sum(INCIDENTS_PER_GROUP.values())


@dataclass(frozen=True)
class _ProtocolRows:
    """The protocol's reference rows by their key, looked up once for all incidents."""

    forms: dict[str, BullyingForm]
    examples: dict[str, FormExample]
    marks: dict[str, BullyingMark]
    platforms: dict[str, DigitalPlatform]

    @classmethod
    def load(cls) -> "_ProtocolRows":
        return cls(
            forms=BullyingForm.objects.in_bulk(field_name="code"),
            examples=FormExample.objects.in_bulk(field_name="key"),
            marks=BullyingMark.objects.in_bulk(field_name="key"),
            platforms=DigitalPlatform.objects.in_bulk(field_name="key"),
        )


@dataclass(frozen=True)
class _Moments:
    """When an incident happened, was reported and was registered, and by whom reported."""

    occurred_on: datetime.date
    occurred_at: datetime.datetime
    reported_at: datetime.datetime
    registered_at: datetime.datetime
    reporter_kind: str
    time_known: bool


def create_incidents(
    school: School,
    groups: dict[str, SchoolGroup],
    users: dict[str, User],
    first_day: datetime.date,
) -> int:
    rng = random.Random(DEMO_SEED + 1)
    now = timezone.now()
    today = timezone.localdate()
    days = _window(first_day, today)

    protocol = _ProtocolRows.load()
    pupils_by_group = _pupils_by_group(school)
    teacher_of = {groups[a.group].pk: users[a.username] for a in STAFF if a.group}
    dates, incident_groups, late = _schedule(rng, groups, days, today)

    used = dict.fromkeys(map(id, SCENARIOS), 0)
    created = 0
    for index, (day, group) in enumerate(zip(dates, incident_groups, strict=True)):
        scenario = _least_used_scenario(rng, used, group)
        cast = rng.sample(pupils_by_group[group.pk], len(scenario.roles))
        moments = _moments(rng, scenario, day, late=index in late, now=now)
        _create_incident(
            rng,
            scenario,
            cast,
            moments,
            protocol,
            registered_by=teacher_of.get(group.pk, users["ib"]),
        )
        created += 1
    return created


def _pupils_by_group(school: School) -> dict[int, list[Pupil]]:
    pupils_by_group: dict[int, list[Pupil]] = {}
    for pupil in Pupil.objects.filter(school=school, left_on__isnull=True).order_by(
        "student_number"
    ):
        pupils_by_group.setdefault(pupil.group_id, []).append(pupil)
    return pupils_by_group


def _schedule(
    rng: random.Random,
    groups: dict[str, SchoolGroup],
    days: list[datetime.date],
    today: datetime.date,
) -> tuple[list[datetime.date], list[SchoolGroup], set[int]]:
    """The date and group of each incident, in date order, and which ones are registered late."""
    groups_by_order = {group.order: group for group in groups.values()}
    incident_groups = [
        groups_by_order[order]
        for order, count in INCIDENTS_PER_GROUP.items()
        for _position in range(count)
    ]
    rng.shuffle(incident_groups)
    dates = sorted(rng.choice(days) for _position in incident_groups)
    # Late registrations only where there was time to be late.
    can_be_late = [i for i, day in enumerate(dates) if (today - day).days >= 5]
    late = set(rng.sample(can_be_late, min(LATE_COUNT, len(can_be_late))))
    return dates, incident_groups, late


def _least_used_scenario(rng: random.Random, used: dict[int, int], group: SchoolGroup) -> Scenario:
    """The least used scenario that fits the group, so that every kind of incident shows."""
    fitting = [s for s in SCENARIOS if group.order in s.groups]
    fewest = min(used[id(s)] for s in fitting)
    scenario = rng.choice([s for s in fitting if used[id(s)] == fewest])
    used[id(scenario)] += 1
    return scenario


def _moments(
    rng: random.Random,
    scenario: Scenario,
    day: datetime.date,
    *,
    late: bool,
    now: datetime.datetime,
) -> _Moments:
    if scenario.location == Location.ONLINE:
        occurred_hour = rng.choice([15, 16, 18, 19, 20])
    else:
        occurred_hour = rng.choice([8, 10, 10, 12, 12, 12, 13, 14])
    occurred_at = _aware(day, occurred_hour, rng.choice([0, 15, 30, 45]))
    reporter_kind = rng.choice(scenario.reporters)
    reported_at = _reported_at(rng, occurred_at, reporter_kind)
    registered_at = _registered_at(rng, reported_at, late=late)
    # The most recent incidents must not be reported or registered in the future.
    reported_at = min(reported_at, now - datetime.timedelta(hours=2))
    registered_at = max(reported_at, min(registered_at, now - datetime.timedelta(minutes=5)))
    # Parents do not always know when it happened.
    time_known = reporter_kind != ReporterKind.PARENT or rng.random() < 0.6
    return _Moments(
        occurred_on=day,
        occurred_at=occurred_at,
        reported_at=reported_at,
        registered_at=registered_at,
        reporter_kind=reporter_kind,
        time_known=time_known,
    )


def _reported_at(
    rng: random.Random, occurred_at: datetime.datetime, reporter_kind: str
) -> datetime.datetime:
    if reporter_kind in (ReporterKind.PARENT, ReporterKind.ANONYMOUS):
        # By e-mail or the report form, at any hour.
        reported_at = occurred_at + datetime.timedelta(minutes=rng.randint(90, 30 * 60))
        if timezone.localtime(reported_at).hour < 7:
            reported_at += datetime.timedelta(hours=7)
        return reported_at
    return _in_school_hours(occurred_at + datetime.timedelta(minutes=rng.randint(5, 150)), rng)


def _registered_at(
    rng: random.Random, reported_at: datetime.datetime, *, late: bool
) -> datetime.datetime:
    if late:
        return _in_school_hours(reported_at + datetime.timedelta(hours=rng.randint(27, 96)), rng)
    registered_at = _in_school_hours(
        reported_at + datetime.timedelta(minutes=rng.randint(20, 240)), rng
    )
    if registered_at - reported_at > datetime.timedelta(hours=23):
        # Over a weekend the teacher registers it from home the same evening.
        registered_at = reported_at + datetime.timedelta(minutes=rng.randint(20, 60))
    return registered_at


def _create_incident(
    rng: random.Random,
    scenario: Scenario,
    cast: list[Pupil],
    moments: _Moments,
    protocol: _ProtocolRows,
    *,
    registered_by: User,
) -> None:
    bully = cast[scenario.roles.index(InvolvementRole.BULLY)]
    victim = cast[scenario.roles.index(InvolvementRole.VICTIM)]
    incident = Incident.objects.create(
        occurred_on=moments.occurred_on,
        occurred_time=moments.occurred_at.time() if moments.time_known else None,
        reported_at=moments.reported_at,
        reporter_kind=moments.reporter_kind,
        reporter_name=_reporter_name(rng, moments.reporter_kind, victim),
        location=scenario.location,
        description=scenario.description.format(bully=bully.first_name, victim=victim.first_name),
        digital_description=scenario.digital_description,
        classification=scenario.classification,
        severity=scenario.severity,
        registered_by=registered_by,
        registered_at=moments.registered_at,
    )
    incident.forms.set([protocol.forms[code] for code in scenario.forms])
    incident.examples.set([protocol.examples[key] for key in scenario.examples])
    incident.marks.set([protocol.marks[key] for key in scenario.marks])
    incident.platforms.set([protocol.platforms[key] for key in scenario.platforms])
    bulk_create_with_history(
        [
            Involvement(incident=incident, pupil=pupil, role=role)
            for pupil, role in zip(cast, scenario.roles, strict=True)
        ],
        Involvement,
    )


def _reporter_name(rng: random.Random, kind: str, victim: Pupil) -> str:
    if kind == ReporterKind.PARENT:
        return f"{rng.choice(['moeder', 'vader'])} van {victim.first_name}"
    if kind == ReporterKind.PUPIL:
        return rng.choice([victim.first_name, "een klasgenoot"])
    if kind == ReporterKind.COLLEAGUE:
        return rng.choice(COLLEAGUES)
    return ""


# --- The school clock ------------------------------------------------------------------------


def _school_days(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    days = []
    day = first
    while day <= last:
        if day.weekday() < 5:
            days.append(day)
        day += datetime.timedelta(days=1)
    return days


def _window(first_day: datetime.date, today: datetime.date) -> list[datetime.date]:
    """The school days of this year up to yesterday, or, early in the year, the last weeks."""
    days = _school_days(first_day, today - datetime.timedelta(days=1))
    if len(days) < 10:
        days = _school_days(today - datetime.timedelta(weeks=8), today - datetime.timedelta(days=1))
    return days


def _aware(day: datetime.date, hour: int, minute: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _in_school_hours(moment: datetime.datetime, rng: random.Random) -> datetime.datetime:
    """The moment, or the start of the next school day when it falls outside school hours."""
    local = timezone.localtime(moment)
    day = local.date()
    if local.hour >= 16:
        day += datetime.timedelta(days=1)
    elif local.hour >= 8 and day.weekday() < 5:
        return moment
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return _aware(day, 8, rng.randint(10, 45))
