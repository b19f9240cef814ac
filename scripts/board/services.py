"""The calendar rows, and the handful of cases written by the real services."""

from datetime import date, datetime, timedelta

import time_machine
from django.utils import timezone

from cases.incidents.services import incident_register
from cases.incidents.verification import incident_verify
from cases.models import (
    Classification,
    Holiday,
    Incident,
    InvolvementRole,
    Location,
    Pupil,
    ReporterKind,
    School,
    SchoolYear,
    Severity,
)
from cases.stappenplan.services.transition import case_transition
from cases.tests import case_steps
from protocol.calendar import SchoolCalendar
from scripts.board.people import People, Reference
from scripts.board.sizes import REASONS, YEARS, at, bulk


def calendar_rows(schools: list[School], today: date) -> SchoolCalendar:
    """YEARS school years up to this one for every school, with the usual Dutch holidays."""
    first = today.year if today.month >= 8 else today.year - 1
    starts = range(first - YEARS + 1, first + 1)
    years, holidays = [], []
    for school in schools:
        for start_year in starts:
            year = SchoolYear(
                school=school,
                name=f"{start_year}-{start_year + 1}",
                start_date=date(start_year, 8, 17),
                end_date=date(start_year + 1, 7, 9),
            )
            years.append(year)
            holidays.extend(_holidays(year, start_year))
    bulk(SchoolYear, years)
    bulk(Holiday, holidays)
    spans = {(h.start_date, h.end_date) for h in holidays}
    spans |= {(date(y, 7, 10), date(y, 8, 16)) for y in range(starts[0], first + 1)}
    return SchoolCalendar(sorted(spans))


def _holidays(year: SchoolYear, start_year: int) -> list[Holiday]:
    return [
        Holiday(school_year=year, name=name, start_date=start, end_date=end)
        for name, start, end in (
            ("Herfstvakantie", date(start_year, 10, 19), date(start_year, 10, 23)),
            ("Kerstvakantie", date(start_year, 12, 21), date(start_year + 1, 1, 1)),
            ("Voorjaarsvakantie", date(start_year + 1, 2, 15), date(start_year + 1, 2, 19)),
            ("Meivakantie", date(start_year + 1, 4, 26), date(start_year + 1, 5, 7)),
        )
    ]


# The service-made cases: (days ago, what happens that day) per case; the last entry leaves it
# in its step. Each takes two pupils of groep 5a, in turn (SERVICE_PUPILS in all).
SERVICE_CASES = [
    [(2, "open")],
    [(12, "open"), (9, "step_1")],
    [(24, "open"), (22, "step_1"), (19, "step_2")],
    [(40, "open"), (38, "step_1"), (35, "step_2"), (27, "step_4")],
    [
        (60, "open"),
        (58, "step_1"),
        (55, "step_2"),
        (47, "step_4"),
        (33, "step_5_not_positive"),
        (32, "escalate"),
    ],
    [(80, "open"), (78, "close_early")],
    [(5, "teasing")],
]


def through_services(people: People, ref: Reference, calendar: SchoolCalendar) -> int:
    """A handful of cases written by the application's own services, each step on its own
    school day under a frozen clock; the reminder sweep runs after every step change. Returns
    how many incidents they registered."""
    writer = _ServiceWriter(people, ref, calendar)
    pool = people.pupils_of[people.bench_group.pk]
    for number, steps in enumerate(SERVICE_CASES):
        writer.case(pool[2 * number], pool[2 * number + 1], steps)
    return len(SERVICE_CASES)


class _ServiceWriter:
    def __init__(self, people: People, ref: Reference, calendar: SchoolCalendar):
        self.teacher, self.ib = people.bench_teacher, people.ibs[0]
        self.directie = people.directie[0]
        self.ref, self.calendar = ref, calendar
        self.example = ref.examples_of[ref.verbal.pk][0]

    def school_day(self, days_ago: int) -> datetime:
        day = self.calendar.previous_school_day(timezone.localdate() - timedelta(days=days_ago))
        return at(day, 10, 30)

    def report(self, bully: Pupil, victim: Pupil) -> Incident:
        return incident_register(
            registered_by=self.teacher,
            occurred_on=timezone.localdate(),
            occurred_time=None,
            reported_at=timezone.now() - timedelta(hours=2),
            reporter_kind=ReporterKind.PUPIL,
            reporter_name="",
            location=Location.PLAYGROUND,
            description="Tijdens het buitenspelen werd een kind steeds uitgescholden.",
            forms=[self.ref.verbal],
            examples=[self.example],
            platforms=[],
            digital_description="",
            marks=[],
            classification=Classification.BULLYING,
            severity=Severity.LIGHT,
            involvements=[(bully, InvolvementRole.BULLY), (victim, InvolvementRole.VICTIM)],
            attachments=[],
        )

    def case(self, bully: Pupil, victim: Pupil, steps: list[tuple[int, str]]) -> None:
        case = None
        for days_ago, what in steps:
            with time_machine.travel(self.school_day(days_ago), tick=False):
                case = self.step(what, case, bully, victim)

    def step(self, what: str, case, bully: Pupil, victim: Pupil):
        teacher = self.teacher
        if what == "open":
            return case_steps.open_case(self.report(bully, victim), teacher)
        if what == "teasing":
            incident_verify(
                incident=self.report(bully, victim),
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
            case_transition(case=case, name="escalate_to_step_6", user=self.ib)
        elif what == "close_early":
            case_transition(case=case, name="close_early", user=self.directie, reason=REASONS[what])
        return case
