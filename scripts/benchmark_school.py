"""A large, realistic school for `scripts/benchmark.py`: a school year of work, built in bulk.

Import only after `django.setup()`.

Two ways in:
- A handful of cases go through the real services (`incident_register`, `incident_verify`,
  the stappenplan's records and step changes, each under a frozen clock on its own school day),
  so the database always holds rows the application itself wrote, reminders included.
- Everything else comes from `bulk_create`. Thousands of incidents and hundreds of cases through
  the services would take many minutes (every step change also runs the reminder sweep), and
  the benchmark measures reading, not writing. The bulk rows follow the same rules the
  services enforce: each case has the step changes that lead to its step, every record points
  at the step change of the step it was recorded in, deadlines are computed on the school
  calendar and the open ones match `Case.next_deadline`, and reminders carry the sweep's keys.

What grows with `scale`: pupils, incidents, cases, confidential reports, notifications, and
the size of the one long case the case pages are measured on (its rounds, incidents and
pupils) and of the one incident whose detail page is measured. What stays: the eight groups,
the staff, the protocol's reference lists, the calendar.
"""

import random
import secrets
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import time_machine
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from accounts.models import Role, User
from accounts.services import roles_ensure
from cases import demo
from cases.models import (
    ActionPlan,
    ActionPlanItem,
    Agreement,
    AgreementOutcome,
    Attachment,
    Case,
    CaseDeadline,
    CaseTransition,
    Classification,
    ContactChannel,
    Conversation,
    ConversationKind,
    DeadlineResolution,
    Holiday,
    Incident,
    Involvement,
    InvolvementRole,
    Location,
    ParentContact,
    ParentMeeting,
    Placement,
    PlacementKind,
    Pupil,
    ReporterKind,
    School,
    SchoolGroup,
    SchoolYear,
    Severity,
    Suspension,
    TeamNotice,
)
from cases.reminders.models import Notification, Reminder, ReminderKind, ReminderStatus
from cases.reminders.rules import reminder_key
from cases.stappenplan.models import Consent
from cases.visibility.permissions import visibility_sync
from confidential.models import (
    ConfidantNote,
    ConfidentialReport,
    ForwardRecipient,
    MessageAuthor,
    ReportEvent,
    ReportEventKind,
    ReportForward,
    ReportMessage,
    ReportStatus,
)
from confidential.models import ReporterKind as ConfidentialReporterKind
from protocol.calendar import AMSTERDAM, SchoolCalendar
from protocol.models import (
    BullyingForm,
    BullyingMark,
    DigitalPlatform,
    FormCode,
    FormExample,
    SuggestedAction,
    Track,
)
from protocol.services import protocol_data_load
from protocol.stappenplan import CaseState, ConsentParty, DeadlineRule, get_transition

SEED = 20261124
BATCH = 1000

# At scale 1: a large primary school (400 pupils in eight groups) and one school year.
BASE_PUPILS = 400
BASE_INCIDENTS = 3000
BASE_CASES = 300
BASE_REPORTS = 150
# The long case the case pages are measured on: rounds of "new action plan" in step 5, and
# the incident whose detail page is measured: its pupils and attachments.
BASE_SHOWCASE_ROUNDS = 3
BASE_SHOWCASE_INCIDENTS = 4
BASE_DETAIL_PUPILS = 5
BASE_DETAIL_ATTACHMENTS = 2
# The service-made cases take the first SERVICE_PUPILS of groep 5, the long case the next ones.
SERVICE_PUPILS = 14
MIN_PUPILS_PER_GROUP = 24
OTHER_TEACHERS = 3  # without a group of their own (gym, remedial teaching)

GROUPS = [(name, order) for name, order, _ in demo.GROUPS]
# Upper groups report more, as in the demo school.
GROUP_WEIGHTS = {1: 1, 2: 1, 3: 2, 4: 3, 5: 6, 6: 5, 7: 6, 8: 5}
BENCH_GROUP = "groep 5"

# How long a case stays in a step before the next step change, in calendar days.
STAY = {
    CaseState.STEP_1: (2, 5),
    CaseState.STEP_2: (1, 4),
    CaseState.STEP_3: (1, 3),
    CaseState.STEP_4: (6, 9),
    CaseState.STEP_5: (12, 16),
    CaseState.STEP_6: (5, 10),
    CaseState.STEP_7: (7, 14),
    CaseState.STEP_8: (5, 8),
    CaseState.PHASING_OUT: (12, 16),
}
# Where the cases of a school year are (open cases are recent; most are closed).
STATE_MIX = [
    (CaseState.STEP_1, 7),
    (CaseState.STEP_2, 6),
    (CaseState.STEP_3, 4),
    (CaseState.STEP_4, 8),
    (CaseState.STEP_5, 10),
    (CaseState.STEP_6, 4),
    (CaseState.STEP_7, 2),
    (CaseState.STEP_8, 2),
    (CaseState.PHASING_OUT, 10),
    (CaseState.CLOSED, 47),
]
# The step change that means the work a deadline asks for was done.
MET_BY = {
    DeadlineRule.FIRST_EVALUATION: {"complete_step_4"},
    DeadlineRule.PARENT_FOLLOWUP: {"phase_out", "escalate_to_step_6", "new_action_plan"},
    DeadlineRule.NEXT_CONVERSATION: {"phase_out", "escalate_to_step_6"},
    DeadlineRule.PLACEMENT_REVIEW: {"suspend", "follow_up_after_measure"},
    DeadlineRule.PHASING_OUT_REVIEW: {"close_after_phasing_out", "resume_from_phasing_out"},
}
REASONS = {
    "verify_as_bullying": "Het gebeurt al weken, elke pauze.",
    "close_after_phasing_out": "Al zes weken geen meldingen meer; afgesloten met de ouders.",
    "close_early": "De pester is verhuisd en heeft de school verlaten.",
    "resume_from_phasing_out": "Er is opnieuw gescholden in de gymzaal.",
}
DESCRIPTIONS = [
    "Tijdens het buitenspelen werd een kind steeds uitgescholden en uitgelachen.",
    "In de groepsapp is een foto gedeeld met gemene opmerkingen eronder.",
    "Bij het voetballen wordt een kind steeds buitengesloten; vandaag werd hij geduwd.",
    "Op weg naar huis is de tas van een leerling in de sloot gegooid.",
    "In de klas worden briefjes doorgegeven met een bijnaam die de leerling pijn doet.",
    "Bij de gym werd een kind in de kleedkamer opgesloten en uitgescholden.",
    "Een leerling vertelt dat ze al weken niet mee mag doen met het spel op het plein.",
    "Na schooltijd is een kind bedreigd bij het fietsenhok.",
]


