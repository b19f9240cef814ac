"""The protocol's four-yearly evaluation (§12), recorded as data by the coordinator."""

from datetime import date, datetime

import pytest
import time_machine
from django.urls import reverse

from accounts.tests.helpers import otp_login
from protocol.calendar import AMSTERDAM
from protocol.models import ProtocolEvaluation

pytestmark = pytest.mark.django_db

PAGE = reverse("yearly:protocol_evaluation")


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(datetime(2027, 6, 1, 12, 0, tzinfo=AMSTERDAM), tick=False):
        yield


def test_the_next_evaluation_is_due_four_years_later_by_default(client, coordinator):
    otp_login(client, coordinator)

    response = client.post(PAGE, {"evaluated_on": "15-01-2027", "outcome": "Ongewijzigd."})

    assert response.status_code == 302
    assert ProtocolEvaluation.objects.get().next_due == date(2031, 1, 15)


def test_a_future_evaluation_is_refused_at_the_field(client, coordinator):
    otp_login(client, coordinator)

    response = client.post(PAGE, {"evaluated_on": "01-09-2027", "outcome": "Te vroeg."})

    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"evaluated_on"}
    assert not ProtocolEvaluation.objects.exists()


def test_the_directie_reads_but_does_not_record(client, directie, coordinator):
    ProtocolEvaluation.objects.create(
        evaluated_on=date(2027, 1, 15),
        outcome="Digitaal pesten uitgebreid.",
        next_due=date(2031, 1, 15),
        recorded_by=coordinator,
    )
    otp_login(client, directie)

    assert "Digitaal pesten uitgebreid." in client.get(PAGE).content.decode()
    assert client.post(PAGE, {"evaluated_on": "01-01-2027", "outcome": "x"}).status_code == 403
