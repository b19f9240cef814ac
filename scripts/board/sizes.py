"""The board's sizes at a scale, the tunables of the generator, and small helpers."""

from dataclasses import dataclass, field
from datetime import date, datetime, time

from accounts.models import User
from protocol.calendar import AMSTERDAM
from protocol.stappenplan import CaseState, DeadlineRule
from scripts.board.copy import rows_create

SEED = 20261124

# At scale 1: a large school board. 10,000 pupils in groups of PUPILS_PER_GROUP (400 groups,
# groep 1 to 8), GROUPS_PER_SCHOOL groups to a school (so ten schools), and five school years
# of work: 100,000 incidents and 20,000 cases in every step. Scale 0.1 is one large school.
BASE_PUPILS = 10_000
BASE_INCIDENTS = 100_000
BASE_CASES = 20_000
BASE_REPORTS = 1_500
YEARS = 5  # school years of incidents and cases, this one included
PUPILS_PER_GROUP = 25
GROUPS_PER_SCHOOL = 40
TWO_GROUP_EVERY = 3  # of every three groups, two share one teacher: she teaches two groups
# Reminders and notifications are kept for the last school year only: no page reads older
# ones (the notification list is newest first, one page at a time).
REMINDER_HISTORY_DAYS = 365
# The long case the case pages are measured on (rounds of "new action plan" in step 5, its
# incidents and its colleagues) and the incident whose detail page is measured (its pupils and
# attachments) are the same at every scale: the benchmark compares one page as the data
# around it grows.
SHOWCASE_ROUNDS = 6
SHOWCASE_INCIDENTS = 8
DETAIL_PUPILS = 8
DETAIL_ATTACHMENTS = 3
SHOWCASE_COLLEAGUES = 2
# The service-made cases take the first SERVICE_PUPILS of groep 5a, the long case the next ones.
SERVICE_PUPILS = 14
MIN_GROUPS = 8
MIN_PUPILS_PER_GROUP = SERVICE_PUPILS + DETAIL_PUPILS + 2
OTHER_TEACHERS = 3  # without a group of their own (gym, remedial teaching)

# Upper groups report more, as in the demo school.
GROUP_WEIGHTS = {1: 1, 2: 1, 3: 2, 4: 3, 5: 6, 6: 5, 7: 6, 8: 5}
BENCH_GROUP = "groep 5a"

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
    groups: int
    incidents: int
    cases: int
    reports: int
    showcase_rounds: int = SHOWCASE_ROUNDS
    showcase_incidents: int = SHOWCASE_INCIDENTS
    detail_pupils: int = DETAIL_PUPILS
    detail_attachments: int = DETAIL_ATTACHMENTS
    showcase_colleagues: int = SHOWCASE_COLLEAGUES

    @classmethod
    def for_scale(cls, scale: float) -> "Sizes":
        def times(base: int) -> int:
            return max(1, round(base * scale))

        groups = max(MIN_GROUPS, round(times(BASE_PUPILS) / PUPILS_PER_GROUP))
        return cls(
            pupils=max(times(BASE_PUPILS), groups * MIN_PUPILS_PER_GROUP),
            groups=groups,
            incidents=times(BASE_INCIDENTS),
            cases=times(BASE_CASES),
            reports=times(BASE_REPORTS),
        )

    @property
    def schools(self) -> int:
        return -(-self.groups // GROUPS_PER_SCHOOL)


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


def bulk(model, rows: list) -> list:
    """Save unsaved rows in bulk (COPY on PostgreSQL); they get their ids."""
    return rows_create(model, rows)