@dataclass(frozen=True)
class Sizes:
    pupils: int
    incidents: int
    cases: int
    reports: int
    showcase_rounds: int
    showcase_incidents: int
    detail_pupils: int
    detail_attachments: int
    showcase_colleagues: int

    @classmethod
    def for_scale(cls, scale: float) -> "Sizes":
        def times(base: int) -> int:
            return max(1, round(base * scale))

        return cls(
            pupils=max(times(BASE_PUPILS), len(GROUPS) * MIN_PUPILS_PER_GROUP),
            incidents=times(BASE_INCIDENTS),
            cases=times(BASE_CASES),
            reports=times(BASE_REPORTS),
            showcase_rounds=times(BASE_SHOWCASE_ROUNDS),
            showcase_incidents=times(BASE_SHOWCASE_INCIDENTS),
            detail_pupils=max(times(BASE_DETAIL_PUPILS), 3),
            detail_attachments=times(BASE_DETAIL_ATTACHMENTS),
            showcase_colleagues=min(times(1), OTHER_TEACHERS),
        )


@dataclass
class BenchSchool:
    """The people and rows the benchmark measures with."""

    teacher: User
    ib: User
    directie: User
    confidant: User
    showcase_case_id: int
    detail_incident_id: int
    filter_group_id: int
    filter_form_id: int
    counts: dict[str, int] = field(default_factory=dict)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=AMSTERDAM)


def _bulk(model, rows: list) -> list:
    return model.objects.bulk_create(rows, batch_size=BATCH)


class _People:
    """Staff, groups and pupils."""

    def __init__(self, rng: random.Random, sizes: Sizes, school: School):
        self.rng = rng
        password = make_password(None)  # nobody logs in with a password here
        roles_ensure()
        groups_by_role = {g.name: g for g in Group.objects.filter(name__in=Role.values)}

        self.groups = _bulk(
            SchoolGroup, [SchoolGroup(school=school, name=n, order=o) for n, o in GROUPS]
        )
        staff: list[tuple[User, str]] = []

        def person(username: str, first: str, last: str, role: str) -> User:
            user = User(
                username=username,
                first_name=first,
                last_name=last,
                email=f"{username}@mozaiek.example",
                password=password,
            )
            staff.append((user, role))
            return user

        self.group_teachers = [
            person(f"leerkracht{o}", demo.FIRST_NAMES[o * 3], "Leerkracht", Role.TEACHER)
            for _, o in GROUPS
        ]
        # Teachers without a group of their own (gym, remedial teaching) also register.
        self.other_teachers = [
            person(f"vakleerkracht{i}", demo.FIRST_NAMES[40 + i], "Vakleerkracht", Role.TEACHER)
            for i in range(1, OTHER_TEACHERS + 1)
        ]
        self.ibs = [
            person("ib1", "Marieke", "Swinkels", Role.IB),
            person("ib2", "Ilse", "Coppens", Role.IB),
        ]
        self.directie = [person("directie", "Peter", "Aarts", Role.DIRECTIE)]
        self.coordinator = person("coordinator", "Femke", "Manders", Role.COORDINATOR)
        self.confidant = person("aanspreekpersoon", "Hugo", "Wijnen", Role.CONFIDANT)
        _bulk(User, [user for user, _ in staff])
        User.groups.through.objects.bulk_create(
            [
                User.groups.through(user_id=user.pk, group_id=groups_by_role[role].pk)
                for user, role in staff
            ]
        )
        SchoolGroup.teachers.through.objects.bulk_create(
            [
                SchoolGroup.teachers.through(schoolgroup_id=group.pk, user_id=teacher.pk)
                for group, teacher in zip(self.groups, self.group_teachers, strict=True)
            ]
        )
        self.teacher_of = {
            group.pk: teacher.pk
            for group, teacher in zip(self.groups, self.group_teachers, strict=True)
        }
        self.bench_group = next(g for g in self.groups if g.name == BENCH_GROUP)
        self.bench_teacher = self.group_teachers[self.groups.index(self.bench_group)]

        pupils = []
        for index in range(sizes.pupils):
            group = self.groups[index % len(self.groups)]
            infix, last_name = rng.choice(demo.SURNAMES)
            pupils.append(
                Pupil(
                    school=school,
                    student_number=str(200000 + index),
                    first_name=rng.choice(demo.FIRST_NAMES),
                    infix=infix,
                    last_name=last_name,
                    group=group,
                )
            )
        self.pupils = _bulk(Pupil, pupils)
        self.pupils_of: dict[int, list[Pupil]] = defaultdict(list)
        for pupil in self.pupils:
            self.pupils_of[pupil.group_id].append(pupil)
        self.teachers = self.group_teachers + self.other_teachers
        self.registrars = self.teachers + self.ibs

    def weighted_group(self) -> SchoolGroup:
        weights = [GROUP_WEIGHTS[g.order] for g in self.groups]
        (group,) = self.rng.choices(self.groups, weights=weights)
        return group

    def registrar_for(self, group: SchoolGroup) -> User:
        # Mostly the group's own teacher; sometimes a colleague on playground duty or the IB.
        if self.rng.random() < 0.7:
            return self.group_teachers[self.groups.index(group)]
        return self.rng.choice(self.registrars)


class _Reference:
    """The protocol's reference lists, loaded as `manage.py load_protocol` does."""

    def __init__(self):
        protocol_data_load()
        self.forms = list(BullyingForm.objects.filter(is_active=True).order_by("order"))
        self.examples_of: dict[int, list[FormExample]] = defaultdict(list)
        for example in FormExample.objects.filter(is_active=True):
            self.examples_of[example.form_id].append(example)
        self.platforms = list(DigitalPlatform.objects.all())
        self.marks = list(BullyingMark.objects.all())
        self.actions_of: dict[str, list[SuggestedAction]] = defaultdict(list)
        for action in SuggestedAction.objects.all():
            self.actions_of[action.track].append(action)
        self.verbal = next(f for f in self.forms if f.code == FormCode.VERBAL)
        self.digital = next(f for f in self.forms if f.code == FormCode.DIGITAL)


@dataclass
class _PlannedIncident:
    incident: Incident
    involvements: list[tuple[int, str]]
    forms: list[int] = field(default_factory=list)
    examples: list[int] = field(default_factory=list)
    platforms: list[int] = field(default_factory=list)
    marks: list[int] = field(default_factory=list)


