"""The coordinator records the safety monitor, writes the yearly report's conclusions, the
directie adopts it and downloads the PDF, in Chromium; the trends page and the report load
without a single Content-Security-Policy complaint.

Uses the harness of tests/browser/conftest.py (Debian's Chromium, skipped without it unless
REQUIRE_BROWSER=1). With SCREENSHOT_DIR set, it saves the trends page there.
"""

import io
import os
import re
import time
from datetime import date
from pathlib import Path

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect
from pypdf import PdfReader

from accounts.models import Role
from reporting.models import MonitorInstrument, MonitorResult, YearReport
from tests.factories import (
    IncidentFactory,
    InvolvementFactory,
    PupilFactory,
    SchoolGroupFactory,
    SchoolYearFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery"  # UserFactory's
TOTP_KEY = "3132333435363738393031323334353637383930"
CONCLUSIONS = "Het schoolplein in de middagpauze vraagt de meeste aandacht."
MEASURES = "Twee pleinwachten tussen 12.00 en 13.00 uur."


@pytest.fixture
def new_page(browser, live_server):
    """A page in a browser context of its own: no cookies shared with another user's."""
    contexts = []

    def make():
        context = browser.new_context(
            base_url=live_server.url,
            locale="nl-NL",
            timezone_id="Europe/Amsterdam",
            accept_downloads=True,
            viewport={"width": 1280, "height": 900},
        )
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def _this_school_year():
    today = date.today()
    first = today.year if today.month >= 8 else today.year - 1
    return SchoolYearFactory(
        name=f"{first}-{first + 1}", start_date=date(first, 8, 1), end_date=date(first + 1, 7, 31)
    )


def _with_device(username: str, role: str) -> TOTPDevice:
    user = UserFactory(username=username, roles=[role])
    return TOTPDevice.objects.create(user=user, name="default", key=TOTP_KEY, confirmed=True)


def _code(device: TOTPDevice) -> str:
    left = device.step - (time.time() - device.t0) % device.step
    if left < 3:
        time.sleep(left + 0.2)
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return str(code).zfill(device.digits)


def _log_in(page, device: TOTPDevice) -> None:
    page.goto("/inloggen/")
    page.fill("#id_auth-username", device.user.username)
    page.fill("#id_auth-password", PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.fill("input[name=token-otp_token]", _code(device))
    page.get_by_role("button", name="Code bevestigen").click()
    page.wait_for_url(re.compile(r"/$"))


def _csp_complaints(page) -> list[str]:
    complaints = []
    page.on(
        "console",
        lambda message: (
            complaints.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return complaints


def test_monitor_conclusions_adoption_and_the_pdf(new_page):
    year = _this_school_year()
    group = SchoolGroupFactory(name="groep 5", order=5)
    for _n in range(3):
        InvolvementFactory(
            incident=IncidentFactory(registered_by=UserFactory()),
            pupil=PupilFactory(school=group.school, group=group),
        )
    coordinator = _with_device("iris.bouwman", Role.COORDINATOR)
    directie = _with_device("esther.directie", Role.DIRECTIE)
    # A migration adds the instruments; an earlier browser test may have emptied the database.
    MonitorInstrument.objects.get_or_create(name="IEP Hart & Handen", defaults={"order": 1})

    # The coordinator records the monitor of groep 5, by hand.
    page = new_page()
    complaints = _csp_complaints(page)
    _log_in(page, coordinator)
    page.locator("nav a[href='/monitor/']").click()
    page.select_option("#id_group", label="groep 5")
    page.select_option("#id_instrument", label="IEP Hart & Handen")
    page.fill("#id_measured_on", date.today().isoformat())  # a date picker
    page.fill("#id_feel_safe_percent", "88")
    page.fill("#id_respondents", "26")
    page.locator("form[action^='/monitor/?'] button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(".alert-success").count() == 1, page.inner_text("main")
    expect(page.locator("table")).to_contain_text("88")
    assert MonitorResult.objects.get().respondents == 26

    # The trends page shows it, with charts and without any CSP complaint.
    page.locator("nav a[href='/trends/']").click()
    expect(page.locator("#table-monitor")).to_be_visible()
    expect(page.locator("svg.mv-chart").first).to_be_visible()
    if os.environ.get("SCREENSHOT_DIR"):
        page.screenshot(path=f"{os.environ['SCREENSHOT_DIR']}/trends.png", full_page=True)

    # She writes the conclusions and the measures as a draft.
    page.locator("nav a[href='/jaarverslag/']").click()
    page.wait_for_url(re.compile(rf"/jaarverslag/{year.pk}/$"))
    page.fill("#id_conclusions", CONCLUSIONS)
    page.fill("#id_measures", MEASURES)
    page.locator(f"form[action='/jaarverslag/{year.pk}/'] button[type=submit]").click()
    expect(page.locator(".alert-success")).to_have_count(1)
    assert not complaints, complaints
    page.context.close()

    # The directie adopts the report and downloads the PDF.
    page = new_page()
    complaints = _csp_complaints(page)
    _log_in(page, directie)
    page.goto(f"/jaarverslag/{year.pk}/")
    expect(page.locator("section[aria-labelledby=report-text]")).to_contain_text(CONCLUSIONS)
    page.locator(f"form[action='/jaarverslag/{year.pk}/vaststellen/'] button").click()
    expect(page.locator(".badge.text-bg-success")).to_be_visible()
    report = YearReport.objects.get()
    assert report.adopted_by == directie.user
    with page.expect_download() as download:
        page.locator(f"a[href='/jaarverslag/{year.pk}/pdf/']").click()
    pdf = PdfReader(io.BytesIO(Path(download.value.path()).read_bytes()))
    text = "\n".join(p.extract_text() for p in pdf.pages)
    assert CONCLUSIONS in text.replace("\n", " ")
    assert MEASURES in text.replace("\n", " ")
    assert not complaints, complaints
