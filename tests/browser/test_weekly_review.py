"""The weekly review end to end: a teacher registers a report late and verifies another as
teasing with a follow-up note; the IB finds both on the weekoverzicht and reviews the week;
the directie sees that review; the next Monday's digest links to the page."""

import datetime
import re
import time

import pytest
import time_machine
from django.utils import timezone
from django.utils.translation import gettext
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Role
from cases.incidents.formatting import format_delay
from cases.models import Incident, Notification, ReminderKind, WeekReview
from cases.reminders.rules import RULES_DIGEST
from cases.reminders.services import reminders_sweep
from cases.review.weeks import Week
from cases.visibility.permissions import visibility_sync
from protocol.calendar import AMSTERDAM
from tests.browser.helpers import choose_pupil
from tests.factories import (
    BullyingFormFactory,
    IncidentFactory,
    InvolvementFactory,
    PupilFactory,
    SchoolGroupFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery"
NOTE = "Met beiden gepraat, het was over en weer. Geen pesten."


def REVIEWED_BY_CARLA() -> str:  # noqa: N802
    # The sentence up to the date, in the language the page speaks.
    return gettext("Reviewed by %(who)s on %(when)s.").split("%(when)s")[0] % {"who": "Carla Smits"}


@pytest.fixture
def school():
    group = SchoolGroupFactory(name="groep 5", order=5)
    teacher = UserFactory(
        username="juf.anna", first_name="Anna", last_name="de Vries", roles=[Role.TEACHER]
    )
    group.teachers.add(teacher)
    BullyingFormFactory(code="verbal", order=1)
    devices = {}
    for username, first, role in (
        ("ib.carla", "Carla", Role.IB),
        ("dir.esther", "Esther", Role.DIRECTIE),
    ):
        user = UserFactory(username=username, first_name=first, last_name="Smits", roles=[role])
        devices[username] = TOTPDevice.objects.create(user=user, name="default", confirmed=True)
    sem = PupilFactory(school=group.school, group=group, first_name="Sem", last_name="Bakker")
    lotte = PupilFactory(
        school=group.school, group=group, first_name="Lotte", infix="van", last_name="Dam"
    )
    teasing = IncidentFactory(registered_by=teacher, classification="undetermined")
    InvolvementFactory(incident=teasing, pupil=sem, role="bully")
    InvolvementFactory(incident=teasing, pupil=lotte, role="victim")
    visibility_sync(incidents=[teasing])
    return {"teacher": teacher, "devices": devices, "teasing": teasing}


def _code(device: TOTPDevice) -> str:
    left = device.step - (time.time() - device.t0) % device.step
    if left < 3:
        time.sleep(left + 0.2)
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return str(code).zfill(device.digits)


def log_in(page, username: str, device: TOTPDevice | None = None) -> None:
    page.context.clear_cookies()
    page.goto("/")
    page.fill("input[name$=username]", username)
    page.fill("input[name$=password]", PASSWORD)
    page.click("button[type=submit]")
    if device is not None:
        page.fill("input[name=token-otp_token]", _code(device))
        page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/$"))


def test_the_ib_reviews_the_week_and_the_directie_sees_it(page, school):
    week = Week.containing(timezone.localdate())
    reported = timezone.localtime() - datetime.timedelta(days=2, hours=3)

    # The teacher registers a report two days late...
    log_in(page, "juf.anna")
    page.goto("/meldingen/nieuw/")
    page.fill("#id_occurred_on", reported.date().isoformat())
    page.fill("#id_reported_at", reported.strftime("%Y-%m-%dT%H:%M"))
    page.check("#id_reporter_kind_0")
    page.select_option("#id_location", "playground")
    page.fill("#id_description", "Noah werd op het plein geduwd.")
    page.get_by_label("Verbaal", exact=True).check()
    choose_pupil(page, 0, "Sem Bakker")
    page.select_option("#id_pupils-0-role", "bully")
    page.click("#incident-form button[type=submit]")
    page.wait_for_url(re.compile(r"/meldingen/\d+/$"))
    late = Incident.objects.exclude(pk=school["teasing"].pk).get()
    assert late.is_late

    # ...and verifies the other one as teasing, with a follow-up note.
    page.goto(f"/meldingen/{school['teasing'].pk}/verifieren/")
    page.check("input[name=classification][value=teasing]")
    page.fill("textarea[name=note]", NOTE)
    page.click("#verify-form button[type=submit]")
    page.wait_for_load_state()

    # The IB opens the weekoverzicht of this week and finds both.
    log_in(page, "ib.carla", school["devices"]["ib.carla"])
    page.click("nav a[href='/weekoverzicht/']")
    page.wait_for_url(re.compile(r"/weekoverzicht/$"))
    page.goto(f"/weekoverzicht/?week={week}")
    late_row = page.locator(f"#melding-{late.pk}").inner_text()
    assert gettext("Late") in late_row
    assert format_delay(late.registration_delay) in late_row
    assert NOTE in page.locator(f"#melding-{school['teasing'].pk}").inner_text()

    page.fill("#id_note", "Late registratie met juf Anna besproken.")
    page.get_by_role("button", name=gettext("Mark this week reviewed")).click()
    page.wait_for_load_state()
    assert REVIEWED_BY_CARLA() in page.inner_text("#beoordeling")
    assert WeekReview.objects.get().week_start == week.monday

    # The directie sees the review.
    log_in(page, "dir.esther", school["devices"]["dir.esther"])
    page.goto(f"/weekoverzicht/?week={week}")
    review = page.inner_text("#beoordeling")
    assert REVIEWED_BY_CARLA() in review
    assert "Late registratie met juf Anna besproken." in review

    # The next Monday's digest notification opens this week's overview.
    next_monday = datetime.datetime.combine(week.next.monday, datetime.time(8), AMSTERDAM)
    with time_machine.travel(next_monday, tick=False):
        reminders_sweep(now=timezone.now(), rules=[RULES_DIGEST])
    digests = Notification.objects.filter(kind=ReminderKind.WEEKLY_DIGEST)
    assert digests.filter(due_on=week.next.monday).count() == 2  # the IB and the directie
    page.goto("/notificaties/")
    page.get_by_role("button", name=gettext("Open")).first.click()
    page.wait_for_url(re.compile(r"/weekoverzicht/\?week="))
    assert page.url.endswith(f"?week={week}")
    assert REVIEWED_BY_CARLA() in page.inner_text("#beoordeling")