class _Incidents:
    """Incidents with their pupils, forms, examples, platforms and marks, saved together."""

    def __init__(self, rng: random.Random, ref: _Reference, now: datetime):
        self.rng = rng
        self.ref = ref
        self.now = now
        self.planned: list[_PlannedIncident] = []

    def add(
        self,
        *,
        day: date,
        registered_by: User,
        involvements: list[tuple[int, str]],
        case: Case | None = None,
        verified_at: datetime | None = None,
        verified_by: User | None = None,
        verified_classification: str = "",
        rich: bool = False,
    ) -> _PlannedIncident:
        rng = self.rng
        reported_at = at(day, rng.randint(8, 15), rng.choice((0, 15, 30, 45)))
        if rng.random() < 0.05:
            registered_at = reported_at + timedelta(hours=rng.randint(25, 72))  # late
        else:
            registered_at = reported_at + timedelta(minutes=rng.randint(10, 600))
        registered_at = min(registered_at, self.now)
        if verified_at is not None:
            verified_at = min(max(verified_at, registered_at), self.now)
        (reporter_kind,) = rng.choices(ReporterKind.values, weights=[5, 3, 2, 4, 1])
        forms = rng.sample(self.ref.forms, rng.choice((1, 1, 2))) if not rich else self.ref.forms
        classification = (
            verified_classification
            if verified_classification
            else rng.choice(list(Classification.values))
        )
        incident = Incident(
            occurred_on=day,
            occurred_time=time(rng.randint(8, 15), rng.choice((0, 30))),
            reported_at=reported_at,
            reporter_kind=reporter_kind,
            reporter_name=""
            if reporter_kind == ReporterKind.ANONYMOUS or rng.random() < 0.5
            else "Ouder van de leerling",
            location=rng.choice(list(Location.values)),
            description=rng.choice(DESCRIPTIONS),
            classification=classification,
            severity=Severity.SERIOUS if rng.random() < 0.15 else Severity.LIGHT,
            registered_by=registered_by,
            registered_at=registered_at,
            verified_at=verified_at,
            verified_by=verified_by,
            verified_classification=verified_classification,
            follow_up_note=""
            if verified_classification in ("", Classification.BULLYING)
            else "Besproken met de kinderen; excuses aangeboden en ouders gebeld.",
            case=case,
        )
        planned = _PlannedIncident(incident, involvements)
        for form in forms:
            planned.forms.append(form.pk)
            examples = self.ref.examples_of[form.pk]
            if examples:
                count = len(examples) if rich else rng.randint(1, min(2, len(examples)))
                planned.examples.extend(e.pk for e in rng.sample(examples, count))
        if self.ref.digital.pk in planned.forms and self.ref.platforms:
            count = len(self.ref.platforms) if rich else 1
            planned.platforms = [p.pk for p in rng.sample(self.ref.platforms, count)]
        if self.ref.marks and (rich or classification == Classification.BULLYING):
            count = len(self.ref.marks) if rich else rng.randint(1, min(3, len(self.ref.marks)))
            planned.marks = [m.pk for m in rng.sample(self.ref.marks, count)]
        self.planned.append(planned)
        return planned

    def save(self) -> None:
        _bulk(Incident, [p.incident for p in self.planned])
        _bulk(
            Involvement,
            [
                Involvement(incident_id=p.incident.pk, pupil_id=pupil_id, role=role)
                for p in self.planned
                for pupil_id, role in p.involvements
            ],
        )
        for name, attr, column in (
            ("forms", "forms", "bullyingform_id"),
            ("examples", "examples", "formexample_id"),
            ("platforms", "platforms", "digitalplatform_id"),
            ("marks", "marks", "bullyingmark_id"),
        ):
            through = getattr(Incident, name).through
            through.objects.bulk_create(
                [
                    through(incident_id=p.incident.pk, **{column: pk})
                    for p in self.planned
                    for pk in getattr(p, attr)
                ],
                batch_size=BATCH,
            )


@dataclass
class _CasePupils:
    group: SchoolGroup
    bullies: list[int]
    victims: list[int]
    others: list[tuple[int, str]]

    @property
    def main(self) -> list[int]:
        return self.bullies + self.victims

    def involvements(self) -> list[tuple[int, str]]:
        return (
            [(pk, InvolvementRole.BULLY) for pk in self.bullies]
            + [(pk, InvolvementRole.VICTIM) for pk in self.victims]
            + self.others
        )


