"""Accessibility of the main pages, in Chromium: axe-core finds no serious or critical
violation (WCAG 2.1 A and AA rules), a teacher registers an incident with the keyboard alone,
and the pages keep working at 200% zoom (one column, nothing cut off sideways).

axe-core comes bundled with axe-playwright-python (requirements-dev.txt): no network needed.
"""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from cases.incidents.verification import incident_verify
from cases.models import Incident, InvolvementRole
from cases.visibility.permissions import visibility_sync
from confidential.services import report_submit
from tests.factories import (
    IncidentFactory,
    InvolvementFactory,
    PupilFactory,
    SchoolGroupFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery"
WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
BLOCKING = {"serious", "critical"}
AXE = Axe()


@pytest.fixture
def school():
    group = SchoolGroupFactory(name="groep 5", order=5)
    teacher = UserFactory(
        username="leerkracht", first_name="Sanne", last_name="Verhoeven", roles=[Role.TEACHER]
    )
    group.teachers.add(teacher)
    sem = PupilFactory(school=group.school, group=group, first_name="Sem", last_name="Bakker")
    lotte = PupilFactory(
        school=group.school, group=group, first_name="Lotte", infix="van", last_name="Dam"
    )
    pending = IncidentFactory(registered_by=teacher, description="Lotte wordt uitgelachen.")
    InvolvementFactory(incident=pending, pupil=sem, role=InvolvementRole.BULLY)
    InvolvementFactory(incident=pending, pupil=lotte, role=InvolvementRole.VICTIM)
    verified = IncidentFactory(registered_by=teacher, description="Sem pakt Lottes tas af.")
    InvolvementFactory(incident=verified, pupil=sem, role=InvolvementRole.BULLY)
    InvolvementFactory(incident=verified, pupil=lotte, role=InvolvementRole.VICTIM)
    visibility_sync(incidents=[pending, verified])
    case = incident_verify(
        incident=verified, user=teacher, classification="bullying", note="Het gebeurt vaker."
    )
    return {"teacher": teacher, "pending": pending, "case": case}


def log_in(page, username: str) -> None:
    page.goto("/")
    page.fill("input[name$=username]", username)
    page.fill("input[name$=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/$"))


def blocking_violations(page) -> list[str]:
    results = AXE.run(page, options=WCAG)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(node["target"][0] for node in v["nodes"][:3])
        for v in results.response["violations"]
        if v["impact"] in BLOCKING
    ]


def staff_pages(school) -> list[str]:
    return [
        "/",
        reverse("cases:incident_create"),
        reverse("cases:incident_list"),
        school["pending"].get_absolute_url(),
        reverse("cases:incident_verify", args=[school["pending"].pk]),
        reverse("cases:case_list"),
        school["case"].get_absolute_url(),
        reverse("cases:notification_list"),
    ]


def public_pages() -> list[str]:
    return [reverse("confidential:report_new"), reverse("confidential:follow_up")]


def test_the_login_and_the_public_pages_pass_axe(page):
    found = {}
    for url in [reverse("login"), *public_pages()]:
        page.goto(url)
        found[url] = blocking_violations(page)

    assert found == dict.fromkeys(found, [])


def test_the_reporters_thread_passes_axe(page, db):
    _report, code = report_submit(
        reporter_kind="pupil", is_anonymous=True, message="Ze pesten mij.", consent_to_forward=False
    )
    page.goto(reverse("confidential:follow_up"))
    page.fill("input[name=code]", code)
    page.click("main button[type=submit]")
    page.wait_for_load_state()

    assert "Ze pesten mij." in page.inner_text("main")
    assert blocking_violations(page) == []


def test_the_staff_pages_pass_axe(page, school):
    log_in(page, "leerkracht")
    found = {}
    for url in staff_pages(school):
        page.goto(url)
        found[url] = blocking_violations(page)

    assert found == dict.fromkeys(found, [])


def test_at_200_percent_zoom_the_pages_stay_one_column(page, school):
    # 200% zoom of a 1280 px wide window lays the page out in 640 CSS pixels.
    page.set_viewport_size({"width": 640, "height": 450})
    log_in(page, "leerkracht")
    wide = {}
    for url in staff_pages(school) + public_pages():
        page.goto(url)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 640:
            wide[url] = width

    assert wide == {}


def test_a_teacher_registers_an_incident_with_the_keyboard_alone(page, school):
    log_in(page, "leerkracht")
    page.goto(reverse("cases:incident_create"))
    today = timezone.localdate()

    def tab_to(selector: str, limit: int = 80) -> None:
        for _step in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate(f"document.activeElement.matches({selector!r})"):
                return
        raise AssertionError(f"{selector} cannot be reached with the Tab key")

    tab_to("#id_occurred_on")
    assert page.input_value("#id_occurred_on")  # today, already filled in
    tab_to("#id_reporter_kind_0")
    page.keyboard.press("Space")
    tab_to("#id_location")
    page.keyboard.press("ArrowDown")
    tab_to("#id_description")
    page.keyboard.type("In de pauze werd Lotte weer uitgelachen door Sem.")
    tab_to("#id_pupils-0-pupil-search")
    page.keyboard.type("Sem")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")  # chooses the pupil; does not submit
    tab_to("#id_pupils-0-role")
    page.keyboard.press("ArrowDown")  # bully
    tab_to("#id_pupils-1-pupil-search")
    page.keyboard.type("Lotte")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    tab_to("#id_pupils-1-role")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # victim
    tab_to("#incident-form button[type=submit]")
    page.keyboard.press("Enter")

    page.wait_for_url(re.compile(r"/meldingen/\d+/$"))
    incident = Incident.objects.exclude(pk=school["pending"].pk).exclude(case__isnull=False).get()
    assert incident.occurred_on == today
    assert {(i.pupil.first_name, i.role) for i in incident.involvements.all()} == {
        ("Sem", InvolvementRole.BULLY),
        ("Lotte", InvolvementRole.VICTIM),
    }
    # What has focus is visible: the focus ring is not switched off.
    page.keyboard.press("Tab")
    outline = page.evaluate(
        "getComputedStyle(document.activeElement).outlineStyle + ' ' + "
        "getComputedStyle(document.activeElement).boxShadow"
    )
    assert outline.strip() not in ("none none", "none")
