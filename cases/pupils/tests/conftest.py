"""A pupil's record to look at: Sem (groep 5) in incidents of two school years, a case with an
agreement and a suspension, and a groep 7 incident the teacher of groep 5 may not see."""

import datetime

import pytest

from cases.models import Agreement, Suspension
from cases.visibility.permissions import visibility_sync
from tests.factories import CaseFactory, IncidentFactory, InvolvementFactory, SchoolYearFactory


@pytest.fixture
def years(school):
    return [
        SchoolYearFactory(
            school=school,
            name="2025-2026",
            start_date=datetime.date(2025, 8, 25),
            end_date=datetime.date(2026, 7, 10),
        ),
        SchoolYearFactory(
            school=school,
            name="2026-2027",
            start_date=datetime.date(2026, 8, 24),
            end_date=datetime.date(2027, 7, 9),
        ),
    ]


def incident_about(pupil, role, day, *, by, case=None, others=()):
    incident = IncidentFactory(registered_by=by, occurred_on=day, case=case)
    InvolvementFactory(incident=incident, pupil=pupil, role=role)
    for other, other_role in others:
        InvolvementFactory(incident=incident, pupil=other, role=other_role)
    return incident


@pytest.fixture
def record(years, ib, pupil_5, pupil_5b, pupil_7, other_teacher):
    """Sem's record: as victim last year, as bully this year in a case; and a groep 7 incident
    (registered by the groep 7 teacher) in which Sem is a bystander."""
    case = CaseFactory(
        opened_by=ib, opened_at=datetime.datetime(2026, 10, 6, 9, tzinfo=datetime.UTC)
    )
    made = {
        "last_year": incident_about(pupil_5, "victim", datetime.date(2026, 3, 2), by=ib),
        "this_year": incident_about(
            pupil_5,
            "bully",
            datetime.date(2026, 10, 5),
            by=ib,
            case=case,
            others=[(pupil_5b, "victim")],
        ),
        "groep_7": incident_about(
            pupil_5,
            "bystander",
            datetime.date(2026, 11, 1),
            by=other_teacher,
            others=[(pupil_7, "bully")],
        ),
        "case": case,
    }
    made["agreement"] = Agreement.objects.create(
        case=case,
        created_by=ib,
        pupil=pupil_5,
        text="Sem laat Lotte met rust in de pauze.",
        made_on=datetime.date(2026, 10, 8),
        outcome="kept",
    )
    made["suspension"] = Suspension.objects.create(
        case=case,
        created_by=ib,
        pupil=pupil_5,
        start_date=datetime.date(2026, 11, 20),
        end_date=datetime.date(2026, 11, 20),
        school_days=1,
        reason="Herhaald pesten.",
        objection_procedure="Bezwaar bij het bestuur.",
    )
    visibility_sync()
    return made