class _Cases:
    """Cases walked through the stappenplan on paper: step changes, records and deadlines."""

    def __init__(
        self,
        rng: random.Random,
        people: _People,
        ref: _Reference,
        incidents: _Incidents,
        calendar: SchoolCalendar,
        today: date,
    ):
        self.rng = rng
        self.people = people
        self.ref = ref
        self.incidents = incidents
        self.calendar = calendar
        self.today = today
        self.cases: list[Case] = []
        self.teachers: dict[int, set[int]] = {}  # by index in self.cases
        self.transitions: list[CaseTransition] = []
        self.deadlines: list[CaseDeadline] = []
        self.conversations: list[tuple[Conversation, list[int]]] = []
        self.agreements: list[Agreement] = []
        self.parent_contacts: list[ParentContact] = []
        self.team_notices: list[TeamNotice] = []
        self.plans: list[tuple[ActionPlan, list[ActionPlanItem]]] = []
        self.meetings: list[tuple[ParentMeeting, list[int]]] = []
        self.consents: list[Consent] = []
        self.placements: list[Placement] = []
        self.suspensions: list[Suspension] = []

    # -- planning ---------------------------------------------------------------------------

    def path(self, state: str) -> list[str]:
        rng = self.rng
        head = ["verify_as_bullying", "complete_step_1"]
        to_4 = head + (
            ["complete_step_2", "complete_step_3"] if rng.random() < 0.35 else ["skip_step_3"]
        )
        to_5 = to_4 + ["complete_step_4"] + ["new_action_plan"] * (rng.random() < 0.2)
        to_6 = to_5 + ["escalate_to_step_6"]
        paths = {
            CaseState.STEP_1: ["verify_as_bullying"],
            CaseState.STEP_2: head,
            CaseState.STEP_3: head + ["complete_step_2"],
            CaseState.STEP_4: to_4,
            CaseState.STEP_5: to_5,
            CaseState.PHASING_OUT: to_5 + ["phase_out"],
            CaseState.STEP_6: to_6,
            CaseState.STEP_7: to_6 + ["place_elsewhere"],
            CaseState.STEP_8: to_6
            + (
                ["place_elsewhere", "suspend"]
                if rng.random() < 0.5
                else ["suspend_without_placement"]
            ),
        }
        if state == CaseState.CLOSED:
            if rng.random() < 0.8:
                return to_5 + ["phase_out", "close_after_phasing_out"]
            return rng.choice([head, to_4, to_5])[: rng.randint(1, 3)] + ["close_early"]
        return paths[state]

    def days_for(self, names: list[str], *, closed: bool) -> list[date]:
        """School days on which each step change of `names` was made, ending before today."""
        stays = [
            self.rng.randint(*STAY[get_transition(name).target])
            for name in names[:-1]
            if get_transition(name).target in STAY
        ]
        span = sum(stays)
        latest_start = self.today - timedelta(days=span + 1)
        if closed:
            earliest = self.today - timedelta(days=330)
            start = earliest + timedelta(
                days=self.rng.randint(0, max(0, (latest_start - earliest).days))
            )
        else:
            # Open: the current step began recently (some are overdue on purpose).
            start = latest_start - timedelta(days=self.rng.randint(0, 12))
        days, day = [], start
        for index in range(len(names)):
            day = min(self.calendar.next_school_day(day), self.today)
            days.append(day)
            if index < len(stays):
                day = day + timedelta(days=stays[index])
        return days

    def pupils_for(self, group: SchoolGroup) -> _CasePupils:
        rng = self.rng
        pool = self.people.pupils_of[group.pk]
        chosen = rng.sample(pool, rng.randint(2, 4))
        bullies = [chosen[0].pk] + ([chosen[2].pk] if len(chosen) > 3 else [])
        victims = [chosen[1].pk]
        others = [
            (p.pk, rng.choice([InvolvementRole.FOLLOWER, InvolvementRole.BYSTANDER]))
            for p in chosen[2:]
            if p.pk not in bullies
        ]
        return _CasePupils(group, bullies, victims, others)

    # -- one case ---------------------------------------------------------------------------

    def add(
        self,
        state: str,
        *,
        names: list[str] | None = None,
        pupils: _CasePupils | None = None,
        extra_incidents: int | None = None,
        first_incident_rich: bool = False,
        teacher: User | None = None,
        extra_teachers: Sequence[User] = (),
    ) -> Case:
        rng = self.rng
        names = names or self.path(state)
        closed = get_transition(names[-1]).target == CaseState.CLOSED
        days = self.days_for(names, closed=closed)
        group = pupils.group if pupils else self.people.weighted_group()
        pupils = pupils or self.pupils_for(group)
        registrar = teacher or self.people.registrar_for(group)
        verifier = self.people.group_teachers[self.people.groups.index(group)]
        ib = rng.choice(self.people.ibs)
        case = Case(
            state=CaseState.REPORTED,
            title=f"Pesten in {group.name}",
            opened_at=at(days[0], 15),
            opened_by=verifier,
            updated_by=verifier,
        )
        self.cases.append(case)
        team = {
            self.people.teacher_of[group.pk],
            *([registrar.pk] if registrar in self.people.teachers else []),
            *(user.pk for user in extra_teachers),
        }
        self.teachers[len(self.cases) - 1] = team

        first_day = self.calendar.previous_school_day(days[0] - timedelta(days=1))
        self.incidents.add(
            day=max(first_day, self.today - timedelta(days=364)),
            registered_by=registrar,
            involvements=pupils.involvements(),
            case=case,
            verified_at=at(days[0], 14),
            verified_by=verifier,
            verified_classification=Classification.BULLYING,
            rich=first_incident_rich,
        )
        extra = rng.choice((0, 0, 1, 2)) if extra_incidents is None else extra_incidents
        last_day = days[-1]
        for _ in range(extra):
            offset = rng.randint(0, max(0, (last_day - days[0]).days))
            day = self.calendar.next_school_day(days[0] + timedelta(days=offset))
            day = min(day, self.today)
            self.incidents.add(
                day=day,
                registered_by=self.people.registrar_for(group),
                involvements=[(pupils.bullies[0], InvolvementRole.BULLY)]
                + [(pk, InvolvementRole.VICTIM) for pk in pupils.victims],
                case=case,
                verified_at=at(day, 16),
                verified_by=verifier,
                verified_classification=Classification.BULLYING,
            )

        walker = _Walk(self, case, pupils, verifier, ib, team)
        for index, name in enumerate(names):
            next_day = days[index + 1] if index + 1 < len(names) else None
            next_name = names[index + 1] if index + 1 < len(names) else None
            walker.fire(name, days[index])
            walker.work(days[index], next_day or self.today, next_name)
        walker.finish()
        return case

    # -- saving -----------------------------------------------------------------------------

    def save(self) -> None:
        _bulk(Case, self.cases)
        Case.teachers.through.objects.bulk_create(
            [
                Case.teachers.through(case_id=self.cases[index].pk, user_id=user_id)
                for index, users in self.teachers.items()
                for user_id in users
            ],
            batch_size=BATCH,
        )
        _bulk(CaseTransition, self.transitions)
        _bulk(CaseDeadline, self.deadlines)
        _bulk(Conversation, [c for c, _ in self.conversations])
        Conversation.pupils.through.objects.bulk_create(
            [
                Conversation.pupils.through(conversation_id=c.pk, pupil_id=pk)
                for c, pupils in self.conversations
                for pk in pupils
            ],
            batch_size=BATCH,
        )
        _bulk(Agreement, self.agreements)
        _bulk(ParentContact, self.parent_contacts)
        _bulk(TeamNotice, self.team_notices)
        _bulk(ActionPlan, [plan for plan, _ in self.plans])
        _bulk(ActionPlanItem, [item for _, items in self.plans for item in items])
        _bulk(ParentMeeting, [m for m, _ in self.meetings])
        ParentMeeting.teachers_present.through.objects.bulk_create(
            [
                ParentMeeting.teachers_present.through(parentmeeting_id=m.pk, user_id=pk)
                for m, users in self.meetings
                for pk in users
            ],
            batch_size=BATCH,
        )
        _bulk(Consent, self.consents)
        _bulk(Placement, self.placements)
        _bulk(Suspension, self.suspensions)


