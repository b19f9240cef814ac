"""The yearly report, the monitor, the aanspreekpersoon's page and the protocol evaluation
take the same number of queries however much there is to show."""

from datetime import date, datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.tests.helpers import otp_login
from confidential.tests.factories import ConfidentialReportFactory
from protocol.calendar import AMSTERDAM
from protocol.models import ProtocolEvaluation
from reporting.models import MonitorInstrument, MonitorResult, Training
from tests.factories import (
    IncidentFactory,
    InvolvementFactory,
    PupilFactory,
    SchoolGroupFactory,
    SchoolYearFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(datetime(2027, 6, 1, 12, 0, tzinfo=AMSTERDAM), tick=False):
        yield


def _more(year, coordinator, ib, school, n: int, offset: int) -> None:
    instrument = MonitorInstrument.objects.first()
    for index in range(offset, offset + n):
        group = SchoolGroupFactory(school=school, name=f"groep x{index}", order=index)
        incident = IncidentFactory(
            registered_by=ib, reported_at=datetime(2026, 10, 1 + index, 10, tzinfo=AMSTERDAM)
        )
        InvolvementFactory(incident=incident, pupil=PupilFactory(school=school, group=group))
        MonitorResult.objects.create(
            school_year=year,
            group=group,
            instrument=instrument,
            measured_on=date(2027, 3, 1),
            feel_safe_percent=80 + index,
            recorded_by=coordinator,
        )
        Training.objects.create(
            school_year=year,
            held_on=date(2026, 11, 1 + index),
            subject=f"Scholing {index}",
            participants="Team",
            recorded_by=coordinator,
        )
        ConfidentialReportFactory(created_at=datetime(2026, 11, 1 + index, tzinfo=AMSTERDAM))
        ProtocolEvaluation.objects.create(
            evaluated_on=date(2020 + index % 5, 1, 1 + index),
            outcome="Ongewijzigd.",
            next_due=date(2030, 1, 1),
            recorded_by=coordinator,
        )


@pytest.mark.parametrize(
    ("who", "name", "with_year"),
    [
        ("coordinator", "yearly:report", True),
        ("coordinator", "monitor:page", False),
        ("coordinator", "yearly:protocol_evaluation", False),
        ("confidant", "yearly:contribution", True),
    ],
)
def test_the_page_takes_the_same_queries_with_more_data(
    client, request, who, name, with_year, coordinator, ib, school
):
    year = SchoolYearFactory(school=school)
    otp_login(client, request.getfixturevalue(who))
    url = reverse(name, args=[year.pk] if with_year else [])
    _more(year, coordinator, ib, school, 2, 0)
    client.get(url)  # warm caches (content types, the session)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _more(year, coordinator, ib, school, 8, 2)

    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200

    assert len(many) == len(few), [q["sql"][:120] for q in many.captured_queries]
    assert len(many) <= 50
