"""A teacher verifies a report as bullying and takes the case from step 1 to step 2 through the
real pages, in Chromium.

The harness is kept in this module (a live server, Debian's Chromium driven by Playwright);
without Chromium the test is skipped, unless REQUIRE_BROWSER=1. With SCREENSHOT_DIR set, it
saves the workspace at desktop and phone width there.
"""

import os
import re

import pytest
from django.utils.translation import gettext

from accounts.models import Role
from cases.incidents.verification import incident_verify
from cases.models import ActionPlan, Case, InvolvementRole
from cases.tests.case_steps import finish_step_1, finish_step_2
from cases.visibility.permissions import visibility_sync
from protocol.models import SuggestedAction, Track
from protocol.stappenplan import CaseState, get_transition
from tests.factories import (
    IncidentFactory,
    InvolvementFactory,
    PupilFactory,
    SchoolGroupFactory,
    UserFactory,
)

# Playwright's sync API runs an event loop in this thread; Django's ORM refuses to run inside
# one unless told that this is safe (it is: one test at a time).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery"


@pytest.fixture(scope="module")
def chromium(browser):
    """The session's Chromium (tests/browser/conftest.py): one Playwright per test run, since
    a second one cannot start while the first is running."""
    return browser


@pytest.fixture
def page(chromium, live_server, settings):
    # The live server speaks plain HTTP.
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    context = chromium.new_context(
        base_url=live_server.url,
        locale="nl-NL",
        timezone_id="Europe/Amsterdam",
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def report():
    """Like the demo: Sanne teaches groep 5, where Sem bullies Lotte; she registered it."""
    group = SchoolGroupFactory(name="groep 5", order=5)
    teacher = UserFactory(
        username="leerkracht", first_name="Sanne", last_name="Verhoeven", roles=[Role.TEACHER]
    )
    group.teachers.add(teacher)
    UserFactory(username="ib", first_name="Marieke", last_name="Swinkels", roles=[Role.IB])
    sem = PupilFactory(school=group.school, group=group, first_name="Sem", last_name="Bakker")
    lotte = PupilFactory(
        school=group.school, group=group, first_name="Lotte", infix="van", last_name="Dam"
    )
    incident = IncidentFactory(
        registered_by=teacher,
        description="Sem noemt Lotte elke pauze 'mislukt' en de anderen lachen mee.",
    )
    InvolvementFactory(incident=incident, pupil=sem, role=InvolvementRole.BULLY)
    InvolvementFactory(incident=incident, pupil=lotte, role=InvolvementRole.VICTIM)
    visibility_sync(incidents=[incident])  # as incident_register does
    return incident


def log_in(page, username: str) -> None:
    page.goto("/")
    assert "/inloggen/" in page.url
    page.fill("input[name$=username]", username)
    page.fill("input[name$=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/$"))


def record(page, form_id: str, fill) -> None:
    """Open a record form of the workspace, fill it in and save it."""
    form = page.locator(f"#{form_id}")
    form.locator("summary").click()
    fill(form)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".alert-success").count() == 1, page.inner_text("main")