class _Walk:
    """One case through its step changes: what is recorded in each step, and the deadlines."""

    def __init__(
        self,
        cases: _Cases,
        case: Case,
        pupils: _CasePupils,
        teacher: User,
        ib: User,
        team: set[int],
    ):
        self.c = cases
        self.case = case
        self.team = team
        self.pupils = pupils
        self.teacher = teacher
        self.ib = ib
        self.stage: CaseTransition | None = None
        self.open: list[CaseDeadline] = []
        self.agreements: list[Agreement] = []
        self.contacts: list[ParentContact] = []
        self.talked_on: date | None = None
        self.placement: Placement | None = None

    # The step change and its deadlines.

    def fire(self, name: str, day: date) -> None:
        transition = get_transition(name)
        moment = at(day, 15, 30)
        record = CaseTransition(
            case=self.case,
            name=name,
            from_state=self.case.state,
            to_state=transition.target,
            skipped=transition.skips is not None,
            reason=REASONS.get(name, ""),
            actor=self.ib if name in ("escalate_to_step_6", "close_early") else self.teacher,
            at=moment,
        )
        self.c.transitions.append(record)
        still_open = []
        for deadline in self.open:
            if transition.target == CaseState.CLOSED:
                deadline.resolution = DeadlineResolution.CANCELLED
            elif deadline.kind in transition.deadlines:
                deadline.resolution = DeadlineResolution.REPLACED
            elif name in MET_BY[deadline.kind]:
                deadline.resolution = DeadlineResolution.MET
            else:
                still_open.append(deadline)
                continue
            deadline.resolved_at = moment
        self.open = still_open
        calendar = self.c.calendar
        made_on = max((a.made_on for a in self.agreements if a.is_active), default=day)
        for kind in transition.deadlines:
            if kind == DeadlineRule.FIRST_EVALUATION:
                due = calendar.first_evaluation_due(made_on)
                for agreement in self.agreements:
                    if agreement.is_active and not agreement.outcome:
                        agreement.evaluate_on = due
            elif kind == DeadlineRule.PARENT_FOLLOWUP:
                due = calendar.parent_followup_due(calendar.first_evaluation_due(made_on))
                for contact in self.contacts:
                    if contact.follow_up_done_on is None:
                        contact.follow_up_due = due
            elif kind == DeadlineRule.NEXT_CONVERSATION:
                due = calendar.two_week_due(self.talked_on or day)
            elif kind == DeadlineRule.PLACEMENT_REVIEW:
                review = self.placement.review_on if self.placement else day
                due = calendar.next_school_day(review)
            else:
                due = calendar.two_week_due(day)
            deadline = CaseDeadline(case=self.case, kind=kind, due_on=due, set_by=record)
            self.c.deadlines.append(deadline)
            self.open.append(deadline)
        if name in MET_BY[DeadlineRule.PARENT_FOLLOWUP]:
            for contact in self.contacts:
                if contact.follow_up_due and contact.follow_up_done_on is None:
                    contact.follow_up_done_on = min(contact.follow_up_due, day)
        if transition.target == CaseState.STEP_5:
            self.case.step5_outcome_positive = None
        if name == "close_early" or transition.target == CaseState.CLOSED:
            self.case.closed_reason = REASONS.get(name, "")
        self.case.state = transition.target
        self.case.version += 1
        self.stage = record

    # What is recorded while the case is in the step `self.stage` entered.

    def _day(self, start: date, end: date) -> date:
        end = max(start, end)
        offset = self.c.rng.randint(0, (end - start).days)
        return min(self.c.calendar.next_school_day(start + timedelta(days=offset)), self.c.today)

    def _record(self, model, **fields):
        record = model(case=self.case, created_by=self.teacher, stage=self.stage, **fields)
        return record

    def _talk(self, kind: str, day: date, pupils: list[int], **extra) -> None:
        conversation = self._record(
            Conversation,
            kind=kind,
            held_on=day,
            notes=extra.pop("notes", "Gesprek gevoerd; afspraken doorgenomen en genoteerd."),
            **extra,
        )
        self.c.conversations.append((conversation, pupils))
        if kind != ConversationKind.SEPARATE:
            self.talked_on = day

    def _agree(self, day: date, evaluate_on: date | None = None) -> None:
        for pk in self.pupils.main:
            agreement = self._record(
                Agreement,
                pupil_id=pk,
                text="Ik laat de ander met rust in de pauze en meld het als het weer gebeurt.",
                made_on=day,
                evaluate_on=evaluate_on,
            )
            self.agreements.append(agreement)
            self.c.agreements.append(agreement)

    def _contact(self, day: date, *, about_plan: bool = False) -> ParentContact:
        contact = self._record(
            ParentContact,
            pupil_id=self.pupils.victims[0],
            contacted_on=day,
            channel=self.c.rng.choice(list(ContactChannel.values)),
            summary="Afspraken doorgenomen met de ouders; na de evaluatie bellen we weer.",
            about_action_plan=about_plan,
        )
        self.c.parent_contacts.append(contact)
        return contact

    def _plan(self, day: date) -> None:
        rng = self.c.rng
        plan = self._record(
            ActionPlan,
            period_start=day,
            period_end=day + timedelta(days=14),
            analysis="In de gymzaal en bij het fietsenhok is geen toezicht; daar gaat het mis.",
            goals="Het gepeste kind voelt zich weer veilig in de pauze en bij de gym.",
            external_help=rng.sample(["sbd", "ggd", "smw", "kanjer"], rng.randint(0, 2)),
            made_with_ib=self.ib,
            evaluate_on=day + timedelta(days=14),
        )
        items = []
        for track in (Track.BULLY, Track.VICTIM, Track.PARENTS):
            suggestions = self.c.ref.actions_of.get(track) or [None]
            suggestion = rng.choice(suggestions)
            items.append(
                ActionPlanItem(
                    plan=plan,
                    track=track,
                    suggested_action=suggestion,
                    action=suggestion.text[:300] if suggestion else "Dagelijks kort gesprek",
                    who=rng.choice(["Leerkracht", "IB", "Ouders"]),
                    when=rng.choice(["elke ochtend", "vrijdag", "na de pauze"]),
                )
            )
        self.c.plans.append((plan, items))
        notice = self._record(
            TeamNotice,
            informed_on=day,
            about_action_plan=True,
            note="Handelingsplan besproken in de teamvergadering.",
        )
        self.c.team_notices.append(notice)
        self._contact(day, about_plan=True)

    def _consents(self, step: str, day: date) -> None:
        for party in ConsentParty.values:
            self.c.consents.append(
                self._record(
                    Consent, step=step, party=party, given_by=f"namens {party}", given_on=day
                )
            )

    def _suspend(self, day: date) -> None:
        self._consents(CaseState.STEP_8, day)
        days = self.c.rng.randint(1, 3)
        start = self.c.calendar.next_school_day(day + timedelta(days=1))
        end = self.c.calendar.add_school_days(start, days - 1) if days > 1 else start
        self.c.suspensions.append(
            self._record(
                Suspension,
                pupil_id=self.pupils.bullies[0],
                start_date=start,
                end_date=end,
                school_days=days,
                reason="Aanhoudend pestgedrag ondanks alle afspraken.",
                objection_procedure="Bezwaar binnen zes weken bij het bestuur.",
            )
        )
        if days > 1:
            self.case.inspectie_notice_required = True

    def _evaluate(self, day: date, outcome: str) -> None:
        for agreement in self.agreements:
            if agreement.is_active and not agreement.outcome:
                agreement.outcome = outcome
                agreement.evaluated_on = day
                agreement.evaluation_note = "Besproken in het evaluatiegesprek."
                agreement.updated_by = self.teacher

    def work(self, start: date, end: date, next_name: str | None) -> None:
        """Record the work of the step just entered, between `start` and `end`; all of it
        when the case moves on (`next_name`), part of it when this is its current step."""
        rng = self.c.rng
        done = next_name is not None
        state = self.case.state
        day = self._day(start, end)
        if state == CaseState.STEP_1:
            for pk in self.pupils.main if done else self.pupils.main[:1]:
                self._talk(ConversationKind.SEPARATE, day, [pk])
            if done:
                self.case.analysis = "Het pesten gebeurt in de pauze, bijna elke dag."
                self.case.judged_serious = rng.random() < 0.3
                self.c.team_notices.append(
                    self._record(TeamNotice, informed_on=day, note="Extra toezicht op het plein.")
                )
        elif state == CaseState.STEP_2 and (done or rng.random() < 0.5):
            self._talk(ConversationKind.JOINT, day, self.pupils.main)
            self._agree(day)
        elif state == CaseState.STEP_3 and (done or rng.random() < 0.5):
            self.contacts.append(self._contact(day))
        elif state == CaseState.STEP_4 and done:
            self._talk(ConversationKind.JOINT, day, self.pupils.main)
            kept = rng.random() < 0.7
            self._evaluate(day, AgreementOutcome.KEPT if kept else AgreementOutcome.NOT_KEPT)
            if not kept:
                self._plan(day)
        elif state == CaseState.STEP_5 and (done or rng.random() < 0.4):
            self._talk(ConversationKind.FOLLOW_UP, day, self.pupils.main, reported_to_ib=True)
            if next_name == "phase_out":
                self.case.step5_outcome_positive = True
                self._evaluate(day, AgreementOutcome.KEPT)
            elif done:
                self.case.step5_outcome_positive = False
                self._evaluate(day, AgreementOutcome.NOT_KEPT)
            if next_name == "new_action_plan":
                # The old agreements are replaced by those of the new action plan.
                for agreement in self.agreements:
                    if agreement.is_active and agreement.outcome:
                        agreement.is_active = False
                self._agree(day, evaluate_on=self.c.calendar.two_week_due(day))
                self._plan(day)
        elif state == CaseState.STEP_6:
            if done or rng.random() < 0.5:
                meeting = self._record(
                    ParentMeeting,
                    held_on=day,
                    led_by=self.ib,
                    notes="Ouders van de groep geïnformeerd over het pestprobleem.",
                )
                self.c.meetings.append((meeting, sorted(self.team)))
            if next_name == "place_elsewhere":
                self._consents(CaseState.STEP_7, day)
                self.placement = self._record(
                    Placement,
                    pupil_id=self.pupils.bullies[0],
                    kind=PlacementKind.OTHER_GROUP,
                    destination="groep 8",
                    start_date=day,
                    end_date=day + timedelta(days=11),
                    review_on=day + timedelta(days=7),
                )
                self.c.placements.append(self.placement)
            elif next_name == "suspend_without_placement":
                self._suspend(day)
        elif state == CaseState.STEP_7:
            if self.placement and done:
                self.placement.reviewed_on = day
                self.placement.review_note = "Gaat beter; terug naar de eigen groep."
            if next_name == "suspend":
                self._suspend(day)
        elif state == CaseState.STEP_8 and next_name == "suspend_again":
            self._suspend(day)
        elif state == CaseState.PHASING_OUT and done and rng.random() < 0.5:
            self._talk(ConversationKind.FOLLOW_UP, day, self.pupils.main)

    def finish(self) -> None:
        first = min(self.open, key=lambda d: d.due_on, default=None)
        self.case.next_deadline = first.due_on if first else None
        self.case.next_deadline_kind = first.kind if first else ""


