import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from cases.conftest import image_bytes, upload
from cases.incidents.attachments import attachment_inspect, attachments_store_pending
from cases.incidents.services import incident_register
from cases.models import Attachment, Incident, InvolvementRole
from tests.factories import FormExampleFactory, IncidentFactory, PupilFactory, UserFactory

pytestmark = pytest.mark.django_db

AMS = ZoneInfo("Europe/Amsterdam")
NOW = datetime.datetime(2027, 3, 15, 10, 30, tzinfo=AMS)


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def register(teacher, pupil_5, pupil_5b, protocol):
    """Call the service with a complete, valid registration; keywords override parts of it."""

    def call(**overrides):
        kwargs = {
            "registered_by": teacher,
            "occurred_on": datetime.date(2027, 3, 15),
            "occurred_time": datetime.time(9, 45),
            "reported_at": datetime.datetime(2027, 3, 15, 10, 0, tzinfo=AMS),
            "reporter_kind": "pupil",
            "reporter_name": "",
            "location": "playground",
            "description": "Sem noemde Lotte steeds 'mislukt' bij het buitenspelen.",
            "forms": [protocol["verbal"]],
            "examples": [protocol["name_calling"]],
            "platforms": [],
            "digital_description": "",
            "marks": [protocol["repeated"]],
            "classification": "bullying",
            "severity": "light",
            "involvements": [(pupil_5, InvolvementRole.BULLY), (pupil_5b, InvolvementRole.VICTIM)],
            "attachments": [],
        }
        kwargs.update(overrides)
        return incident_register(**kwargs)

    return call


def error_codes(excinfo: pytest.ExceptionInfo) -> dict[str, list[str]]:
    return {
        field: [error.code for error in errors]
        for field, errors in excinfo.value.error_dict.items()
    }


def test_it_registers_the_incident_with_everything_recorded(register, teacher, pupil_5, protocol):
    incident = register()

    incident.refresh_from_db()
    assert incident.registered_by == teacher
    assert incident.occurred_on == datetime.date(2027, 3, 15)
    assert incident.occurred_time == datetime.time(9, 45)
    assert incident.location == "playground"
    assert list(incident.forms.all()) == [protocol["verbal"]]
    assert list(incident.examples.all()) == [protocol["name_calling"]]
    assert list(incident.marks.all()) == [protocol["repeated"]]
    roles = {(i.pupil.first_name, i.role) for i in incident.involvements.all()}
    assert roles == {("Sem", "bully"), ("Lotte", "victim")}


def test_it_sets_the_registration_time_from_the_server_clock(register):
    incident = register()

    assert incident.registered_at == NOW
    assert not incident.is_late


def test_an_example_adds_its_form_when_that_form_was_not_ticked(register, protocol):
    incident = register(forms=[], examples=[protocol["hitting"]])

    assert list(incident.forms.all()) == [protocol["physical"]]


def test_a_platform_adds_the_digital_form(register, protocol):
    incident = register(forms=[], examples=[], platforms=[protocol["whatsapp"]])

    assert protocol["digital"] in incident.forms.all()


def test_it_accepts_an_incident_that_happened_today(register):
    incident = register(occurred_on=datetime.date(2027, 3, 15), occurred_time=None)

    assert incident.pk


def test_it_refuses_a_date_in_the_future(register):
    with pytest.raises(ValidationError) as excinfo:
        register(occurred_on=datetime.date(2027, 3, 16), occurred_time=None)

    assert error_codes(excinfo) == {"occurred_on": ["future"]}
    assert not Incident.objects.exists()


def test_it_accepts_the_current_minute_as_the_time_it_happened(register):
    incident = register(
        occurred_time=datetime.time(10, 30),
        reported_at=datetime.datetime(2027, 3, 15, 10, 30, tzinfo=AMS),
    )

    assert incident.occurred_time == datetime.time(10, 30)


def test_it_refuses_a_time_later_today(register):
    with pytest.raises(ValidationError) as excinfo:
        register(occurred_time=datetime.time(10, 31))

    assert error_codes(excinfo) == {"occurred_time": ["future"]}


def test_it_accepts_a_report_made_the_same_minute_it_happened(register):
    incident = register(
        occurred_time=datetime.time(9, 45),
        reported_at=datetime.datetime(2027, 3, 15, 9, 45, 59, tzinfo=AMS),
    )

    assert incident.pk


def test_it_refuses_a_report_made_a_minute_before_it_happened(register):
    with pytest.raises(ValidationError) as excinfo:
        register(
            occurred_time=datetime.time(9, 45),
            reported_at=datetime.datetime(2027, 3, 15, 9, 44, tzinfo=AMS),
        )

    assert error_codes(excinfo) == {"reported_at": ["reported_before_occurred"]}


def test_without_a_time_a_report_on_the_same_day_is_accepted(register):
    incident = register(
        occurred_on=datetime.date(2027, 3, 14),
        occurred_time=None,
        reported_at=datetime.datetime(2027, 3, 14, 0, 0, tzinfo=AMS),
    )

    assert incident.pk


def test_without_a_time_a_report_the_day_before_is_refused(register):
    with pytest.raises(ValidationError) as excinfo:
        register(
            occurred_on=datetime.date(2027, 3, 14),
            occurred_time=None,
            reported_at=datetime.datetime(2027, 3, 13, 23, 59, tzinfo=AMS),
        )

    assert error_codes(excinfo) == {"reported_at": ["reported_before_occurred"]}


