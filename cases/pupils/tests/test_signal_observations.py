"""Signals of §6.1 and §6.2 recorded for a pupil: who may, what is checked, who reads them,
and the notice that points to the meldcode and notifies the IB."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts.models import Role
from accounts.tests.helpers import otp_login, password_login
from cases.models import Notification, ReminderKind, SignalObservation
from cases.pupils.selectors import signal_notice, signal_observations_visible_to
from cases.pupils.services import signal_observations_record
from protocol.models import Signal, SignalKind
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 2)


@pytest.fixture
def signals(db):
    def make(key, kind, text):
        return Signal.objects.create(key=key, kind=kind, text=text)

    return {
        "quiet": make("victim-quiet", SignalKind.VICTIM, "Zijn stil, gevoelig of passief."),
        "unhappy": make("victim-unhappy", SignalKind.VICTIM, "Zijn ongelukkig."),
        "sad": make("victim-sad", SignalKind.VICTIM, "Lijken verdrietig."),
        "abuse": make(
            "victim-signs-of-abuse",
            SignalKind.VICTIM,
            "Vertonen kenmerken van lichamelijke mishandeling.",
        ),
        "power": make("bully-power", SignalKind.BULLY, "Wil zich machtig voelen."),
    }


def record(pupil, by, *items, day=TODAY, note=""):
    return signal_observations_record(
        pupil=pupil, signals=list(items), observed_on=day, note=note, by=by
    )


def test_the_teacher_records_signals_with_a_note(clock, teacher, pupil_5, signals):
    rows = record(pupil_5, teacher, signals["quiet"], signals["power"], note="Zit alleen.")

    assert {row.signal for row in rows} == {signals["quiet"], signals["power"]}
    assert {row.note for row in rows} == {"Zit alleen."}
    assert rows[0].history.get().history_user == teacher


def test_a_teacher_records_nothing_for_a_pupil_she_may_not_see(clock, teacher, pupil_7, signals):
    with pytest.raises(PermissionDenied):
        record(pupil_7, teacher, signals["quiet"])


@pytest.mark.parametrize(
    ("day", "field"),
    [
        (TODAY + datetime.timedelta(days=1), "observed_on"),
        (datetime.date(2025, 1, 1), "observed_on"),
    ],
)
def test_the_date_is_checked(clock, teacher, pupil_5, signals, day, field):
    with pytest.raises(ValidationError) as error:
        record(pupil_5, teacher, signals["quiet"], day=day)

    assert field in error.value.error_dict


def test_at_least_one_signal(clock, teacher, pupil_5):
    with pytest.raises(ValidationError) as error:
        record(pupil_5, teacher)

    assert "signals" in error.value.error_dict


def test_the_pupils_teacher_and_the_ib_read_them_another_teacher_only_her_own(
    clock, teacher, other_teacher, ib, pupil_5, signals, record_of_sem
):
    mine = record(pupil_5, teacher, signals["quiet"])
    hers = record(pupil_5, other_teacher, signals["sad"])  # she sees Sem through an incident

    assert set(signal_observations_visible_to(ib)) == {*mine, *hers}
    assert set(signal_observations_visible_to(teacher)) == {*mine, *hers}
    assert set(signal_observations_visible_to(other_teacher)) == set(hers)


@pytest.fixture
def record_of_sem(record):
    return record


def test_two_victim_signals_show_no_notice_three_do(clock, teacher, pupil_5, signals):
    record(pupil_5, teacher, signals["quiet"], signals["unhappy"])
    record(pupil_5, teacher, signals["quiet"], day=TODAY - datetime.timedelta(days=3))
    assert not signal_notice(pupil_5).shown

    record(pupil_5, teacher, signals["sad"], day=TODAY - datetime.timedelta(days=27))

    assert signal_notice(pupil_5).shown


def test_signals_older_than_four_weeks_do_not_count(clock, teacher, pupil_5, signals):
    record(pupil_5, teacher, signals["quiet"], signals["unhappy"])
    record(pupil_5, teacher, signals["sad"], day=TODAY - datetime.timedelta(days=28))

    assert not signal_notice(pupil_5).shown


def test_bully_signals_do_not_count_for_the_notice(clock, teacher, pupil_5, signals):
    record(pupil_5, teacher, signals["power"], signals["quiet"], signals["unhappy"])

    assert signal_notice(pupil_5).victim_signals == 2
    assert not signal_notice(pupil_5).shown


def test_one_sign_of_abuse_shows_the_notice_and_notifies_every_ib(
    clock, teacher, ib, pupil_5, signals
):
    second_ib = UserFactory(roles=[Role.IB])

    record(pupil_5, teacher, signals["abuse"])

    assert signal_notice(pupil_5).shown
    notified = Notification.objects.filter(kind=ReminderKind.SIGNALS_NOTICE, pupil=pupil_5)
    assert {n.recipient for n in notified} == {ib, second_ib}


def test_the_ib_is_notified_when_the_notice_appears_not_at_every_signal_after(
    clock, teacher, ib, pupil_5, signals
):
    record(pupil_5, teacher, signals["quiet"], signals["unhappy"])
    assert not Notification.objects.exists()

    record(pupil_5, teacher, signals["sad"])
    record(pupil_5, teacher, signals["quiet"])
    assert Notification.objects.filter(recipient=ib).count() == 1

    record(pupil_5, teacher, signals["abuse"])  # a sign of abuse is always news
    assert Notification.objects.filter(recipient=ib).count() == 2


def test_the_notification_opens_the_pupils_page(client, clock, teacher, ib, pupil_5, signals):
    record(pupil_5, teacher, signals["abuse"])
    notification = Notification.objects.get(recipient=ib)
    otp_login(client, ib)

    response = client.post(reverse("cases:notification_open", args=[notification.pk]))

    assert response["Location"] == reverse("cases:pupil_detail", args=[pupil_5.pk])
    listed = client.get(reverse("cases:notification_list")).content.decode()
    assert pupil_5.first_name not in listed  # the notification names no pupil


def test_the_page_records_signals_and_shows_the_notice(
    client, clock, teacher, ib, pupil_5, signals, settings
):
    settings.MELDCODE_AANDACHTSFUNCTIONARIS = "Carla Jansen (IB)"
    password_login(client, teacher)
    url = reverse("cases:pupil_signals_record", args=[pupil_5.pk])

    response = client.post(
        url, {"signals": [signals["abuse"].pk], "observed_on": TODAY.isoformat(), "note": "Knie."}
    )

    assert response.status_code == 302
    page = client.get(reverse("cases:pupil_detail", args=[pupil_5.pk]))
    assert page.context["notice"].shown
    html = page.content.decode()
    assert "Carla Jansen (IB)" in html
    assert "Vertonen kenmerken van lichamelijke mishandeling." in html


def test_a_wrong_form_comes_back_with_the_error_and_the_input(client, clock, teacher, pupil_5):
    password_login(client, teacher)
    url = reverse("cases:pupil_signals_record", args=[pupil_5.pk])

    response = client.post(url, {"observed_on": "morgen", "note": "Zit alleen."})

    assert response.status_code == 200
    form = response.context["signal_form"]
    assert set(form.errors) == {"signals", "observed_on"}
    assert form["note"].value() == "Zit alleen."
    assert not SignalObservation.objects.exists()


def test_another_groups_teacher_cannot_post_signals(client, clock, teacher, pupil_7, signals):
    password_login(client, teacher)
    url = reverse("cases:pupil_signals_record", args=[pupil_7.pk])

    response = client.post(url, {"signals": [signals["quiet"].pk], "observed_on": "2026-11-02"})

    assert response.status_code == 404
    assert not SignalObservation.objects.exists()
