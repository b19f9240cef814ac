import datetime
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.tests.helpers import password_login
from cases.conftest import image_bytes, pdf_bytes, upload
from cases.incidents.attachments import attachment_inspect, attachments_store_pending
from cases.incidents.services import incident_register
from cases.models import Incident
from tests.factories import PupilFactory

pytestmark = pytest.mark.django_db

AMS = ZoneInfo("Europe/Amsterdam")
REPORTED = datetime.datetime(2027, 3, 15, 10, 0, tzinfo=AMS)


@pytest.fixture
def register(teacher, pupil_5, pupil_5b, protocol):
    """Register through the service at a given moment, as the form would."""

    def call(*, at=REPORTED + datetime.timedelta(hours=2), involvements=None, files=(), **kw):
        with time_machine.travel(at, tick=False):
            stored = attachments_store_pending(
                uploads=[(file, attachment_inspect(file)) for file in files],
                uploaded_by=teacher,
            )
            kwargs = {
                "registered_by": teacher,
                "occurred_on": REPORTED.date(),
                "occurred_time": datetime.time(9, 40),
                "reported_at": REPORTED,
                "reporter_kind": "parent",
                "reporter_name": "Vader van Lotte",
                "location": "playground",
                "description": "Sem duwde Lotte <b>tegen het hek</b>.\nLotte huilde.",
                "forms": [protocol["physical"]],
                "examples": [protocol["hitting"], protocol["group_app"]],
                "platforms": [protocol["whatsapp"]],
                "digital_description": "filmpje gedeeld",
                "marks": [protocol["repeated"], protocol["power"]],
                "classification": "bullying",
                "severity": "serious",
                "involvements": involvements or [(pupil_5, "bully"), (pupil_5b, "victim")],
                "attachments": stored,
            }
            kwargs.update(kw)
            return incident_register(**kwargs)

    return call


@pytest.fixture
def logged_in(client, teacher):
    password_login(client, teacher)
    return client


def page(client, incident) -> str:
    response = client.get(incident.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_it_shows_everything_recorded(logged_in, register, protocol, dutch):
    incident = register(files=[upload("foto plein.png", image_bytes("PNG"))])

    html = page(logged_in, incident)

    assert "maandag 15 maart 2027, 09:40" in html
    assert "maandag 15 maart 2027, 10:00" in html
    assert "Vader van Lotte" in html
    assert incident.get_location_display() in html
    assert "Sem duwde Lotte &lt;b&gt;tegen het hek&lt;/b&gt;.<br>Lotte huilde." in html
    for text in ["Sem Bakker", "Lotte van Dam", "groep 5"]:
        assert text in html
    assert 'class="badge text-bg-secondary align-self-center role-bully"' in html
    assert 'class="badge text-bg-secondary align-self-center role-victim"' in html
    # The example of the digital form added that form; each example sits under its form.
    assert html.index("Fysiek") < html.index("Slaan of schoppen.") < html.index("Digitaal")
    assert html.index("Digitaal") < html.index("Uitsluiting in groepsapps.")
    assert "WhatsApp" in html and "filmpje gedeeld" in html
    assert "Herhaalde actie." in html and "Er is sprake van machtsongelijkheid." in html
    assert incident.get_classification_display() in html
    assert incident.get_severity_display() in html
    assert "Anna de Vries" in html


def test_it_links_each_attachment_for_download(logged_in, register):
    incident = register(
        files=[upload("foto.png", image_bytes("PNG")), upload("brief.pdf", pdf_bytes())]
    )

    html = page(logged_in, incident)

    for attachment in incident.attachments.all():
        url = reverse("cases:attachment_download", args=[incident.pk, attachment.pk])
        assert f'href="{url}">{attachment.original_name}</a>' in html


def test_a_registration_after_exactly_24_hours_is_on_time(logged_in, register, dutch):
    incident = register(at=REPORTED + datetime.timedelta(hours=24))

    html = page(logged_in, incident)

    assert "Op tijd geregistreerd" in html
    assert "Te laat" not in html


def test_a_registration_one_minute_after_24_hours_is_late(logged_in, register, dutch):
    incident = register(at=REPORTED + datetime.timedelta(hours=24, minutes=1))

    html = page(logged_in, incident)

    assert "Te laat geregistreerd: 1 dag en 1 minuut na de melding" in html


def test_the_late_message_says_how_late(logged_in, register, dutch):
    incident = register(at=REPORTED + datetime.timedelta(days=1, hours=3))

    assert "Te laat geregistreerd: 1 dag en 3 uur na de melding" in page(logged_in, incident)


def test_anonymous_visitors_are_sent_to_the_login_page(client, register):
    incident = register()

    response = client.get(incident.get_absolute_url())

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_an_unknown_incident_is_not_found(logged_in):
    assert logged_in.get(reverse("cases:incident_detail", args=[4242])).status_code == 404


def test_an_incident_the_user_may_not_see_is_not_found(logged_in, register):
    incident = register()

    with mock.patch(
        "cases.incidents.views.incidents.incidents_visible_to", return_value=Incident.objects.none()
    ):
        response = logged_in.get(incident.get_absolute_url())

    assert response.status_code == 404


def test_the_number_of_queries_does_not_grow_with_what_was_recorded(
    logged_in, register, group_5, django_assert_num_queries
):
    small = register(involvements=[(PupilFactory(group=group_5), "victim")])
    with CaptureQueriesContext(connection) as queries:
        page(logged_in, small)

    pupils = PupilFactory.create_batch(8, group=group_5)
    large = register(
        involvements=[(pupil, "bystander") for pupil in pupils],
        files=[upload(f"foto{n}.png", image_bytes("PNG")) for n in range(5)],
    )
    with django_assert_num_queries(len(queries)):
        page(logged_in, large)
