"""Choosing pupils on the incident form with the pupil search (static/js/pupil_search.js), on a
390×844 phone and with the keyboard: two taps per pupil, however many pupils the school has,
and pupils with the same name told apart."""

import re

import pytest
from django.urls import reverse

from accounts.models import Role
from cases.models import Incident, InvolvementRole
from tests.factories import PupilFactory, SchoolGroupFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery"


@pytest.fixture
def school():
    group_5 = SchoolGroupFactory(name="groep 5", order=5)
    group_7 = SchoolGroupFactory(school=group_5.school, name="groep 7", order=7)
    teacher = UserFactory(username="leerkracht", first_name="Sanne", roles=[Role.TEACHER])
    group_5.teachers.add(teacher)
    for index in range(60):
        PupilFactory(school=group_5.school, group=(group_5, group_7)[index % 2])
    pupils = {
        name: PupilFactory(school=group_5.school, group=group_5, first_name=name, last_name=last)
        for name, last in [("Sem", "Bakker"), ("Lotte", "Dam"), ("Noor", "Visser")]
    }
    for number in ("20071234", "20075678"):
        PupilFactory(
            school=group_5.school,
            group=group_7,
            first_name="Finn",
            infix="van",
            last_name="Dijk",
            student_number=number,
        )
    return pupils


class Taps:
    def __init__(self, page):
        self.page = page
        self.count = 0

    def __call__(self, selector: str) -> None:
        self.page.locator(selector).first.tap()
        self.count += 1


def log_in(page) -> None:
    page.goto(reverse("cases:incident_create"))
    page.fill("input[name$=username]", "leerkracht")
    page.fill("input[name$=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/meldingen/nieuw/$"))


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url,
        locale="nl-NL",
        timezone_id="Europe/Amsterdam",
        viewport={"width": 390, "height": 844},
        has_touch=True,
        is_mobile=True,
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def choose(page, taps: Taps, row: int, typed: str, match: str) -> None:
    taps(f"#id_pupils-{row}-pupil-search")
    page.keyboard.type(typed)
    taps(f"#pupil-rows [role=option]:has-text('{match}')")


def test_on_a_phone_each_pupil_takes_two_taps(phone, school):
    log_in(phone)
    taps = Taps(phone)

    choose(phone, taps, 0, "sem", "Sem Bakker")
    choose(phone, taps, 1, "lot", "Lotte Dam")
    choose(phone, taps, 2, "noor", "Noor Visser")
    taps("#add-pupil")
    choose(phone, taps, 3, "finn", "1234")

    assert taps.count == 2 * 4 + 1
    assert phone.input_value("#id_pupils-0-pupil") == str(school["Sem"].pk)
    assert phone.input_value("#id_pupils-3-pupil-search").startswith("Finn van Dijk")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390


def test_the_same_name_is_told_apart_by_the_student_number(phone, school):
    log_in(phone)
    phone.locator("#id_pupils-0-pupil-search").tap()
    phone.keyboard.type("finn van")

    options = phone.locator("#pupil-rows [role=option]").all_inner_texts()
    assert len(options) == 2
    assert any("1234" in text and "groep 7" in text for text in options)
    assert any("5678" in text for text in options)


def test_a_teacher_chooses_pupils_with_the_keyboard_and_registers(phone, school):
    log_in(phone)
    phone.fill("#id_description", "Sem en Noor lachen Lotte uit in de pauze.")
    phone.check("#id_reporter_kind_0")
    phone.select_option("#id_location", "playground")
    for row, (typed, role) in enumerate(
        [("sem b", InvolvementRole.BULLY), ("lotte", InvolvementRole.VICTIM)]
    ):
        search = phone.locator(f"#id_pupils-{row}-pupil-search")
        search.focus()
        phone.keyboard.type(typed)
        assert search.get_attribute("aria-expanded") == "true"
        phone.keyboard.press("ArrowDown")
        phone.keyboard.press("Enter")  # chooses; does not submit
        assert search.get_attribute("aria-expanded") == "false"
        phone.select_option(f"#id_pupils-{row}-role", role)
    assert phone.url.endswith(reverse("cases:incident_create"))

    phone.click("#incident-form button[type=submit]")

    phone.wait_for_url(re.compile(r"/meldingen/\d+/$"))
    incident = Incident.objects.get()
    assert {(i.pupil.first_name, i.role) for i in incident.involvements.all()} == {
        ("Sem", InvolvementRole.BULLY),
        ("Lotte", InvolvementRole.VICTIM),
    }
