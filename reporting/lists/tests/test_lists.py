"""The coordinator keeps the protocol's lists in the application, retiring instead of deleting."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.tests.helpers import otp_login
from protocol.models import DigitalPlatform, FormExample
from reporting.models import MonitorInstrument
from reporting.monitor.forms import MonitorResultForm
from tests.factories import DigitalPlatformFactory, FormExampleFactory, IncidentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_coordinator(client, coordinator):
    otp_login(client, coordinator)
    return client


def test_the_coordinator_adds_a_platform_with_a_custom_key(as_coordinator):
    response = as_coordinator.post(
        reverse("lists:items", args=["platforms"]), {"name": "Roblox", "order": 5}
    )

    assert response.status_code == 302
    platform = DigitalPlatform.objects.get(name="Roblox")
    assert platform.key.startswith("custom-")
    assert platform.is_active


def test_retiring_keeps_the_item_and_its_incidents(as_coordinator, ib):
    example = FormExampleFactory(text="Briefjes doorgeven")
    incident = IncidentFactory(registered_by=ib)
    incident.examples.add(example)

    as_coordinator.post(reverse("lists:retire", args=["voorbeelden", example.pk]))

    example.refresh_from_db()
    assert not example.is_active
    assert list(incident.examples.all()) == [example]
    as_coordinator.post(reverse("lists:retire", args=["voorbeelden", example.pk]))
    example.refresh_from_db()
    assert example.is_active


def test_an_edit_with_an_empty_text_comes_back_with_the_error(as_coordinator):
    example = FormExampleFactory(text="Uitschelden")

    response = as_coordinator.post(
        reverse("lists:edit", args=["voorbeelden", example.pk]),
        {"form": example.form_id, "text": "", "order": 1},
    )

    assert response.status_code == 200
    assert "text" in response.context["form"].errors
    assert FormExample.objects.get().text == "Uitschelden"


def test_no_form_of_bullying_is_added(as_coordinator):
    response = as_coordinator.post(reverse("lists:items", args=["vormen"]), {"name": "Nieuw"})

    assert response.status_code == 404


def test_an_unknown_list_is_not_found(as_coordinator):
    assert as_coordinator.get(reverse("lists:items", args=["onbekend"])).status_code == 404


def test_the_ib_cannot_edit_the_lists(client, ib):
    otp_login(client, ib)
    platform = DigitalPlatformFactory()

    assert client.get(reverse("lists:overview")).status_code == 403
    assert client.post(reverse("lists:retire", args=["platforms", platform.pk])).status_code == 403


def test_a_list_page_takes_the_same_queries_however_long(as_coordinator):
    FormExampleFactory()
    url = reverse("lists:items", args=["voorbeelden"])
    with CaptureQueriesContext(connection) as few:
        as_coordinator.get(url)
    FormExampleFactory.create_batch(20)

    with CaptureQueriesContext(connection) as many:
        as_coordinator.get(url)

    assert len(many) == len(few)


def test_the_coordinator_adds_and_retires_a_monitor_instrument(as_coordinator):
    as_coordinator.post(
        reverse("lists:items", args=["instrumenten"]), {"name": "Kanvas", "order": 9}
    )
    instrument = MonitorInstrument.objects.get(name="Kanvas")
    assert instrument in MonitorResultForm().fields["instrument"].queryset

    as_coordinator.post(reverse("lists:retire", args=["instrumenten", instrument.pk]))

    assert instrument not in MonitorResultForm().fields["instrument"].queryset
