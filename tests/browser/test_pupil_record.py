"""A teacher records signals for her pupil and corrects an incident; the directie produces the
inzage export of the pupil and reads it: only the pupil is named in it."""

import re

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect
from pypdf import PdfReader

from accounts.models import Role
from cases.models import Incident, IncidentCorrection, Involvement, SignalObservation
from cases.visibility.permissions import visibility_sync
from protocol.models import Signal
from tests.browser.test_confidential_report import TOTP_KEY, code_on_the_app
from tests.factories import IncidentFactory, PupilFactory, SchoolGroupFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery"


@pytest.fixture
def school():
    group_5 = SchoolGroupFactory(name="groep 5", order=5)
    teacher = UserFactory(username="juf.anna", first_name="Anna", roles=[Role.TEACHER])
    group_5.teachers.add(teacher)
    directie = UserFactory(username="dir.esther", first_name="Esther", roles=[Role.DIRECTIE])
    sem = PupilFactory(school=group_5.school, group=group_5, first_name="Sem", last_name="Bakker")
    lotte = PupilFactory(
        school=group_5.school, group=group_5, first_name="Lotte", infix="van", last_name="Dam"
    )
    incident = IncidentFactory(
        registered_by=teacher,
        location="classroom",
        description="Lotte van Dam duwde Sem in de klas.",
    )
    Involvement.objects.create(incident=incident, pupil=sem, role="victim")
    Involvement.objects.create(incident=incident, pupil=lotte, role="bully")
    visibility_sync()
    signals = [
        Signal.objects.create(key=key, kind="victim", text=text, order=n)
        for n, (key, text) in enumerate(
            [
                ("victim-quiet", "Zijn stil, gevoelig of passief."),
                ("victim-unhappy", "Zijn ongelukkig, onzeker en verward."),
                ("victim-school-anxiety", "Hebben angst om naar school te gaan."),
            ]
        )
    ]
    device = TOTPDevice.objects.create(user=directie, name="default", key=TOTP_KEY, confirmed=True)
    return {"sem": sem, "incident": incident, "signals": signals, "device": device}


def log_in(page, username: str, path: str) -> None:
    page.goto(path)
    page.fill("#id_auth-username", username)
    page.fill("#id_auth-password", PASSWORD)
    page.get_by_role("button", name="Inloggen").click()


def test_signals_a_correction_and_the_inzage_export(browser, live_server, school):
    sem, incident = school["sem"], school["incident"]
    pupil_path = f"/leerlingen/{sem.pk}/"

    # The teacher records three signals of §6.2 for Sem: the notice appears.
    teacher = browser.new_context(base_url=live_server.url, locale="nl-NL").new_page()
    teacher.set_default_timeout(15_000)
    log_in(teacher, "juf.anna", pupil_path)
    teacher.wait_for_url(re.compile(rf"{pupil_path}$"))
    for signal in school["signals"]:
        teacher.get_by_label(signal.text).check()
    teacher.fill("#id_note", "Zit in de pauze alleen.")
    teacher.locator(f"form[action='{pupil_path}signalen/'] button[type=submit]").click()
    teacher.wait_for_url(re.compile(rf"{pupil_path}$"))
    expect(teacher.locator("#signals-notice")).to_be_visible()
    expect(teacher.get_by_text("Zit in de pauze alleen.").first).to_be_visible()
    assert SignalObservation.objects.filter(pupil=sem).count() == 3

    # She corrects where it happened, with a reason.
    teacher.goto(f"/meldingen/{incident.pk}/")
    teacher.locator(f"a[href='/meldingen/{incident.pk}/corrigeren/']").click()
    teacher.select_option("#id_location", "playground")
    teacher.fill("#id_reason", "Het gebeurde op het plein, niet in de klas.")
    teacher.locator("#incident-form button[type=submit]").click()
    teacher.wait_for_url(re.compile(rf"/meldingen/{incident.pk}/$"))
    expect(teacher.get_by_text("Het gebeurde op het plein, niet in de klas.")).to_be_visible()
    assert Incident.objects.get(pk=incident.pk).location == "playground"
    assert IncidentCorrection.objects.filter(incident=incident).exists()
    teacher.context.close()

    # The directie downloads the inzage export and reads it.
    directie = browser.new_context(
        base_url=live_server.url, locale="nl-NL", accept_downloads=True
    ).new_page()
    directie.set_default_timeout(15_000)
    log_in(directie, "dir.esther", pupil_path)
    directie.get_by_label("Zescijferige code").fill(code_on_the_app(school["device"]))
    directie.get_by_role("button", name="Code bevestigen").click()
    directie.wait_for_url(re.compile(rf"{pupil_path}$"))
    with directie.expect_download() as download:
        directie.locator(f"a[href='{pupil_path}inzage/']").click()
    text = "\n".join(page.extract_text() for page in PdfReader(download.value.path()).pages)
    assert "Sem Bakker" in text
    assert "duwde Sem" in text
    assert "Het gebeurde op het plein" in text  # the correction's reason
    assert "Zijn stil, gevoelig of passief." in text  # a signal
    for name in ("Lotte", "Dam"):
        assert name not in text
    directie.context.close()
