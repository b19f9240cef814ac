"""The confidant is told of each new report and each new message: in the app, and by an email
that holds nothing of the report."""

from unittest import mock

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import Role
from cases.tests.workspace_helpers import client_for
from confidential.models import ConfidantNotice, NoticeEmail, NoticeKind
from confidential.notices import MAX_ATTEMPTS, notice_send, notices_send_pending
from confidential.services import report_follow_up, report_submit
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SECRET = "Ze pakken steeds mijn tas af in de gang. Daan uit groep 7."


def submit(**kwargs):
    values = {
        "reporter_kind": "parent",
        "is_anonymous": False,
        "reporter_name": "Marieke de Boer",
        "reporter_contact": "06-12345678",
        "message": SECRET,
        "consent_to_forward": False,
    }
    values.update(kwargs)
    return report_submit(**values)[0]


def test_a_new_report_emails_every_confidant_without_any_content(
    confidant, teacher, django_capture_on_commit_callbacks
):
    second = UserFactory(username="vp.twee", roles=[Role.CONFIDANT])
    with django_capture_on_commit_callbacks(execute=True):
        report = submit()

    assert sorted(m.to[0] for m in mail.outbox) == sorted([confidant.email, second.email])
    message = mail.outbox[0]
    assert str(NoticeKind.NEW_REPORT.label) in message.subject
    assert reverse("confidential:report_detail", args=[report.pk]) in message.body
    for secret in ("tas", "Daan", "Marieke", "06-12345678", "groep 7"):
        assert secret not in message.subject + message.body
    assert set(ConfidantNotice.objects.values_list("email_status", flat=True)) == {NoticeEmail.SENT}


def test_a_new_message_from_the_reporter_is_told_the_same_way(
    confidant, django_capture_on_commit_callbacks
):
    report = submit()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        report_follow_up(report=report, body="Het gebeurde vandaag weer, bij de fietsen.")

    (message,) = mail.outbox
    assert str(NoticeKind.NEW_MESSAGE.label) in message.subject
    assert "fietsen" not in message.body
    assert ConfidantNotice.objects.filter(kind=NoticeKind.NEW_MESSAGE).count() == 1


def test_nobody_without_the_confidant_role_is_told(teacher, ib, directie):
    submit()

    assert not ConfidantNotice.objects.exists()


def test_a_notice_is_emailed_once_however_often_it_is_handed_over(confidant):
    submit()
    notice = ConfidantNotice.objects.get()

    assert notice_send(notice_id=notice.pk) == "sent"
    assert notice_send(notice_id=notice.pk) == "not claimed"
    assert notices_send_pending() == 0
    assert len(mail.outbox) == 1


def test_a_confidant_without_an_email_address_is_told_in_the_app_only(confidant):
    confidant.email = ""
    confidant.save()
    submit()

    assert notice_send(notice_id=ConfidantNotice.objects.get().pk) == "not emailed"
    assert mail.outbox == []


def test_a_mail_server_that_fails_is_tried_again_later_and_then_given_up(confidant):
    submit()
    notice = ConfidantNotice.objects.get()

    with mock.patch("confidential.notices.get_connection", side_effect=OSError("down")):
        for _attempt in range(MAX_ATTEMPTS):
            assert notice_send(notice_id=notice.pk) == "failed"
    notice.refresh_from_db()
    assert notice.email_status == NoticeEmail.FAILED
    assert notice.attempts == MAX_ATTEMPTS


def test_a_broker_that_is_down_costs_no_report(confidant, django_capture_on_commit_callbacks):
    with (
        mock.patch(
            "confidential.tasks.send_confidant_notice.delay", side_effect=OSError("no broker")
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        report = submit()

    assert report.pk is not None
    assert ConfidantNotice.objects.get().email_status == NoticeEmail.PENDING
    assert notices_send_pending() == 1
    assert len(mail.outbox) == 1


def test_the_app_shows_the_notice_until_the_report_is_opened(confidant):
    report = submit()
    client = client_for(confidant)

    page = client.get(reverse("home")).content.decode()
    assert 'id="confidant-notices"' in page
    assert str(NoticeKind.NEW_REPORT.label) in page
    assert SECRET not in page

    client.get(reverse("confidential:report_detail", args=[report.pk]))

    assert 'id="confidant-notices"' not in client.get(reverse("home")).content.decode()


def test_other_staff_never_see_the_notice(confidant, ib):
    submit()

    page = client_for(ib).get(reverse("home")).content.decode()

    assert 'id="confidant-notices"' not in page
