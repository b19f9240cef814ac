"""The confidential channel end to end: a pupil tells the aanspreekpersoon what is going on,
the aanspreekpersoon answers after a two-step login, and the pupil reads the answer with the
follow-up code. Three browser contexts, so nothing is shared but the code the pupil wrote down."""

import re
import time

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from accounts.models import Role
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery"  # UserFactory's
# RFC 6238's test secret ("12345678901234567890"), so the test computes what the app would show.
TOTP_KEY = "3132333435363738393031323334353637383930"
PHONE = {"width": 390, "height": 844}
INBOX = re.compile(r"://[^/]+/vertrouwelijk/$")  # the inbox itself, not a login page's ?next=

REPORT = "Sem en Daan pakken elke pauze mijn pet af en gooien hem over het hek."
REPLY = "Dank je dat je het vertelt. Zullen we morgen in de eerste pauze even praten?"
FOLLOW_UP = "Ja, dat is goed. Ik kom naar het kantoortje bij de gymzaal."
CODE_PATTERN = re.compile(r"[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}")


@pytest.fixture
def new_page(browser, live_server):
    """A page in a context of its own: no cookies, storage or session shared with another."""
    contexts = []

    def make(*, phone: bool = False):
        options = {"viewport": PHONE, "is_mobile": True, "has_touch": True} if phone else {}
        context = browser.new_context(
            base_url=live_server.url, locale="nl-NL", timezone_id="Europe/Amsterdam", **options
        )
        context.set_default_timeout(10_000)
        if phone:
            context.grant_permissions(["clipboard-read", "clipboard-write"])
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def confidant_device():
    """The aanspreekpersoon, with the authenticator app linked, as her role requires."""
    user = UserFactory(
        username="esther.warmerdam",
        first_name="Esther",
        last_name="Warmerdam",
        roles=[Role.CONFIDANT],
    )
    return TOTPDevice.objects.create(user=user, name="default", key=TOTP_KEY, confirmed=True)


def code_on_the_app(device: TOTPDevice) -> str:
    """The six digits the app shows now; waits for the next ones when these are about to
    expire, so the code is still valid when the server checks it."""
    left = device.step - (time.time() - device.t0) % device.step
    if left < 3:
        time.sleep(left + 0.2)
    code = totp(
        device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift
    )
    return str(code).zfill(device.digits)


