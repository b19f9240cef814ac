import datetime
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext

from cases.conftest import image_bytes, upload
from cases.incidents.attachments import attachment_inspect, attachments_store_pending
from cases.models import Attachment, Incident
from tests.factories import PupilFactory, SchoolGroupFactory

pytestmark = pytest.mark.django_db

AMS = ZoneInfo("Europe/Amsterdam")
NOW = datetime.datetime(2027, 3, 15, 10, 30, tzinfo=AMS)
URL = reverse("cases:incident_create")


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def logged_in(client, teacher):
    client.force_login(teacher)
    return client


@pytest.fixture
def valid_data(protocol, pupil_5, pupil_5b):
    return {
        "occurred_on": "2027-03-15",
        "occurred_time": "09:45",
        "reported_at": "2027-03-15T10:00",
        "reporter_kind": "pupil",
        "reporter_name": "",
        "location": "playground",
        "description": "Sem noemde Lotte steeds 'mislukt'.",
        "bullying_forms": [protocol["verbal"].pk],
        "examples": [protocol["name_calling"].pk],
        "digital_description": "",
        "marks": [protocol["repeated"].pk],
        "classification": "bullying",
        "severity": "light",
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


def field_block(html: str, field_id: str) -> str:
    """The markup crispy renders for one field: its input, help text and errors."""
    start = html.index(f'id="div_id_{field_id}"')
    end = html.find('id="div_id_', start + 10)
    return html[start : end if end != -1 else len(html)]


def select_of(html: str, name: str) -> str:
    start = html.index(f'name="{name}"')
    return html[start : html.index("</select>", start)]


def errors_of(response, field: str) -> list[str]:
    return [str(error) for error in response.context["form"].errors.get(field, [])]


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_form_starts_with_today_and_now(logged_in, protocol):
    response = logged_in.get(URL)

    html = response.content.decode()
    assert 'name="occurred_on" value="2027-03-15"' in html
    assert 'name="reported_at" value="2027-03-15T10:30"' in html
    assert 'name="pupils-TOTAL_FORMS" value="3"' in html


def test_the_pupil_list_has_active_pupils_of_all_groups_per_group(
    logged_in, pupil_5, pupil_7, group_5
):
    PupilFactory(school=group_5.school, group=group_5, first_name="Vertrokken", left_on=NOW.date())

    html = logged_in.get(URL).content.decode()

    select = select_of(html, "pupils-0-pupil")
    assert re.search(r'<optgroup label="groep 5">\s*<option value="\d+">Sem Bakker<', select)
    assert re.search(r'<optgroup label="groep 7">\s*<option value="\d+">Noah Smit<', select)
    assert "Vertrokken" not in select


def test_the_pupil_list_is_loaded_in_one_query_however_many_groups(logged_in, school):
    for number in range(8):
        group = SchoolGroupFactory(school=school, name=f"groep {number + 1}", order=number)
        PupilFactory.create_batch(5, school=school, group=group)

    with CaptureQueriesContext(connection) as queries:
        response = logged_in.get(URL)

    assert response.status_code == 200
    pupil_queries = [q["sql"] for q in queries if 'FROM "cases_pupil"' in q["sql"]]
    assert len(pupil_queries) == 1


def test_a_valid_submit_registers_and_shows_the_incident(logged_in, valid_data, teacher):
    response = logged_in.post(URL, valid_data, follow=True)

    incident = Incident.objects.get()
    assert response.redirect_chain == [(incident.get_absolute_url(), 302)]
    assert incident.registered_by == teacher
    assert incident.registered_at == NOW
    assert incident.involvements.count() == 2
    assert [str(m) for m in response.context["messages"]] == [
        gettext("The incident has been registered.")
    ]


def test_the_registration_time_cannot_be_posted(logged_in, valid_data):
    logged_in.post(URL, {**valid_data, "registered_at": "2027-03-14T08:00"})

    assert Incident.objects.get().registered_at == NOW


def test_a_failed_submit_keeps_everything_that_was_typed(
    logged_in, valid_data, protocol, pupil_5, pupil_5b
):
    data = {
        **valid_data,
        "occurred_on": "2027-03-16",
        "reporter_kind": "parent",
        "reporter_name": "Moeder van Lotte",
        "bullying_forms": [protocol["verbal"].pk, protocol["digital"].pk],
        "examples": [protocol["name_calling"].pk, protocol["group_app"].pk],
        "platforms": [protocol["whatsapp"].pk],
        "digital_description": "groepsapp 'groep 5 crew'",
        "marks": [protocol["repeated"].pk, protocol["power"].pk],
        "classification": "bullying",
        "severity": "serious",
    }

    response = logged_in.post(URL, data)

    assert response.status_code == 200
    assert not Incident.objects.exists()
    html = response.content.decode()
    assert 'name="occurred_on" value="2027-03-16"' in html
    assert 'name="occurred_time" value="09:45"' in html
    assert 'name="reported_at" value="2027-03-15T10:00"' in html
    assert 'value="parent"  id="id_reporter_kind_1" required checked' in html
    assert 'value="Moeder van Lotte"' in html
    assert '<option value="playground" selected>' in html
    assert "Sem noemde Lotte steeds &#x27;mislukt&#x27;." in html
    assert "groepsapp &#x27;groep 5 crew&#x27;" in html
    for name, pk in [
        ("bullying_forms", protocol["verbal"].pk),
        ("bullying_forms", protocol["digital"].pk),
        ("examples", protocol["name_calling"].pk),
        ("examples", protocol["group_app"].pk),
    ]:
        assert re.search(
            rf'name="{name}" value="{pk}" class="form-check-input" id="[^"]+" checked', html
        )
    assert re.search(
        rf'name="platforms" value="{protocol["whatsapp"].pk}"\s+id="[^"]+" checked', html
    )
    assert re.search(rf'name="marks" value="{protocol["power"].pk}"\s+id="[^"]+" checked', html)
    assert 'value="serious"  id="id_severity_1" required checked' in html
    assert f'<option value="{pupil_5.pk}" selected>Sem Bakker</option>' in html
    assert f'<option value="{pupil_5b.pk}" selected>Lotte van Dam</option>' in html
    assert '<option value="bully" selected>' in html
    assert '<option value="victim" selected>' in html


def test_rows_added_in_the_browser_are_kept_after_a_failed_submit(logged_in, valid_data, pupil_7):
    data = {
        **valid_data,
        "description": "",
        "pupils-TOTAL_FORMS": "5",
        "pupils-3-pupil": "",
        "pupils-3-role": "",
        "pupils-4-pupil": str(pupil_7.pk),
        "pupils-4-role": "bystander",
    }

    html = logged_in.post(URL, data).content.decode()

    assert 'name="pupils-TOTAL_FORMS" value="5"' in html
    assert f'<option value="{pupil_7.pk}" selected>Noah Smit</option>' in html


def test_a_date_in_the_future_is_refused_at_the_field_in_dutch(logged_in, valid_data, dutch):
    response = logged_in.post(URL, {**valid_data, "occurred_on": "2027-03-16"})

    block = field_block(response.content.decode(), "occurred_on")
    assert "De datum ligt in de toekomst" in block
    assert "is-invalid" in block


def test_today_is_accepted_and_tomorrow_is_not(logged_in, valid_data):
    tomorrow = logged_in.post(URL, {**valid_data, "occurred_on": "2027-03-16"})
    assert errors_of(tomorrow, "occurred_on")

    today = logged_in.post(URL, {**valid_data, "occurred_on": "2027-03-15"})
    assert today.status_code == 302


def test_a_report_before_the_incident_is_refused_at_the_report_time(logged_in, valid_data, dutch):
    response = logged_in.post(URL, {**valid_data, "reported_at": "2027-03-15T09:44"})

    block = field_block(response.content.decode(), "reported_at")
    assert "De melding is gedateerd vóór het voorval" in block


def test_a_report_the_same_minute_as_the_incident_is_accepted(logged_in, valid_data):
    response = logged_in.post(URL, {**valid_data, "reported_at": "2027-03-15T09:45"})

    assert response.status_code == 302


def test_an_incident_without_pupils_is_refused_in_the_pupil_section(logged_in, valid_data, dutch):
    data = {
        **valid_data,
        "pupils-0-pupil": "",
        "pupils-0-role": "",
        "pupils-1-pupil": "",
        "pupils-1-role": "",
    }

    response = logged_in.post(URL, data)

    assert not Incident.objects.exists()
    errors = [str(e) for e in response.context["formset"].non_form_errors()]
    assert errors == ["Voeg minstens één betrokken leerling toe, met de rol die hij of zij had."]
    html = response.content.decode()
    assert html.index(errors[0]) > html.index('id="pupils"')


def test_the_same_pupil_twice_is_refused_at_the_second_row(logged_in, valid_data, pupil_5, dutch):
    response = logged_in.post(
        URL, {**valid_data, "pupils-1-pupil": str(pupil_5.pk), "pupils-1-role": "victim"}
    )

    formset = response.context["formset"]
    assert formset.forms[0].errors == {}
    assert formset.forms[1].errors["pupil"] == [
        "Sem Bakker staat al in de lijst. Voeg elke leerling één keer toe, met één rol."
    ]


def test_a_pupil_without_a_role_is_refused_at_the_row(logged_in, valid_data):
    response = logged_in.post(URL, {**valid_data, "pupils-1-role": ""})

    assert response.context["formset"].forms[1].errors["role"] == [
        gettext("Choose the role of this pupil.")
    ]


def test_digital_bullying_without_a_platform_is_refused_at_the_platforms(
    logged_in, valid_data, protocol, dutch
):
    data = {**valid_data, "bullying_forms": [protocol["digital"].pk], "examples": []}

    response = logged_in.post(URL, data)

    block = field_block(response.content.decode(), "platforms")
    assert "Kies bij digitaal pesten minstens één platform" in block


def test_an_example_ticked_under_digital_counts_as_digital(logged_in, valid_data, protocol):
    data = {**valid_data, "bullying_forms": [], "examples": [protocol["group_app"].pk]}

    response = logged_in.post(URL, data)

    assert errors_of(response, "platforms")


def test_digital_bullying_with_a_platform_is_registered(logged_in, valid_data, protocol):
    data = {
        **valid_data,
        "bullying_forms": [protocol["digital"].pk],
        "examples": [protocol["group_app"].pk],
        "platforms": [protocol["whatsapp"].pk],
    }

    assert logged_in.post(URL, data).status_code == 302
    incident = Incident.objects.get()
    assert list(incident.platforms.all()) == [protocol["whatsapp"]]


def test_a_file_of_the_wrong_type_is_refused_by_name_and_the_good_one_kept(
    logged_in, valid_data, teacher, dutch
):
    files = [
        upload("screenshot.png", image_bytes("PNG"), "image/png"),
        upload("virus.png", b"MZ this is not a picture" * 10, "image/png"),
    ]

    response = logged_in.post(URL, {**valid_data, "files": files})

    assert not Incident.objects.exists()
    block = field_block(response.content.decode(), "files")
    assert "“virus.png” is geen foto of pdf" in block
    pending = Attachment.objects.get()
    assert (pending.original_name, pending.incident, pending.uploaded_by) == (
        "screenshot.png",
        None,
        teacher,
    )
    html = response.content.decode()
    assert f'<input type="hidden" name="pending" value="{pending.pk}">' in html
    assert "Al toegevoegd: screenshot.png" in html


def test_a_file_that_is_too_large_is_refused_by_name(logged_in, valid_data, settings):
    settings.ATTACHMENT_MAX_BYTES = 50

    response = logged_in.post(
        URL, {**valid_data, "files": [upload("groot.png", image_bytes("PNG", (32, 32)))]}
    )

    [error] = errors_of(response, "files")
    assert "groot.png" in error
    assert not Attachment.objects.exists()


def test_files_that_passed_on_a_failed_submit_are_kept_as_pending(logged_in, valid_data, teacher):
    response = logged_in.post(
        URL, {**valid_data, "description": "", "files": [upload("a.png", image_bytes("PNG"))]}
    )

    pending = Attachment.objects.get()
    assert pending.incident is None
    assert response.context["pending_attachments"] == [pending]


def test_the_next_submit_links_the_pending_files(logged_in, valid_data):
    logged_in.post(
        URL, {**valid_data, "description": "", "files": [upload("a.png", image_bytes("PNG"))]}
    )
    pending = Attachment.objects.get()

    response = logged_in.post(
        URL,
        {**valid_data, "pending": [pending.pk], "files": [upload("b.png", image_bytes("GIF"))]},
    )

    assert response.status_code == 302
    incident = Incident.objects.get()
    names = sorted(incident.attachments.values_list("original_name", flat=True))
    assert names == ["a.png", "b.png"]


def test_a_pending_file_ticked_for_removal_is_deleted(
    logged_in, valid_data, django_capture_on_commit_callbacks
):
    logged_in.post(
        URL, {**valid_data, "description": "", "files": [upload("a.png", image_bytes("PNG"))]}
    )
    pending = Attachment.objects.get()
    path = pending.file.path

    with django_capture_on_commit_callbacks(execute=True):
        response = logged_in.post(
            URL, {**valid_data, "pending": [pending.pk], "remove_pending": [pending.pk]}
        )

    assert response.status_code == 302
    assert not Attachment.objects.exists()
    assert not Path(path).exists()


def test_someone_elses_pending_file_is_never_linked(logged_in, valid_data, other_teacher):
    file = upload("van-een-ander.png", image_bytes("PNG"))
    foreign = attachments_store_pending(
        uploads=[(file, attachment_inspect(file))], uploaded_by=other_teacher
    )[0]

    response = logged_in.post(
        URL, {**valid_data, "pending": [foreign.pk], "remove_pending": [foreign.pk]}
    )

    assert response.status_code == 302
    foreign.refresh_from_db()
    assert foreign.incident is None
    assert not Incident.objects.get().attachments.exists()


def test_an_anonymous_report_with_a_name_is_refused_at_the_name(logged_in, valid_data):
    response = logged_in.post(
        URL, {**valid_data, "reporter_kind": "anonymous", "reporter_name": "Iemand"}
    )

    assert errors_of(response, "reporter_name")


def test_required_fields_say_what_to_fill_in(logged_in, valid_data, dutch):
    data = {**valid_data, "reporter_kind": "", "location": "", "description": "  "}

    response = logged_in.post(URL, data)

    assert errors_of(response, "reporter_kind") == ["Kies wie het meldde."]
    assert errors_of(response, "location") == ["Kies waar het gebeurde."]
    assert errors_of(response, "description") == ["Beschrijf wat er gebeurde."]
