"""The in-app notifications: the list, opening one, the header count, email settings, and
directie's list of undelivered emails."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from accounts.tests.helpers import otp_login
from cases.reminders.models import (
    Notification,
    NotificationPreference,
    Reminder,
    ReminderKind,
    ReminderStatus,
)
from cases.tests.reminders_support import CaseFactory, at, d

pytestmark = pytest.mark.django_db


def make_reminder(recipient, *, case=None, kind=ReminderKind.EVALUATION_TODAY, **fields):
    reminder = Reminder.objects.create(
        key=f"{kind}:{case.pk if case else 0}:{recipient.pk}:{Reminder.objects.count()}",
        kind=kind,
        due_on=d(2026, 9, 16),
        recipient=recipient,
        case=case,
        **fields,
    )
    notification = Notification.objects.create(
        recipient=recipient, kind=kind, reminder=reminder, case=case, due_on=d(2026, 9, 16)
    )
    return reminder, notification


@pytest.fixture(autouse=True)
def plain_static_files(settings):
    # The manifest storage needs `collectstatic`; these tests render pages without it.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def case(teacher):
    return CaseFactory(teachers=[teacher])


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    for name in ("notification_list", "notification_preferences", "delivery_problems"):
        response = client.get(reverse(f"cases:{name}"))
        assert response.status_code == 302
        assert response["Location"].startswith("/inloggen/")


def test_the_list_shows_the_users_own_notifications_only(client, teacher, other_teacher, case):
    make_reminder(teacher, case=case)
    other_case = CaseFactory(teachers=[other_teacher])
    make_reminder(other_teacher, case=other_case)
    otp_login(client, teacher)
    response = client.get(reverse("cases:notification_list"))
    assert response.status_code == 200
    page = response.content.decode()
    assert f"#{case.pk}:" in page
    assert f"#{other_case.pk}:" not in page


def test_the_list_makes_a_constant_number_of_queries(
    client, teacher, case, directie, django_assert_max_num_queries
):
    for _ in range(3):
        make_reminder(teacher, case=case)
    otp_login(client, teacher)
    with django_assert_max_num_queries(14) as few:
        client.get(reverse("cases:notification_list"))
    for _ in range(20):
        make_reminder(teacher, case=case)
    reminder, _ = make_reminder(directie, case=case)
    Notification.objects.create(
        recipient=teacher, kind=ReminderKind.DELIVERY_PROBLEM, reminder=reminder
    )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("cases:notification_list"))


def test_the_header_shows_the_unread_count(client, teacher, case):
    make_reminder(teacher, case=case)
    make_reminder(teacher, case=case)
    _, read = make_reminder(teacher, case=case)
    Notification.objects.filter(pk=read.pk).update(read_at=at(2026, 9, 16))
    otp_login(client, teacher)
    response = client.get(reverse("cases:incident_list"))
    assert response.context["unread_notification_count"] == 2
    assert 'text-bg-warning">2<' in response.content.decode()


def test_the_header_count_is_one_query(client, teacher, case, django_assert_num_queries):
    make_reminder(teacher, case=case)
    otp_login(client, teacher)
    client.get(reverse("cases:incident_list"))
    from cases.reminders.selectors import unread_notification_count

    with django_assert_num_queries(1):
        unread_notification_count(teacher)


def test_opening_a_notification_marks_it_read_and_goes_to_the_case(client, teacher, case):
    _, notification = make_reminder(teacher, case=case)
    otp_login(client, teacher)
    response = client.post(reverse("cases:notification_open", args=[notification.pk]))
    assert response.status_code == 302
    assert response["Location"] == f"/dossiers/{case.pk}/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_opening_someone_elses_notification_is_not_found(client, teacher, other_teacher, case):
    _, notification = make_reminder(teacher, case=case)
    otp_login(client, other_teacher)
    response = client.post(reverse("cases:notification_open", args=[notification.pk]))
    assert response.status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_opening_needs_a_post(client, teacher, case):
    _, notification = make_reminder(teacher, case=case)
    otp_login(client, teacher)
    response = client.get(reverse("cases:notification_open", args=[notification.pk]))
    assert response.status_code == 405


def test_mark_all_as_read_touches_only_the_users_notifications(
    client, teacher, other_teacher, case
):
    make_reminder(teacher, case=case)
    _, others = make_reminder(other_teacher, case=case)
    otp_login(client, teacher)
    response = client.post(reverse("cases:notifications_read_all"))
    assert response.status_code == 302
    assert not Notification.objects.filter(recipient=teacher, read_at__isnull=True).exists()
    others.refresh_from_db()
    assert others.read_at is None


def test_a_teacher_chooses_which_reminders_come_by_email(client, teacher):
    otp_login(client, teacher)
    response = client.get(reverse("cases:notification_preferences"))
    choices = dict(response.context["form"].fields["email_kinds"].choices)
    assert ReminderKind.EVALUATION_TODAY in choices
    assert ReminderKind.WEEKLY_DIGEST not in choices
    assert ReminderKind.DELIVERY_PROBLEM not in choices
    assert set(response.context["form"].initial["email_kinds"]) == set(choices)

    response = client.post(
        reverse("cases:notification_preferences"),
        {"email_kinds": [ReminderKind.EVALUATION_OVERDUE]},
    )
    assert response.status_code == 302
    email = dict(NotificationPreference.objects.filter(user=teacher).values_list("kind", "email"))
    assert email[ReminderKind.EVALUATION_OVERDUE] is True
    assert email[ReminderKind.EVALUATION_TODAY] is False

    response = client.post(
        reverse("cases:notification_preferences"),
        {"email_kinds": [ReminderKind.EVALUATION_TODAY]},
    )
    email = dict(NotificationPreference.objects.filter(user=teacher).values_list("kind", "email"))
    assert email[ReminderKind.EVALUATION_TODAY] is True
    assert email[ReminderKind.EVALUATION_OVERDUE] is False


def test_a_kind_that_does_not_concern_the_user_is_refused(client, teacher):
    otp_login(client, teacher)
    response = client.post(
        reverse("cases:notification_preferences"), {"email_kinds": [ReminderKind.WEEKLY_DIGEST]}
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not NotificationPreference.objects.exists()


def test_the_coordinator_is_offered_the_yearly_reminders_and_repeated_involvement(
    client, coordinator
):
    otp_login(client, coordinator)
    response = client.get(reverse("cases:notification_preferences"))
    choices = dict(response.context["form"].fields["email_kinds"].choices)
    assert set(choices) == {
        ReminderKind.REPEAT_INVOLVEMENT,
        ReminderKind.SAFETY_MONITOR,
        ReminderKind.PROTOCOL_EVALUATION,
    }


def test_directie_sees_emails_that_failed_or_perhaps_went_out(client, directie, teacher, case):
    failed, _ = make_reminder(teacher, case=case, status=ReminderStatus.FAILED, attempts=6)
    unknown, _ = make_reminder(teacher, case=case, status=ReminderStatus.UNKNOWN)
    sent, _ = make_reminder(teacher, case=case, status=ReminderStatus.SENT)
    otp_login(client, directie)
    response = client.get(reverse("cases:delivery_problems"))
    assert response.status_code == 200
    shown = {row[0].pk for row in response.context["rows"]}
    assert shown == {failed.pk, unknown.pk}


@pytest.mark.parametrize(
    ("raw_error", "shown"),
    [
        (
            "SMTPRecipientsRefused: {'juf@school.example': (550, b'5.1.1 Mailbox unavailable')}",
            "The mail server refused the recipient's email address. Check the address of this "
            "staff member.",
        ),
        (
            "SMTPAuthenticationError: (535, b'5.7.8 Authentication credentials invalid')",
            "The mail server refused the app's login. Ask the administrator to check the email "
            "settings.",
        ),
        (
            "ConnectionRefusedError: [Errno 111] Connection refused",
            "The mail server could not be reached. If this keeps happening, ask the "
            "administrator to check the email settings.",
        ),
        (
            "The worker stopped after handing the message to the mail server; it may have been "
            "sent.",
            "The sending stopped after the email reached the mail server. It may have arrived: "
            "ask the recipient before sending it again.",
        ),
        (
            "ValueError: something nobody foresaw",
            "The email could not be sent. The server log has the technical details.",
        ),
    ],
)
def test_directie_reads_why_an_email_failed_in_dutch_never_the_raw_error(
    client, directie, teacher, case, raw_error, shown
):
    make_reminder(
        teacher, case=case, status=ReminderStatus.FAILED, attempts=6, last_error=raw_error
    )
    otp_login(client, directie)
    with translation.override("nl"):
        expected = gettext(shown)
    response = client.get(reverse("cases:delivery_problems"), HTTP_ACCEPT_LANGUAGE="nl")
    content = response.content.decode()
    assert escape(expected) in content
    assert escape(raw_error) not in content
    assert "Errno" not in content and "SMTP" not in content


@pytest.mark.parametrize("name", ["delivery_resend", "delivery_dismiss"])
def test_others_cannot_see_or_handle_undelivered_emails(client, teacher, ib, case, name):
    failed, _ = make_reminder(teacher, case=case, status=ReminderStatus.FAILED)
    for user in (teacher, ib):
        otp_login(client, user)
        assert client.get(reverse("cases:delivery_problems")).status_code == 404
        assert client.post(reverse(f"cases:{name}", args=[failed.pk])).status_code == 404
    failed.refresh_from_db()
    assert failed.status == ReminderStatus.FAILED


def test_directie_sends_an_undelivered_email_again(
    client, directie, teacher, case, mailoutbox, django_capture_on_commit_callbacks
):
    failed, _ = make_reminder(teacher, case=case, status=ReminderStatus.FAILED, attempts=6)
    otp_login(client, directie)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("cases:delivery_resend", args=[failed.pk]))
    assert response.status_code == 302
    failed.refresh_from_db()
    assert failed.status == ReminderStatus.SENT
    assert len(mailoutbox) == 1


def test_directie_marks_an_undelivered_email_as_handled(client, directie, teacher, case):
    unknown, _ = make_reminder(teacher, case=case, status=ReminderStatus.UNKNOWN)
    otp_login(client, directie)
    response = client.post(reverse("cases:delivery_dismiss", args=[unknown.pk]))
    assert response.status_code == 302
    unknown.refresh_from_db()
    assert unknown.status == ReminderStatus.DISMISSED
    assert unknown.handled_by == directie