def test_it_refuses_a_report_time_in_the_future(register):
    with pytest.raises(ValidationError) as excinfo:
        register(reported_at=datetime.datetime(2027, 3, 15, 10, 31, tzinfo=AMS))

    assert error_codes(excinfo) == {"reported_at": ["future"]}


def test_it_refuses_an_incident_without_pupils(register):
    with pytest.raises(ValidationError) as excinfo:
        register(involvements=[])

    assert error_codes(excinfo) == {"involvements": ["required"]}


def test_it_refuses_the_same_pupil_twice(register, pupil_5):
    with pytest.raises(ValidationError) as excinfo:
        register(involvements=[(pupil_5, "bully"), (pupil_5, "victim")])

    assert error_codes(excinfo) == {"involvements": ["duplicate_pupil"]}
    assert "Sem Bakker" in excinfo.value.message_dict["involvements"][0]


def test_it_refuses_an_unknown_role(register, pupil_5):
    with pytest.raises(ValidationError) as excinfo:
        register(involvements=[(pupil_5, "ringleader")])

    assert error_codes(excinfo) == {"involvements": ["role"]}


def test_it_refuses_a_pupil_who_has_left_the_school(register, group_5):
    gone = PupilFactory(school=group_5.school, group=group_5, left_on=datetime.date(2027, 1, 1))

    with pytest.raises(ValidationError) as excinfo:
        register(involvements=[(gone, "victim")])

    assert error_codes(excinfo) == {"involvements": ["inactive_pupil"]}


def test_it_refuses_digital_bullying_without_platform_or_description(register, protocol):
    with pytest.raises(ValidationError) as excinfo:
        register(forms=[protocol["digital"]], examples=[], platforms=[], digital_description=" ")

    assert error_codes(excinfo) == {"platforms": ["digital_without_platform"]}


def test_a_digital_example_alone_also_needs_a_platform(register, protocol):
    with pytest.raises(ValidationError) as excinfo:
        register(forms=[], examples=[protocol["group_app"]])

    assert error_codes(excinfo) == {"platforms": ["digital_without_platform"]}


def test_digital_bullying_with_only_a_description_is_accepted(register, protocol):
    incident = register(forms=[protocol["digital"]], examples=[], digital_description="Roblox-chat")

    assert incident.digital_description == "Roblox-chat"


def test_it_refuses_a_name_on_an_anonymous_report(register):
    with pytest.raises(ValidationError) as excinfo:
        register(reporter_kind="anonymous", reporter_name="Moeder van Lotte")

    assert error_codes(excinfo) == {"reporter_name": ["anonymous_with_name"]}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("reporter_kind", "neighbour"),
        ("location", "moon"),
        ("classification", "drama"),
        ("severity", "extreme"),
    ],
)
def test_it_refuses_values_outside_the_choices(register, field, value):
    with pytest.raises(ValidationError) as excinfo:
        register(**{field: value})

    assert error_codes(excinfo) == {field: ["invalid"]}


def test_it_refuses_an_empty_description(register):
    with pytest.raises(ValidationError) as excinfo:
        register(description="   \n ")

    assert error_codes(excinfo) == {"description": ["required"]}


def test_it_refuses_a_reporter_name_longer_than_the_field(register):
    with pytest.raises(ValidationError) as excinfo:
        register(reporter_kind="parent", reporter_name="x" * 201)

    assert list(excinfo.value.error_dict) == ["reporter_name"]


def test_it_refuses_an_example_that_is_no_longer_in_use(register, protocol):
    retired = FormExampleFactory(form=protocol["verbal"], is_active=False)

    with pytest.raises(ValidationError) as excinfo:
        register(examples=[retired])

    assert error_codes(excinfo) == {"examples": ["inactive"]}


def test_it_refuses_a_registration_by_an_inactive_account(register):
    former = UserFactory(is_active=False)

    with pytest.raises(ValidationError):
        register(registered_by=former)
    assert not Incident.objects.exists()


def _pending(user, name="screenshot.png"):
    file = upload(name, image_bytes("PNG"))
    return attachments_store_pending(uploads=[(file, attachment_inspect(file))], uploaded_by=user)[
        0
    ]


def test_it_links_the_registering_users_pending_attachments(register, teacher):
    attachment = _pending(teacher)

    incident = register(attachments=[attachment])

    attachment.refresh_from_db()
    assert attachment.incident == incident


def test_it_refuses_someone_elses_pending_attachment(register, other_teacher):
    attachment = _pending(other_teacher)

    with pytest.raises(ValidationError) as excinfo:
        register(attachments=[attachment])

    assert error_codes(excinfo) == {"attachments": ["foreign_attachment"]}
    attachment.refresh_from_db()
    assert attachment.incident is None


def test_it_refuses_an_attachment_that_already_belongs_to_an_incident(register, teacher):
    attachment = _pending(teacher)
    Attachment.objects.filter(pk=attachment.pk).update(incident=IncidentFactory())
    attachment.refresh_from_db()

    with pytest.raises(ValidationError) as excinfo:
        register(attachments=[attachment])

    assert error_codes(excinfo) == {"attachments": ["foreign_attachment"]}


def test_nothing_is_saved_when_the_attachment_was_taken_meanwhile(register, teacher):
    attachment = _pending(teacher)
    # Another submit links it after this request read it as pending.
    Attachment.objects.filter(pk=attachment.pk).update(incident=IncidentFactory())

    with pytest.raises(ValidationError) as excinfo:
        register(attachments=[attachment])

    assert "attachments" in excinfo.value.error_dict
    assert Incident.objects.count() == 1  # only the other one