def save_screenshots(page, name: str) -> None:
    folder = os.environ.get("SCREENSHOT_DIR")
    if not folder:
        return
    page.screenshot(path=f"{folder}/{name}-desktop.png", full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=f"{folder}/{name}-phone.png", full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_teacher_verifies_a_report_and_takes_the_case_to_step_2(page, report):
    log_in(page, "leerkracht")

    # Mijn werk: the report waits for verification.
    to_verify = page.locator("#te-verifieren")
    assert "Sem Bakker" in to_verify.inner_text()
    to_verify.get_by_role("link", name=re.compile(gettext("Verify"))).click()

    page.get_by_label(gettext("Bullying: start the stappenplan")).check()
    page.get_by_role("button", name=gettext("Save verification")).click()
    page.wait_for_url(re.compile(r"/dossiers/\d+/$"))
    case = Case.objects.get()
    assert case.state == CaseState.STEP_1
    assert page.inner_text("[data-testid=case-state]") == str(CaseState.STEP_1.label)
    missing = page.inner_text("[data-testid=missing]")
    assert "Sem Bakker" in missing and "Lotte van Dam" in missing
    next_step = page.get_by_role("button", name=str(get_transition("complete_step_1").label))
    assert next_step.is_disabled()

    # Step 1: a separate conversation with each, the analysis and severity, the team.
    def separate_with(name: str, notes: str):
        def fill(form):
            form.get_by_label(re.compile(name)).check()
            form.locator("textarea[name$=notes]").fill(notes)

        return fill

    record(page, "nieuw-gesprek", separate_with("Sem Bakker", "Sem geeft toe dat hij scheldt."))
    record(page, "nieuw-gesprek", separate_with("Lotte van Dam", "Lotte durft niet naar buiten."))

    def analysis(form):
        form.locator("textarea[name$=analysis]").fill(
            "Sinds drie weken scheldt Sem Lotte uit in de pauze; de groep lacht mee."
        )
        form.get_by_label(gettext("Not serious")).check()

    record(page, "nieuw-analyse", analysis)

    def team(form):
        form.locator("textarea[name$=note]").fill("Let op Sem en Lotte bij het klimrek.")

    record(page, "nieuw-team", team)

    assert page.locator("[data-testid=missing]").count() == 0
    save_screenshots(page, "workspace-step-1")

    # Everything is there: take the step.
    page.get_by_role("button", name=str(get_transition("complete_step_1").label)).click()
    page.wait_for_load_state()
    assert page.inner_text("[data-testid=case-state]") == str(CaseState.STEP_2.label)
    assert gettext("Done. The case is now at: %(state)s.") % {
        "state": CaseState.STEP_2.label
    } in page.inner_text(".alert-success")
    case.refresh_from_db()
    assert case.state == CaseState.STEP_2
    assert case.conversations.count() == 2
    assert case.judged_serious is False
    assert page.locator(".step-current .step-marker").inner_text() == "2"
    save_screenshots(page, "workspace-step-2")


def test_the_action_plan_offers_the_protocols_actions_of_each_track(page, report):
    teacher = report.registered_by
    case = incident_verify(
        incident=report, user=teacher, classification="bullying", note="Geverifieerd."
    )
    finish_step_1(case, teacher)
    finish_step_2(case, teacher)
    talk = SuggestedAction.objects.create(
        key="talk", track=Track.BULLY, text="Met het kind bespreken wat pesten betekent."
    )
    SuggestedAction.objects.create(
        key="listen", track=Track.VICTIM, text="Naar het kind luisteren."
    )
    log_in(page, "leerkracht")
    page.goto(case.get_absolute_url())

    form = page.locator("#nieuw-handelingsplan")
    form.locator("summary").click()
    form.locator("input[name$=period_start]").fill(case.opened_at.date().isoformat())
    form.locator("select[name$=made_with_ib]").select_option(label="Marieke Swinkels")
    form.locator("textarea[name$=analysis]").fill("Bij gym is er geen toezicht.")
    form.locator("textarea[name$=goals]").fill("Lotte voelt zich veilig bij gym.")

    # The row of the bully's track offers only the bully's actions.
    bully_row = form.locator(".plan-row").nth(1)
    suggestions = bully_row.locator("select[data-suggestions]")
    assert suggestions.locator(f"option[value='{talk.pk}']").is_enabled()
    assert suggestions.locator("option", has_text="Naar het kind luisteren.").is_disabled()
    suggestions.select_option(str(talk.pk))
    bully_row.locator("input[name$=-who]").fill("Juf Sanne")
    bully_row.locator("input[name$=-when]").fill("elke ochtend")

    # One more row, in own words, for the parents.
    form.get_by_role("button", name=re.compile(gettext("Another action"))).click()
    extra = form.locator(".plan-row").last
    extra.locator("select[data-track]").select_option(Track.PARENTS.value)
    extra.locator("input[name$=-action]").fill("Ouders van Lotte bellen")
    extra.locator("input[name$=-who]").fill("IB")
    extra.locator("input[name$=-when]").fill("vrijdag")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state()

    assert page.locator(".alert-success").count() == 1, page.inner_text("main")
    plan = ActionPlan.objects.get(case=case)
    assert {(item.track, item.action) for item in plan.items.all()} == {
        (Track.BULLY, talk.text),
        (Track.PARENTS, "Ouders van Lotte bellen"),
    }
    assert page.locator("#documenten a[href$='.pdf']").count() == 1
