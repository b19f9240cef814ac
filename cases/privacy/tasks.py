"""Beat tasks of privacy by default: the monthly retention run, and the daily clean-ups of
forgotten uploads and of expired login lockouts."""

from axes.models import AccessAttempt
from celery import shared_task
from django.conf import settings
from django.utils import timezone

from cases.incidents.attachments import PENDING_LIFETIME, attachments_purge_pending
from cases.privacy.services import retention_run


@shared_task(name="cases.tasks.run_retention", ignore_result=True)
def run_retention() -> None:
    retention_run()


@shared_task(name="cases.tasks.purge_pending_attachments", ignore_result=True)
def purge_pending_attachments() -> None:
    attachments_purge_pending(older_than=PENDING_LIFETIME)


@shared_task(name="cases.tasks.clean_login_attempts", ignore_result=True)
def clean_login_attempts() -> int:
    """Remove lockout counters older than the cool-off: they no longer lock anything."""
    cutoff = timezone.now() - settings.AXES_COOLOFF_TIME
    deleted, _by_model = AccessAttempt.objects.filter(attempt_time__lt=cutoff).delete()
    return deleted
