"""A school week with registrations of every kind the weekoverzicht shows, at any scale."""

from datetime import date, datetime, time, timedelta

import pytest

from cases.models import Placement, Reminder, Suspension
from cases.review.weeks import Week
from cases.visibility.permissions import visibility_sync
from protocol.calendar import AMSTERDAM
from tests.factories import (
    BullyingFormFactory,
    CaseFactory,
    IncidentFactory,
    InvolvementFactory,
    PupilFactory,
    SchoolYearFactory,
)

# Week 11 of 2027, a school week; "today" is the Wednesday after it.
WEEK = Week(date(2027, 3, 15))
TODAY = datetime(2027, 3, 24, 10, 0, tzinfo=AMSTERDAM)


def at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=AMSTERDAM)


def build_school(*, scale: int, group, teacher, ib) -> dict:
    """`scale` times: late and on-time registrations, a teasing report with a follow-up note,
    a pupil in repeated incidents, cases overdue, escalated and serious, a placement, a
    suspension and an undelivered reminder."""
    form = BullyingFormFactory(code="verbal", name="Verbaal")
    made = {"late": [], "noted": [], "repeat": []}
    for _ in range(scale):
        pupil = PupilFactory(school=group.school, group=group)
        case = CaseFactory(
            opened_by=ib, state="step_6", judged_serious=True, next_deadline=date(2027, 3, 1)
        )
        case.teachers.add(teacher)
        for day in range(3):
            incident = IncidentFactory(
                registered_by=teacher,
                occurred_on=WEEK.monday + timedelta(days=day),
                reported_at=at(WEEK.monday + timedelta(days=day), 9),
                registered_at=at(WEEK.monday + timedelta(days=day), 11),
                case=case,
            )
            incident.forms.add(form)
            InvolvementFactory(incident=incident, pupil=pupil, role="victim")
        made["repeat"].append(pupil)
        late = IncidentFactory(
            registered_by=teacher,
            occurred_on=WEEK.monday,
            reported_at=at(WEEK.monday, 8),
            registered_at=at(WEEK.monday + timedelta(days=3), 10),
        )
        InvolvementFactory(incident=late, pupil=PupilFactory(school=group.school, group=group))
        made["late"].append(late)
        noted = IncidentFactory(
            registered_by=teacher,
            occurred_on=WEEK.friday,
            reported_at=at(WEEK.friday, 9),
            registered_at=at(WEEK.friday, 10),
            verified_at=at(WEEK.friday, 12),
            verified_by=ib,
            verified_classification="teasing",
            follow_up_note="Met beiden gepraat, het was over en weer.",
        )
        InvolvementFactory(incident=noted, pupil=PupilFactory(school=group.school, group=group))
        made["noted"].append(noted)
        Placement.objects.create(
            case=case,
            created_by=ib,
            pupil=pupil,
            kind="other_group",
            destination="groep 6",
            start_date=date(2027, 3, 22),
            end_date=date(2027, 3, 26),
            review_on=date(2027, 3, 26),
        )
        Suspension.objects.create(
            case=case,
            created_by=ib,
            pupil=pupil,
            start_date=date(2027, 3, 24),
            end_date=date(2027, 3, 24),
            school_days=1,
            reason="Reden.",
            objection_procedure="Bezwaar.",
        )
        Reminder.objects.create(
            key=f"problem-{case.pk}",
            kind="evaluation_today",
            due_on=date(2027, 3, 15),
            recipient=teacher,
            case=case,
            status="failed",
        )
    visibility_sync()
    return made


@pytest.fixture
def school_year(school):
    return SchoolYearFactory(school=school)
