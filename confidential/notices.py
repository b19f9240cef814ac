"""Telling the confidant that something came in: a notice in the app and an email without
any content ("Er is een nieuwe vertrouwelijke melding", with a link).

The email never carries the report's words, the reporter or a pupil: a mailbox is not the
confidential channel. Each notice is emailed at most once: a conditional update claims it
before the mail server is contacted. A broker that is down costs no report: the notice waits
in the database and `confidential.tasks.send_confidant_notices` (on the beat schedule) sends it.
"""

import logging
from datetime import timedelta

from celery import current_app
from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import Role, User
from confidential.models import ConfidantNotice, ConfidentialReport, NoticeEmail, NoticeKind

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
# A claim older than this belongs to a worker that died; the notice is tried again, since a
# second "there is a new report" is harmless, unlike a lost one.
CLAIM_TIMEOUT = timedelta(minutes=15)
NOTICES_SHOWN = 5


def _confidants() -> QuerySet[User]:
    return User.objects.filter(groups__name=Role.CONFIDANT, is_active=True).distinct()


@transaction.atomic
def notices_create(*, report: ConfidentialReport, kind: str) -> list[ConfidantNotice]:
    """One notice per active confidant; their emails go out after the transaction commits."""
    now = timezone.now()
    notices = ConfidantNotice.objects.bulk_create(
        [
            ConfidantNotice(recipient=user, report=report, kind=kind, created_at=now)
            for user in _confidants()
        ]
    )
    ids = [notice.pk for notice in notices]
    if ids:
        transaction.on_commit(lambda: notices_hand_over(ids))
    return notices


def notices_hand_over(ids: list[int]) -> None:
    """Give notices to the worker (in-process without REDIS_URL); never fails the caller."""
    task = current_app.tasks["confidential.tasks.send_confidant_notice"]
    for pk in ids:
        try:
            task.delay(pk)
        except Exception:
            logger.warning(
                "Could not hand confidant notice %s to the worker; the beat sends it later.",
                pk,
                exc_info=True,
            )
            return


def notice_email(*, notice: ConfidantNotice) -> EmailMessage:
    with translation.override(settings.LANGUAGE_CODE):
        title = str(NoticeKind(notice.kind).label)
        body = render_to_string(
            "confidential/email/notice.txt",
            {
                "recipient": notice.recipient,
                "title": title,
                "link": settings.SITE_URL
                + reverse("confidential:report_detail", args=[notice.report_id]),
            },
        )
    return EmailMessage(
        subject=f"{settings.EMAIL_SUBJECT_PREFIX}{title}",
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notice.recipient.email],
        headers={"Auto-Submitted": "auto-generated"},
    )


def notice_send(*, notice_id: int) -> str:
    """Email one notice at most once; returns what happened. Not one transaction: the claim is
    committed before the mail server is contacted."""
    claimed = ConfidantNotice.objects.filter(pk=notice_id, email_status=NoticeEmail.PENDING).update(
        email_status=NoticeEmail.SENDING, attempts=F("attempts") + 1, claimed_at=timezone.now()
    )
    if not claimed:
        return "not claimed"
    notice = ConfidantNotice.objects.select_related("recipient").get(pk=notice_id)
    mine = ConfidantNotice.objects.filter(pk=notice_id, email_status=NoticeEmail.SENDING)
    if not notice.recipient.email or not notice.recipient.is_active:
        mine.update(email_status=NoticeEmail.NOT_EMAILED)
        return "not emailed"
    try:
        connection = get_connection(fail_silently=False)
        connection.send_messages([notice_email(notice=notice)])
    except Exception:
        logger.warning("Could not email confidant notice %s.", notice_id, exc_info=True)
        failed = notice.attempts >= MAX_ATTEMPTS
        mine.update(email_status=NoticeEmail.FAILED if failed else NoticeEmail.PENDING)
        return "failed"
    mine.update(email_status=NoticeEmail.SENT, sent_at=timezone.now())
    return "sent"


def notices_send_pending() -> int:
    """Hand over every notice still waiting (a broker outage, a failed attempt, a dead worker)."""
    stale = timezone.now() - CLAIM_TIMEOUT
    ConfidantNotice.objects.filter(email_status=NoticeEmail.SENDING, claimed_at__lt=stale).update(
        email_status=NoticeEmail.PENDING
    )
    ids = list(
        ConfidantNotice.objects.filter(email_status=NoticeEmail.PENDING)
        .order_by("pk")
        .values_list("pk", flat=True)[:200]
    )
    notices_hand_over(ids)
    return len(ids)


def notices_mark_read(*, report: ConfidentialReport, user: User) -> None:
    # One UPDATE, atomic by itself (no savepoint on every opening of a report).
    ConfidantNotice.objects.filter(report=report, recipient=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def unread_notices(user: User) -> list[ConfidantNotice]:
    """The latest unread notices of this confidant, for the banner on every page."""
    return list(
        ConfidantNotice.objects.filter(recipient=user, read_at__isnull=True).order_by(
            "-created_at", "-pk"
        )[:NOTICES_SHOWN]
    )
