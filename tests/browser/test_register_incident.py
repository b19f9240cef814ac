import datetime
import io
import re

import pytest
from django.utils import timezone
from django.utils.translation import gettext
from PIL import Image

from accounts.models import Role
from cases.models import Incident
from tests.browser.helpers import choose_pupil
from tests.factories import (
    BullyingFormFactory,
    DigitalPlatformFactory,
    FormExampleFactory,
    PupilFactory,
    SchoolGroupFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery"


@pytest.fixture
def school_data():
    group_5 = SchoolGroupFactory(name="groep 5", order=5)
    group_7 = SchoolGroupFactory(school=group_5.school, name="groep 7", order=7)
    teacher = UserFactory(
        username="juf.anna", first_name="Anna", last_name="de Vries", roles=[Role.TEACHER]
    )
    group_5.teachers.add(teacher)
    verbal = BullyingFormFactory(code="verbal", order=1)
    FormExampleFactory(form=verbal, text="Een bijnaam gebruiken.")
    digital = BullyingFormFactory(code="digital", order=4)
    FormExampleFactory(form=digital, text="Uitsluiting in groepsapps.")
    DigitalPlatformFactory(name="WhatsApp")
    return {
        "teacher": teacher,
        "sem": PupilFactory(
            school=group_5.school, group=group_5, first_name="Sem", last_name="Bakker"
        ),
        "lotte": PupilFactory(
            school=group_5.school, group=group_5, first_name="Lotte", last_name="Dam", infix="van"
        ),
        "noah": PupilFactory(
            school=group_5.school, group=group_7, first_name="Noah", last_name="Smit"
        ),
        "example": "Een bijnaam gebruiken.",
    }


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), color=(30, 90, 200)).save(buffer, format="PNG")
    return buffer.getvalue()


def log_in(page, username: str) -> None:
    page.goto("/meldingen/nieuw/")
    assert "/inloggen/" in page.url
    page.fill("#id_auth-username", username)
    page.fill("#id_auth-password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/meldingen/nieuw/$"))


def test_a_teacher_registers_an_incident_with_a_bully_and_a_victim(page, school_data):
    log_in(page, "juf.anna")
    yesterday = timezone.localdate() - datetime.timedelta(days=1)

    page.fill("#id_occurred_on", yesterday.isoformat())
    page.fill("#id_occurred_time", "10:15")
    page.check("#id_reporter_kind_0")  # a pupil reported it
    page.select_option("#id_location", "playground")
    page.fill("#id_description", "Sem noemde Lotte de hele pauze 'mislukt'.")

    # The examples appear only once their form is ticked.
    verbal = page.get_by_label("Verbaal", exact=True)
    example = page.get_by_label(school_data["example"])
    assert not example.is_visible()
    verbal.check()
    assert example.is_visible()
    example.check()
    # Digital stays closed, so its platforms stay out of the way.
    assert not page.get_by_label("WhatsApp").is_visible()

    choose_pupil(page, 0, "Sem Bakker")
    page.select_option("#id_pupils-0-role", "bully")
    page.click("#add-pupil")
    assert page.input_value("#id_pupils-TOTAL_FORMS") == "4"
    choose_pupil(page, 3, "Lotte van Dam")
    page.select_option("#id_pupils-3-role", "victim")

    page.set_input_files(
        "#id_files", files=[{"name": "bewijs.png", "mimeType": "image/png", "buffer": png()}]
    )
    page.click("#incident-form button[type=submit]")

    page.wait_for_url(re.compile(r"/meldingen/\d+/$"))
    incident = Incident.objects.get()
    assert page.url.endswith(incident.get_absolute_url())
    assert gettext("The incident has been registered.") in page.inner_text(".alert-success")
    assert page.inner_text("#registration-status").strip() == gettext("Registered on time")
    involved = page.inner_text("#involved")
    assert "Sem Bakker" in involved and "Lotte van Dam" in involved
    assert page.locator("#involved .role-bully").count() == 1
    assert page.locator("#involved .role-victim").count() == 1
    forms = page.inner_text("#forms")
    assert "Verbaal" in forms and school_data["example"] in forms
    assert page.locator("#attachments a", has_text="bewijs.png").count() == 1

    roles = {(i.pupil.first_name, i.role) for i in incident.involvements.all()}
    assert roles == {("Sem", "bully"), ("Lotte", "victim")}
    assert incident.registered_by == school_data["teacher"]
    assert incident.attachments.get().content_type == "image/png"


def test_a_failed_submit_keeps_the_pupils_and_the_ticked_example(page, school_data):
    log_in(page, "juf.anna")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)

    page.fill("#id_occurred_on", tomorrow.isoformat())
    page.check("#id_reporter_kind_3")
    page.select_option("#id_location", "classroom")
    page.fill("#id_description", "Uitgescholden in de klas.")
    page.get_by_label("Verbaal", exact=True).check()
    page.get_by_label(school_data["example"]).check()
    choose_pupil(page, 0, "Noah Smit")
    page.select_option("#id_pupils-0-role", "victim")
    page.click("#incident-form button[type=submit]")

    page.wait_for_selector("#form-errors")
    assert page.locator("#id_occurred_on.is-invalid").count() == 1
    assert page.input_value("#id_description") == "Uitgescholden in de klas."
    assert page.get_by_label(school_data["example"]).is_checked()
    assert page.get_by_label(school_data["example"]).is_visible()
    assert page.input_value("#id_pupils-0-pupil") == str(school_data["noah"].pk)
    assert page.input_value("#id_pupils-0-role") == "victim"
    assert not Incident.objects.exists()


def test_the_form_fits_a_phone(page, school_data):
    log_in(page, "juf.anna")
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    page.get_by_label("Verbaal", exact=True).check()
    page.get_by_label("Digitaal", exact=True).check()

    # Nothing sticks out sideways: the page is one column.
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 390
    # Checkboxes and buttons are comfortable to tap.
    for selector in [
        "#id_reporter_kind_0 + label",
        "#add-pupil",
        "#incident-form button[type=submit]",
    ]:
        box = page.locator(selector).first.bounding_box()
        assert box["height"] >= 40, selector
    page.screenshot(path="/tmp/incident_form_390.png", full_page=True)


def test_without_javascript_every_checklist_is_open_and_three_pupil_rows_are_offered(
    browser, live_server, school_data
):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    page = context.new_page()
    try:
        log_in(page, "juf.anna")

        assert page.get_by_label(school_data["example"]).is_visible()
        assert page.get_by_label("WhatsApp").is_visible()
        assert page.locator("#add-pupil").is_hidden()
        assert page.locator("#pupil-rows select[name$='-pupil']").count() == 3

        page.check("#id_reporter_kind_2")
        page.select_option("#id_location", "gym")
        page.fill("#id_description", "Tijdens gym werd Lotte steeds als laatste gekozen.")
        page.get_by_label(school_data["example"]).check()  # the form follows from its example
        page.select_option("#id_pupils-2-pupil", label="Lotte van Dam")
        page.select_option("#id_pupils-2-role", "victim")
        page.click("#incident-form button[type=submit]")

        page.wait_for_url(re.compile(r"/meldingen/\d+/$"))
        assert "Verbaal" in page.inner_text("#forms")
    finally:
        context.close()
