"""The confidant passes a report on to the school as an incident, with only what they type."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.db.models import CharField, TextField
from django.test import Client
from django.utils import translation

from accounts.tests.helpers import otp_login
from cases.models import Attachment, Incident, Involvement
from confidential.models import ForwardRecipient, ReportEvent, ReportForward
from confidential.services import (
    report_consent_change,
    report_forward_as_incident,
    report_submit,
)
from tests.factories import (
    BullyingFormFactory,
    BullyingMarkFactory,
    FormExampleFactory,
    PupilFactory,
    SchoolGroupFactory,
)

pytestmark = pytest.mark.django_db

AMS = ZoneInfo("Europe/Amsterdam")
RECEIVED = datetime.datetime(2027, 3, 15, 8, 10, 42, tzinfo=AMS)
NOW = datetime.datetime(2027, 3, 15, 12, 30, tzinfo=AMS)
REPORTED_MESSAGE = "Mijn dochter Sanne wordt in de klassenapp buitengesloten door Sem."
QUERIES = 13  # the session is not rewritten within a minute; the confidant's unread notices
CHOSEN = "Een leerling uit groep 5 wordt buitengesloten in een groepsapp; graag alert zijn."


def url(report, action="doorgeven/"):
    return f"/vertrouwelijk/{report.pk}/{action}"


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def submit(**overrides):
    """A report as it came in through the public form at RECEIVED; returns it with its code."""
    values = {
        "reporter_kind": "parent",
        "is_anonymous": False,
        "reporter_name": "Marieke de Boer",
        "reporter_contact": "marieke@example.org",
        "message": REPORTED_MESSAGE,
        "consent_to_forward": True,
        **overrides,
    }
    with time_machine.travel(RECEIVED, tick=False):
        return report_submit(**values)


@pytest.fixture
def submitted():
    return submit()


@pytest.fixture
def report(submitted):
    return submitted[0]


@pytest.fixture
def without_consent():
    return submit(consent_to_forward=False)[0]


@pytest.fixture
def verbal(db):
    form = BullyingFormFactory(code="verbal", order=1)
    return {
        "form": form,
        "example": FormExampleFactory(form=form, text="Buitensluiten."),
        "mark": BullyingMarkFactory(text="Herhaalde actie."),
    }


@pytest.fixture
def logged_in(client, confidant):
    otp_login(client, confidant)
    return client


@pytest.fixture
def data(pupil_5, pupil_5b, verbal):
    return {
        "occurred_on": "2027-03-14",
        "occurred_time": "",
        "reporter_kind": "parent",
        "reporter_name": "",
        "location": "online",
        "description": CHOSEN,
        "bullying_forms": [verbal["form"].pk],
        "examples": [verbal["example"].pk],
        "digital_description": "",
        "marks": [verbal["mark"].pk],
        "classification": "bullying",
        "severity": "serious",
        "pupils-TOTAL_FORMS": "3",
        "pupils-INITIAL_FORMS": "0",
        "pupils-MIN_NUM_FORMS": "0",
        "pupils-MAX_NUM_FORMS": "40",
        "pupils-0-pupil": str(pupil_5.pk),
        "pupils-0-role": "bully",
        "pupils-1-pupil": str(pupil_5b.pk),
        "pupils-1-role": "victim",
        "pupils-2-pupil": "",
        "pupils-2-role": "",
    }


def nothing_was_passed_on(report) -> bool:
    return (
        not Incident.objects.exists()
        and not Involvement.objects.exists()
        and not ReportForward.objects.filter(report=report).exists()
        and not ReportEvent.objects.filter(report=report, kind="forward").exists()
    )


# --- The screen ------------------------------------------------------------------------------


def test_the_screen_starts_with_an_empty_description_and_no_reporter_name(logged_in, report):
    response = logged_in.get(url(report))

    assert response.status_code == 200
    form = response.context["form"]
    assert form["description"].value() in (None, "")
    assert form["reporter_name"].value() in (None, "")
    html = response.content.decode()
    start = html.index('name="description"')
    textarea = html[start : html.index("</textarea>", start)]
    assert REPORTED_MESSAGE not in textarea
    assert 'value="Marieke de Boer"' not in html
    assert "marieke@example.org" not in html
    assert "no-store" in response["Cache-Control"]


def test_the_original_message_is_there_to_read_but_outside_the_form(logged_in, report):
    html = logged_in.get(url(report)).content.decode()

    form_html = html[html.index('id="incident-form"') : html.index("</form>")]
    assert REPORTED_MESSAGE in html
    assert REPORTED_MESSAGE not in form_html


def test_the_report_moment_is_fixed_to_when_the_report_came_in(logged_in, report):
    html = logged_in.get(url(report)).content.decode()

    field = html[html.index('name="reported_at"') - 200 : html.index('name="reported_at"') + 200]
    assert 'value="2027-03-15T08:10"' in field
    assert "disabled" in field
    assert 'name="occurred_on" value="2027-03-15"' in html


def test_there_is_no_way_to_attach_files(logged_in, report):
    html = logged_in.get(url(report)).content.decode()

    assert 'type="file"' not in html
    assert "enctype" not in html[html.index('id="incident-form"') - 200 :]


@pytest.mark.parametrize(
    ("reporter_kind", "is_anonymous", "expected"),
    [
        ("pupil", True, "anonymous"),
        ("parent", True, "anonymous"),
        ("pupil", False, "pupil"),
        ("parent", False, "parent"),
        ("staff", False, "colleague"),
        ("other", False, None),
    ],
)
def test_who_reported_it_follows_the_report(logged_in, reporter_kind, is_anonymous, expected):
    identity = {} if is_anonymous else {"reporter_name": "Iemand", "reporter_contact": ""}
    report = submit(reporter_kind=reporter_kind, is_anonymous=is_anonymous, **identity)[0]

    form = logged_in.get(url(report)).context["form"]

    assert form["reporter_kind"].value() == (expected or "")


@pytest.mark.parametrize("pupils", [1, 30])
def test_the_screen_makes_a_constant_number_of_queries(
    logged_in, report, school, django_assert_num_queries, pupils
):
    for number in range(pupils):
        group = SchoolGroupFactory(school=school, name=f"groep {number}", order=number)
        PupilFactory(school=school, group=group)

    # Session (read, and its activity saved in three), user, device, roles, report, pupils,
    # reporter's messages, menu count, forms, examples, marks: however many pupils and groups.
    with django_assert_num_queries(QUERIES):
        assert logged_in.get(url(report)).status_code == 200


# --- Passing it on ---------------------------------------------------------------------------


def test_it_registers_an_incident_with_what_the_confidant_chose(
    logged_in, confidant, report, data, pupil_5, pupil_5b, verbal
):
    response = logged_in.post(url(report), data)

    assert response.status_code == 302
    assert response["Location"] == url(report, "")
    incident = Incident.objects.get()
    assert incident.description == CHOSEN
    assert incident.registered_by == confidant
    assert incident.registered_at == NOW
    assert incident.occurred_on == datetime.date(2027, 3, 14)
    assert (incident.reporter_kind, incident.reporter_name) == ("parent", "")
    assert (incident.location, incident.classification, incident.severity) == (
        "online",
        "bullying",
        "serious",
    )
    assert {(i.pupil, i.role) for i in incident.involvements.all()} == {
        (pupil_5, "bully"),
        (pupil_5b, "victim"),
    }
    assert list(incident.forms.all()) == [verbal["form"]]
    assert list(incident.examples.all()) == [verbal["example"]]
    assert list(incident.marks.all()) == [verbal["mark"]]
    assert not incident.attachments.exists()


def test_the_forward_is_linked_to_the_incident_and_recorded(logged_in, confidant, report, data):
    logged_in.post(url(report), data)

    incident = Incident.objects.get()
    forward = report.forwards.get()
    assert (forward.incident, forward.recipient, forward.forwarded_by) == (
        incident,
        "incident",
        confidant,
    )
    assert forward.text == CHOSEN
    assert forward.forwarded_at == incident.registered_at
    events = {(e.kind, e.old_value, e.new_value, e.by) for e in report.events.all()}
    assert events == {
        ("forward", "", str(incident.pk), confidant),
        ("status", "new", "in_progress", confidant),
    }
    report.refresh_from_db()
    assert report.status == "in_progress"


def test_the_24_hours_count_from_when_the_report_came_in(logged_in, report, data):
    # The form cannot move the moment, even when one is posted.
    logged_in.post(url(report), {**data, "reported_at": "2027-03-15T12:29"})

    incident = Incident.objects.get()
    assert incident.reported_at == report.created_at
    assert incident.registration_delay == NOW - RECEIVED
    assert not incident.is_late


def test_a_report_passed_on_days_later_is_registered_late(client, confidant, report, data):
    with time_machine.travel(RECEIVED + datetime.timedelta(days=3), tick=False):
        otp_login(client, confidant)
        assert client.post(url(report), data).status_code == 302

    assert Incident.objects.get().is_late


def test_the_confirmation_gives_the_incident_number_without_a_link(logged_in, report, data):
    response = logged_in.post(url(report), data, follow=True)

    incident = Incident.objects.get()
    html = response.content.decode()
    shown = [str(message) for message in response.context["messages"]]
    assert len(shown) == 1
    assert f"#{incident.pk}" in shown[0]
    assert shown[0] in html
    assert incident.get_absolute_url() not in html
    assert f'href="/meldingen/{incident.pk}' not in html


def test_the_reporter_sees_only_that_and_when_it_was_passed_on(logged_in, submitted, data):
    report, code = submitted
    logged_in.post(url(report), data)
    incident = Incident.objects.get()

    reporter = Client()
    reporter.post("/melden/opvolgen/", {"code": code, "subject": ""})
    html = reporter.get("/melden/opvolgen/").content.decode()

    with translation.override("nl"):
        told = translation.gettext(
            "On %(date)s the confidential contact person passed something on to the school, "
            "as you agreed."
        ) % {"date": "15 maart 2027"}
        recipient = str(ForwardRecipient.INCIDENT.label)
    assert told in html
    assert recipient not in html
    assert CHOSEN not in html
    assert f"#{incident.pk}" not in html
    assert "groep 5" not in html


def test_a_report_can_be_passed_on_again_with_new_facts(logged_in, report, data, pupil_7):
    logged_in.post(url(report), data)
    again = {
        **data,
        "description": "Nu ook op het schoolplein; een leerling uit groep 7 doet mee.",
        "pupils-2-pupil": str(pupil_7.pk),
        "pupils-2-role": "follower",
    }
    response = logged_in.post(url(report), again)

    assert response.status_code == 302
    assert Incident.objects.count() == 2
    assert [f.incident.description for f in report.forwards.select_related("incident")] == [
        CHOSEN,
        again["description"],
    ]


def test_the_same_text_is_not_passed_on_twice(logged_in, report, data):
    logged_in.post(url(report), data)
    first = Incident.objects.get()

    response = logged_in.post(url(report), {**data, "description": f"  {CHOSEN}\r\n"})

    assert response.status_code == 200
    errors = response.context["form"].errors["description"]
    assert any(f"#{first.pk}" in error for error in errors)
    assert Incident.objects.count() == 1
    assert report.forwards.count() == 1


# --- Refusals --------------------------------------------------------------------------------


def test_without_consent_the_screen_sends_the_confidant_back_to_the_report(
    logged_in, without_consent
):
    response = logged_in.get(url(without_consent))

    assert response.status_code == 302
    assert response["Location"] == url(without_consent, "")
    assert [m.level_tag for m in get_messages(response.wsgi_request)] == ["error"]
    page = logged_in.get(url(without_consent, "")).content.decode()
    assert url(without_consent) not in page


def test_without_consent_nothing_is_passed_on(logged_in, without_consent, data):
    response = logged_in.post(url(without_consent), data)

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert nothing_was_passed_on(without_consent)


def test_consent_withdrawn_while_typing_keeps_the_text_and_passes_nothing_on(
    logged_in, submitted, data
):
    report, _code = submitted
    logged_in.get(url(report))
    report_consent_change(report=report, consent=False)

    response = logged_in.post(url(report), data)

    assert response.status_code == 200
    assert response.context["form"]["description"].value() == CHOSEN
    assert CHOSEN in response.content.decode()
    assert nothing_was_passed_on(report)


def test_form_errors_keep_what_was_typed_and_pass_nothing_on(logged_in, report, data, pupil_5):
    broken = {**data, "location": "", "pupils-1-pupil": "", "pupils-1-role": ""}
    broken["pupils-0-role"] = ""

    response = logged_in.post(url(report), broken)

    assert response.status_code == 200
    form = response.context["form"]
    assert "location" in form.errors
    assert response.context["formset"].total_error_count()
    assert form["description"].value() == CHOSEN
    assert form["severity"].value() == "serious"
    html = response.content.decode()
    assert CHOSEN in html
    assert f'<option value="{pupil_5.pk}" selected>' in html
    assert nothing_was_passed_on(report)


def test_a_forward_needs_a_description_and_a_pupil(logged_in, report, data):
    empty = {**data, "description": "   "}
    for key in ("pupils-0-pupil", "pupils-0-role", "pupils-1-pupil", "pupils-1-role"):
        empty[key] = ""

    response = logged_in.post(url(report), empty)

    assert "description" in response.context["form"].errors
    assert response.context["formset"].non_form_errors()
    assert nothing_was_passed_on(report)


def test_a_date_after_the_report_is_pointed_out_at_the_date(logged_in, report, data):
    response = logged_in.post(
        url(report), {**data, "occurred_on": "2027-03-15", "occurred_time": "09:00"}
    )

    form = response.context["form"]
    assert "occurred_on" in form.errors
    assert "reported_at" not in form.errors
    assert nothing_was_passed_on(report)


def test_a_description_longer_than_a_forward_can_hold_is_refused(logged_in, report, data):
    response = logged_in.post(url(report), {**data, "description": "x" * 5001})

    assert "description" in response.context["form"].errors
    assert nothing_was_passed_on(report)


@pytest.mark.parametrize("outsider", ["teacher", "ib", "directie", "coordinator", "superuser"])
def test_only_the_confidant_opens_the_forward_screen(client, request, outsider, report, data):
    otp_login(client, request.getfixturevalue(outsider))

    assert client.get(url(report)).status_code == 404
    assert client.post(url(report), data).status_code == 404
    assert nothing_was_passed_on(report)


def test_visitors_who_are_not_logged_in_are_sent_to_the_login_page(client, report, data):
    response = client.post(url(report), data)

    assert response.status_code == 302
    assert "/inloggen/" in response["Location"]
    assert nothing_was_passed_on(report)


def test_the_head_who_is_also_the_confidant_can_pass_it_on(
    client, confidant_and_directie, report, data
):
    otp_login(client, confidant_and_directie)

    assert client.post(url(report), data).status_code == 302
    assert Incident.objects.get().registered_by == confidant_and_directie


def test_what_is_posted_never_ends_up_in_an_error_report(logged_in, report, data):
    response = logged_in.post(url(report), data)

    assert response.wsgi_request.sensitive_post_parameters == "__ALL__"


# --- The service -----------------------------------------------------------------------------


def test_the_service_checks_consent_in_the_database_not_on_the_object(
    confidant, report, incident_facts
):
    stale = type(report).objects.get(pk=report.pk)
    report_consent_change(report=report, consent=False)
    assert stale.consent_to_forward

    with pytest.raises(ValidationError):
        report_forward_as_incident(report=stale, by=confidant, **incident_facts)

    assert nothing_was_passed_on(report)


@pytest.mark.parametrize("someone", ["directie", "ib", "teacher"])
def test_the_service_refuses_anyone_but_the_confidant(request, someone, report, incident_facts):
    with pytest.raises(ValidationError):
        report_forward_as_incident(
            report=report, by=request.getfixturevalue(someone), **incident_facts
        )

    assert nothing_was_passed_on(report)


def test_the_incident_and_the_forward_are_saved_together_or_not_at_all(
    monkeypatch, confidant, report, incident_facts
):
    def fail(**kwargs):
        raise RuntimeError("the history could not be written")

    monkeypatch.setattr("confidential.services._record_event", fail)

    with pytest.raises(RuntimeError):
        report_forward_as_incident(report=report, by=confidant, **incident_facts)

    assert nothing_was_passed_on(report)


def test_the_confidants_pending_files_are_never_carried_over(logged_in, confidant, report, data):
    pending = Attachment.objects.create(
        file="attachments/bewijs.png",
        original_name="bewijs.png",
        content_type="image/png",
        size=10,
        uploaded_by=confidant,
    )

    logged_in.post(url(report), {**data, "pending": [pending.pk]})

    assert not Incident.objects.get().attachments.exists()
    pending.refresh_from_db()
    assert pending.incident is None


# --- Nothing leaks ---------------------------------------------------------------------------


def test_nothing_of_the_confidential_report_reaches_the_incident(
    logged_in, submitted, data, directie
):
    report, code = submitted
    # The confidant names neither the reporter nor anything from the message.
    logged_in.post(url(report), data)
    incident = Incident.objects.get()

    secrets = [
        REPORTED_MESSAGE,
        "Sanne",
        "klassenapp",
        report.reporter_name,
        "Marieke",
        report.reporter_contact,
        report.code_hash,
        report.code_lookup,
        code,
        code.replace("-", ""),
    ]
    texts = [
        str(getattr(incident, field.attname))
        for field in Incident._meta.concrete_fields
        if isinstance(field, CharField | TextField)
    ]
    texts += [str(involvement) for involvement in incident.involvements.all()]
    for secret in secrets:
        assert secret
        for text in texts:
            assert secret not in text, (secret, text)

    # Nor does the page the school reads.
    school = Client()
    otp_login(school, directie)
    html = school.get(incident.get_absolute_url()).content.decode()
    assert CHOSEN in html
    for secret in secrets:
        assert secret not in html, secret
