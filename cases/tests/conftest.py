"""Fixtures for the case services: a frozen clock, a bullying report in groep 5 and its case."""

from datetime import datetime

import pytest
import time_machine
from django.utils import translation

from cases.models import Case, Incident
from cases.tests.case_steps import bullying_incident, escalate_to_step_6, open_case
from protocol.calendar import AMSTERDAM
from tests.factories import SchoolYearFactory

# Monday 2 November 2026, during a lesson break.
NOW = datetime(2026, 11, 2, 10, 30, tzinfo=AMSTERDAM)


@pytest.fixture
def english():
    """Compare messages with their English msgids."""
    with translation.override("en"):
        yield


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def school_year(school):
    return SchoolYearFactory(school=school)


@pytest.fixture
def incident(clock, teacher, pupil_5, pupil_5b) -> Incident:
    """Sem (groep 5) bullies Lotte (groep 5); registered by their teacher Anna."""
    return bullying_incident(registered_by=teacher, bully=pupil_5, victim=pupil_5b)


@pytest.fixture
def case(incident, teacher) -> Case:
    """The case opened when Anna verified the report as bullying: at step 1."""
    return open_case(incident, teacher)


@pytest.fixture
def case_at_step_6(case, teacher, ib) -> Case:
    """Effects not positive after step 5; the IB escalated to the meeting of step 6."""
    escalate_to_step_6(case, teacher, ib)
    return case