def _calendar_rows(school: School, today: date) -> tuple[list[SchoolYear], SchoolCalendar]:
    """This school year and the one before, with the usual Dutch holidays."""
    first = today.year if today.month >= 8 else today.year - 1
    years, holidays = [], []
    for start_year in (first - 1, first):
        year = SchoolYear(
            school=school,
            name=f"{start_year}-{start_year + 1}",
            start_date=date(start_year, 8, 17),
            end_date=date(start_year + 1, 7, 9),
        )
        years.append(year)
        for name, start, end in (
            ("Herfstvakantie", date(start_year, 10, 19), date(start_year, 10, 23)),
            ("Kerstvakantie", date(start_year, 12, 21), date(start_year + 1, 1, 1)),
            ("Voorjaarsvakantie", date(start_year + 1, 2, 15), date(start_year + 1, 2, 19)),
            ("Meivakantie", date(start_year + 1, 4, 26), date(start_year + 1, 5, 7)),
        ):
            holidays.append(Holiday(school_year=year, name=name, start_date=start, end_date=end))
    _bulk(SchoolYear, years)
    _bulk(Holiday, holidays)
    spans = [(h.start_date, h.end_date) for h in holidays]
    spans.append((years[0].end_date + timedelta(days=1), years[1].start_date - timedelta(days=1)))
    return years, SchoolCalendar(spans)


def _through_services(people: _People, ref: _Reference, calendar: SchoolCalendar) -> int:
    """A handful of cases written by the application's own services, each step on its own
    school day under a frozen clock; the reminder sweep runs after every step change."""
    from cases.incidents.services import incident_register
    from cases.incidents.verification import incident_verify
    from cases.stappenplan.services.transition import case_transition
    from cases.tests import case_steps

    teacher, ib, directie = people.bench_teacher, people.ibs[0], people.directie[0]
    pool = people.pupils_of[people.bench_group.pk]
    example = ref.examples_of[ref.verbal.pk][0]
    count = 0

    def school_day(days_ago: int) -> datetime:
        day = calendar.previous_school_day(timezone.localdate() - timedelta(days=days_ago))
        return at(day, 10, 30)

    def report(bully: Pupil, victim: Pupil, reporter_kind: str = ReporterKind.PUPIL) -> Incident:
        now = timezone.now()
        return incident_register(
            registered_by=teacher,
            occurred_on=timezone.localdate(),
            occurred_time=None,
            reported_at=now - timedelta(hours=2),
            reporter_kind=reporter_kind,
            reporter_name="",
            location=Location.PLAYGROUND,
            description="Tijdens het buitenspelen werd een kind steeds uitgescholden.",
            forms=[ref.verbal],
            examples=[example],
            platforms=[],
            digital_description="",
            marks=[],
            classification=Classification.BULLYING,
            severity=Severity.LIGHT,
            involvements=[(bully, InvolvementRole.BULLY), (victim, InvolvementRole.VICTIM)],
            attachments=[],
        )

    # (days ago, what happens that day) per case; the last entry leaves it in its step.
    def plan(pupil_offset: int, steps: list[tuple[int, str]]) -> None:
        nonlocal count
        bully, victim = pool[pupil_offset], pool[pupil_offset + 1]
        case = None
        for days_ago, what in steps:
            with time_machine.travel(school_day(days_ago), tick=False):
                if what == "open":
                    case = case_steps.open_case(report(bully, victim), teacher)
                elif what == "teasing":
                    incident_verify(
                        incident=report(bully, victim),
                        user=teacher,
                        classification=Classification.TEASING,
                        note="Plagen; besproken in de kring.",
                    )
                elif what == "step_1":
                    case_steps.finish_step_1(case, teacher)
                elif what == "step_2":
                    case_steps.finish_step_2(case, teacher)
                elif what == "step_4":
                    case_steps.finish_step_4(case, teacher)
                elif what == "step_5_not_positive":
                    case_steps.do_step_5_work(case, teacher, positive=False)
                elif what == "escalate":
                    case_transition(case=case, name="escalate_to_step_6", user=ib)
                elif what == "close_early":
                    case_transition(
                        case=case, name="close_early", user=directie, reason=REASONS[what]
                    )
        count += 1

    plan(0, [(2, "open")])
    plan(2, [(12, "open"), (9, "step_1")])
    plan(4, [(24, "open"), (22, "step_1"), (19, "step_2")])
    plan(6, [(40, "open"), (38, "step_1"), (35, "step_2"), (27, "step_4")])
    plan(
        8,
        [
            (60, "open"),
            (58, "step_1"),
            (55, "step_2"),
            (47, "step_4"),
            (33, "step_5_not_positive"),
            (32, "escalate"),
        ],
    )
    plan(10, [(80, "open"), (78, "close_early")])
    plan(12, [(5, "teasing")])
    return count


