"""Celery tasks of the confidential channel: each takes an id (or nothing) and calls a service."""

from celery import shared_task

from confidential.notices import notice_send, notices_send_pending


@shared_task(name="confidential.tasks.send_confidant_notice", ignore_result=True)
def send_confidant_notice(notice_id: int) -> str:
    return notice_send(notice_id=notice_id)


@shared_task(name="confidential.tasks.send_confidant_notices", ignore_result=True)
def send_confidant_notices() -> int:
    return notices_send_pending()