def assert_fits_the_screen(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_pupil_reports_in_confidence_and_reads_the_confidants_reply_with_the_code(
    new_page, confidant_device
):
    # A pupil, on a phone, without an account.
    pupil = new_page(phone=True)
    pupil.goto("/melden/")
    expect(pupil.get_by_role("heading", level=1)).to_have_text("Vertel wat er aan de hand is")
    pupil.get_by_label("Ik ben een leerling").check()
    pupil.get_by_label("Wat is er aan de hand?").fill(REPORT)
    # Anonymous unless the pupil chooses otherwise: no name or contact fields in sight.
    expect(pupil.get_by_label("Nee, ik blijf liever anoniem")).to_be_checked()
    expect(pupil.get_by_label("Je naam")).to_be_hidden()
    pupil.get_by_role("group", name=re.compile("Mag de aanspreekpersoon")).get_by_label(
        "Nee", exact=True
    ).check()
    assert_fits_the_screen(pupil)
    send = pupil.get_by_role("button", name="Versturen")
    assert send.bounding_box()["height"] >= 44  # easy to tap
    send.click()

    pupil.wait_for_url(re.compile(r"/melden/bedankt/$"))
    expect(pupil.get_by_role("heading", level=1)).to_have_text("Goed dat je het vertelt")
    expect(pupil.get_by_text("Schrijf deze code op, of maak er een foto van.")).to_be_visible()
    code_box = pupil.get_by_label("Je code")
    expect(code_box).to_have_text(CODE_PATTERN)
    code = code_box.inner_text().strip()
    expect(code_box).to_be_in_viewport()
    # One tap copies it.
    copy = pupil.locator("#copy-code")
    expect(copy).to_have_text("Code kopiëren")
    copy.click()
    expect(copy).to_have_text("Gekopieerd")
    assert pupil.evaluate("navigator.clipboard.readText()") == code
    assert_fits_the_screen(pupil)
    # Shown once: after a reload the page says so and the code is gone.
    pupil.reload()
    expect(pupil.get_by_text("Je code is al getoond")).to_be_visible()
    expect(pupil.get_by_label("Je code")).to_have_count(0)
    assert code not in pupil.content()
    # On a shared computer the pupil closes the report, so the next one cannot open it.
    pupil.get_by_role("button", name="Ik ben klaar").click()
    expect(pupil.get_by_role("heading", level=1)).to_have_text("Het antwoord lezen")
    expect(pupil.get_by_role("status")).to_contain_text("Niemand anders kan hem nu op dit apparaat")
    pupil.context.close()

    # The aanspreekpersoon, at her desk: password first, then the code from her app.
    confidant = new_page()
    confidant.goto("/vertrouwelijk/")
    confidant.wait_for_url(re.compile(r"/inloggen/\?next=/vertrouwelijk/$"))
    confidant.fill("#id_auth-username", "esther.warmerdam")
    confidant.fill("#id_auth-password", PASSWORD)
    confidant.get_by_role("button", name="Inloggen").click()
    token = confidant.get_by_label("Zescijferige code")
    expect(token).to_be_visible()
    assert confidant.url.endswith("/inloggen/?next=/vertrouwelijk/")  # not in yet
    token.fill(code_on_the_app(confidant_device))
    confidant.get_by_role("button", name="Code bevestigen").click()

    confidant.wait_for_url(INBOX)
    expect(confidant.get_by_role("heading", level=1)).to_have_text("Vertrouwelijke meldingen")
    expect(confidant.get_by_role("link", name="Vertrouwelijke meldingen (1 nieuw)")).to_be_visible()
    item = confidant.locator(".list-group-item", has_text=REPORT)
    expect(item).to_contain_text("Ongelezen")
    expect(item).to_contain_text("Leerling · anoniem")
    item.click()

    confidant.wait_for_url(re.compile(r"/vertrouwelijk/\d+/$"))
    expect(confidant.get_by_text(REPORT)).to_be_visible()
    confidant.get_by_label("Antwoord aan de melder").fill(REPLY)
    confidant.get_by_role("button", name="Antwoord versturen").click()
    expect(confidant.locator(".alert-success")).to_have_text(
        "Je antwoord is verstuurd. De melder leest het met de code."
    )
    expect(confidant.get_by_text(REPLY)).to_be_visible()
    expect(confidant.locator("dl")).to_contain_text("In behandeling")
    expect(confidant.get_by_role("link", name="Vertrouwelijke meldingen (0 nieuw)")).to_be_visible()

    # Later, the pupil on a phone that remembers nothing: only the code.
    reporter = new_page(phone=True)
    reporter.goto("/melden/opvolgen/")
    expect(reporter.get_by_role("heading", level=1)).to_have_text("Het antwoord lezen")
    # Typed as pupils do: lower case, spaces instead of dashes.
    reporter.get_by_label("Je code").fill(code.lower().replace("-", " "))
    reporter.get_by_role("button", name="Mijn melding openen").click()

    expect(reporter.get_by_role("heading", level=1)).to_have_text("Je melding")
    expect(reporter.get_by_text("De aanspreekpersoon heeft je melding gelezen.")).to_be_visible()
    messages = reporter.locator(".thread-message")
    expect(messages).to_have_count(2)
    expect(messages.nth(0)).to_contain_text("Jij")
    expect(messages.nth(0)).to_contain_text(REPORT)
    expect(messages.nth(1)).to_contain_text("Aanspreekpersoon")
    expect(messages.nth(1)).to_contain_text(REPLY)
    # The reporter learns nothing about who answered beyond the role.
    expect(reporter.locator("main")).not_to_contain_text("Warmerdam")
    assert_fits_the_screen(reporter)

    reporter.get_by_label("Je bericht").fill(FOLLOW_UP)
    reporter.get_by_role("button", name="Versturen", exact=True).click()
    expect(reporter.get_by_role("status")).to_have_text("Je bericht is verstuurd.")
    expect(messages).to_have_count(3)
    expect(messages.nth(2)).to_contain_text("Jij")
    expect(messages.nth(2)).to_contain_text(FOLLOW_UP)

    # The aanspreekpersoon sees there is something new.
    confidant.get_by_role("link", name="Alle vertrouwelijke meldingen").click()
    confidant.wait_for_url(INBOX)
    item = confidant.locator(".list-group-item", has_text=REPORT)
    expect(item).to_contain_text("Ongelezen")
    expect(item).to_contain_text("2 berichten")