def _reminders(
    rng: random.Random,
    people: _People,
    cases: _Cases,
    incidents: _Incidents,
    today: date,
    now: datetime,
) -> None:
    """A year of reminders already sent, and the in-app notifications they made."""
    rows: dict[str, Reminder] = {}

    def remind(kind, due_on, recipient_id, *, case_id=None, incident_id=None, status=None):
        subject = (
            f"case-{case_id}" if case_id else f"incident-{incident_id}" if incident_id else "school"
        )
        key = reminder_key(kind=kind, subject=subject, due_on=due_on, recipient_id=recipient_id)
        created = at(due_on, 7, 0)
        rows.setdefault(
            key,
            Reminder(
                key=key,
                kind=kind,
                due_on=due_on,
                recipient_id=recipient_id,
                case_id=case_id,
                incident_id=incident_id,
                status=status or ReminderStatus.SENT,
                created_at=created,
                attempts=1,
                sent_at=created + timedelta(minutes=1),
            ),
        )

    kinds = {
        DeadlineRule.FIRST_EVALUATION: (
            ReminderKind.EVALUATION_UPCOMING,
            ReminderKind.EVALUATION_TODAY,
        ),
        DeadlineRule.PARENT_FOLLOWUP: (ReminderKind.FOLLOW_UP_DUE,),
        DeadlineRule.NEXT_CONVERSATION: (ReminderKind.ACTION_PLAN_ENDING,),
        DeadlineRule.PLACEMENT_REVIEW: (ReminderKind.PLACEMENT_ENDING,),
    }
    index_of = {id(case): i for i, case in enumerate(cases.cases)}
    for deadline in cases.deadlines:
        if deadline.due_on >= today:
            continue
        teachers = cases.teachers[index_of[id(deadline.case)]]
        for kind in kinds.get(deadline.kind, ()):
            for user_id in teachers:
                remind(kind, deadline.due_on, user_id, case_id=deadline.case.pk)
        if deadline.resolution != DeadlineResolution.MET and deadline.kind in (
            DeadlineRule.FIRST_EVALUATION,
            DeadlineRule.PARENT_FOLLOWUP,
        ):
            escalated = (
                ReminderKind.EVALUATION_ESCALATED
                if deadline.kind == DeadlineRule.FIRST_EVALUATION
                else ReminderKind.FOLLOW_UP_ESCALATED
            )
            for ib in people.ibs:
                remind(escalated, deadline.due_on, ib.pk, case_id=deadline.case.pk)
    for planned in incidents.planned:
        incident = planned.incident
        if incident.is_late:
            due = timezone.localdate(incident.reported_at + timedelta(hours=24))
            remind(
                ReminderKind.REGISTRATION_OVERDUE,
                due,
                incident.registered_by_id,
                incident_id=incident.pk,
            )
    monday = today - timedelta(days=today.weekday())
    for week in range(1, 53):
        day = monday - timedelta(weeks=week)
        for user in people.ibs + people.directie:
            remind(ReminderKind.WEEKLY_DIGEST, day, user.pk)
    # Some emails never arrived: directie sees them under delivery problems.
    failed = rng.sample(list(rows.values()), min(len(rows), max(3, len(rows) // 200)))
    for reminder in failed:
        reminder.status = ReminderStatus.FAILED
        reminder.sent_at = None
        reminder.attempts = 6
        reminder.last_error = "SMTPRecipientsRefused: mailbox unavailable"
    # The sweeps after the service-made step changes wrote some of these already.
    existing = set(Reminder.objects.filter(key__in=rows).values_list("key", flat=True))
    reminders = _bulk(Reminder, [r for key, r in rows.items() if key not in existing])

    notifications = []
    for reminder in reminders:
        read = reminder.due_on < today - timedelta(days=5) or rng.random() < 0.3
        notifications.append(
            Notification(
                recipient_id=reminder.recipient_id,
                kind=reminder.kind,
                reminder=reminder,
                case_id=reminder.case_id,
                incident_id=reminder.incident_id,
                due_on=reminder.due_on,
                created_at=reminder.created_at,
                read_at=reminder.created_at + timedelta(hours=3) if read else None,
            )
        )
        if reminder.status == ReminderStatus.FAILED:
            for user in people.directie:
                notifications.append(
                    Notification(
                        recipient_id=user.pk,
                        kind=ReminderKind.DELIVERY_PROBLEM,
                        reminder=reminder,
                        created_at=reminder.created_at + timedelta(hours=17),
                    )
                )
    _bulk(Notification, notifications)


def _confidential(
    rng: random.Random, people: _People, incidents: _Incidents, count: int, now: datetime
) -> None:
    """Reports to the aanspreekpersoon, with the conversation that followed."""
    reports, messages, notes, events, forwards = [], [], [], [], []
    confidant = people.confidant
    for _ in range(count):
        created = now - timedelta(days=rng.randint(0, 330), hours=rng.randint(0, 12))
        anonymous = rng.random() < 0.6
        status = rng.choices(list(ReportStatus.values), weights=[2, 3, 6])[0]
        report = ConfidentialReport(
            reporter_kind=rng.choice(list(ConfidentialReporterKind.values)),
            is_anonymous=anonymous,
            reporter_name="" if anonymous else "Een ouder",
            reporter_contact="" if anonymous else "ouder@example.org",
            message="Mijn kind wordt al weken buitengesloten en durft niet meer naar school.",
            consent_to_forward=rng.random() < 0.3,
            status=status,
            unread_by_confidant=status == ReportStatus.NEW and rng.random() < 0.7,
            created_at=created,
            last_activity_at=created,
            code_lookup=secrets.token_hex(32),
            code_hash=secrets.token_hex(32),
        )
        reports.append(report)
        moment = created
        for number in range(rng.randint(0, 5)):
            moment = min(moment + timedelta(days=rng.randint(0, 4), hours=2), now)
            from_reporter = number % 2 == 1
            messages.append(
                ReportMessage(
                    report=report,
                    author_kind=MessageAuthor.REPORTER
                    if from_reporter
                    else MessageAuthor.CONFIDANT,
                    author=None if from_reporter else confidant,
                    body="Dank voor je bericht. Wil je vertellen wanneer het gebeurt?",
                    created_at=moment,
                )
            )
        report.last_activity_at = moment
        for _ in range(rng.randint(0, 2)):
            notes.append(
                ConfidantNote(
                    report=report, author=confidant, body="Navragen bij de IB.", created_at=moment
                )
            )
        if status != ReportStatus.NEW:
            events.append(
                ReportEvent(
                    report=report,
                    kind=ReportEventKind.STATUS,
                    old_value=ReportStatus.NEW,
                    new_value=status,
                    by=confidant,
                    at=moment,
                )
            )
        if report.consent_to_forward and rng.random() < 0.5:
            incident = rng.choice(incidents.planned).incident
            forwards.append(
                ReportForward(
                    report=report,
                    recipient=ForwardRecipient.INCIDENT,
                    text="Een leerling wordt buitengesloten op het plein.",
                    forwarded_by=confidant,
                    forwarded_at=moment,
                    incident=incident,
                )
            )
    _bulk(ConfidentialReport, reports)
    _bulk(ReportMessage, messages)
    _bulk(ConfidantNote, notes)
    _bulk(ReportEvent, events)
    _bulk(ReportForward, forwards)


def school_build(*, scale: float, seed: int = SEED) -> BenchSchool:
    """Build the school; returns who and what the benchmark measures."""
    rng = random.Random(seed)
    sizes = Sizes.for_scale(scale)
    now = timezone.now()
    today = timezone.localdate(now)
    # The last day whose whole school day lies in the past: nothing is dated after `now`.
    last_day = today if timezone.localtime(now).time() >= time(17) else today - timedelta(days=1)

    with transaction.atomic():
        school = School.objects.create(name=demo.SCHOOL_NAME, city=demo.SCHOOL_CITY)
        _, calendar = _calendar_rows(school, today)
        people = _People(rng, sizes, school)
        ref = _Reference()

    # Through the services, before the bulk rows so that their reminder sweeps stay quick.
    via_services = _through_services(people, ref, calendar)

    with transaction.atomic():
        incidents = _Incidents(rng, ref, now)
        cases = _Cases(rng, people, ref, incidents, calendar, last_day)

        # The long case the case pages are measured on, in groep 5 (the benchmark teacher's):
        # rounds of new action plans in step 5, then steps 6, 7 and 8, suspended again.
        pool = people.pupils_of[people.bench_group.pk]
        chosen = pool[SERVICE_PUPILS : SERVICE_PUPILS + sizes.detail_pupils]
        roles = [InvolvementRole.FOLLOWER, InvolvementRole.DEFENDER, InvolvementRole.BYSTANDER]
        showcase_pupils = _CasePupils(
            people.bench_group,
            bullies=[chosen[0].pk],
            victims=[chosen[1].pk],
            others=[(p.pk, roles[i % len(roles)]) for i, p in enumerate(chosen[2:])],
        )
        rounds = sizes.showcase_rounds
        showcase = cases.add(
            CaseState.STEP_8,
            names=[
                "verify_as_bullying",
                "complete_step_1",
                "complete_step_2",
                "complete_step_3",
                "complete_step_4",
                *["new_action_plan"] * rounds,
                "escalate_to_step_6",
                "place_elsewhere",
                "suspend",
                *["suspend_again"] * max(1, rounds // 3),
            ],
            pupils=showcase_pupils,
            extra_incidents=sizes.showcase_incidents - 1,
            first_incident_rich=True,
            teacher=people.bench_teacher,
            # Its team grows too: colleagues assigned to the case, all at the parents' meeting.
            extra_teachers=people.other_teachers[: sizes.showcase_colleagues],
        )
        detail = incidents.planned[0].incident

        states = [s for s, _ in STATE_MIX]
        weights = [w for _, w in STATE_MIX]
        for _ in range(sizes.cases - 1):
            cases.add(rng.choices(states, weights=weights)[0])

        # Incidents outside cases: teasing, aggression, or not verified yet.
        standalone = max(0, sizes.incidents - len(incidents.planned) - via_services)
        for _ in range(standalone):
            day = last_day - timedelta(days=rng.randint(0, 364))
            day = min(calendar.next_school_day(day), last_day)
            group = people.weighted_group()
            chosen = rng.sample(people.pupils_of[group.pk], rng.randint(2, 4))
            involvements = [
                (chosen[0].pk, InvolvementRole.BULLY),
                (chosen[1].pk, InvolvementRole.VICTIM),
            ]
            involvements += [
                (
                    p.pk,
                    rng.choice(
                        [
                            InvolvementRole.FOLLOWER,
                            InvolvementRole.DEFENDER,
                            InvolvementRole.BYSTANDER,
                        ]
                    ),
                )
                for p in chosen[2:]
            ]
            recent = (last_day - day).days < 3
            verified = not recent or rng.random() < 0.5
            verifier = people.group_teachers[people.groups.index(group)]
            incidents.add(
                day=day,
                registered_by=people.registrar_for(group),
                involvements=involvements,
                verified_at=at(day, 16) + timedelta(days=1) if verified else None,
                verified_by=verifier if verified else None,
                verified_classification=rng.choice(
                    [Classification.TEASING, Classification.AGGRESSION]
                )
                if verified
                else "",
            )

        cases.save()
        incidents.save()
        _bulk(
            Attachment,
            [
                Attachment(
                    incident=detail,
                    file=f"attachments/benchmark-{index}.png",
                    original_name=f"schermafbeelding-{index + 1}.png",
                    content_type="image/png",
                    size=120_000 + index,
                    uploaded_by=people.bench_teacher,
                )
                for index in range(sizes.detail_attachments)
            ],
        )
        _reminders(rng, people, cases, incidents, today, now)
        _confidential(rng, people, incidents, sizes.reports, now)
        # Who sees what, as the services grant it for the rows they write.
        visibility_sync()

    counts = {
        "pupils": Pupil.objects.count(),
        "incidents": Incident.objects.count(),
        "involvements": Involvement.objects.count(),
        "cases": Case.objects.count(),
        "open cases": Case.objects.exclude(state=CaseState.CLOSED).count(),
        "step changes": CaseTransition.objects.count(),
        "conversations": Conversation.objects.count(),
        "agreements": Agreement.objects.count(),
        "action plans": ActionPlan.objects.count(),
        "reminders": Reminder.objects.count(),
        "notifications": Notification.objects.count(),
        "confidential reports": ConfidentialReport.objects.count(),
        "showcase case records": sum(
            model.objects.filter(case_id=showcase.pk).count()
            for model in (Conversation, Agreement, ParentContact, TeamNotice, ActionPlan, Consent)
        ),
    }
    return BenchSchool(
        teacher=people.bench_teacher,
        ib=people.ibs[0],
        directie=people.directie[0],
        confidant=people.confidant,
        showcase_case_id=showcase.pk,
        detail_incident_id=detail.pk,
        filter_group_id=people.bench_group.pk,
        filter_form_id=ref.verbal.pk,
        counts=counts,
    )
