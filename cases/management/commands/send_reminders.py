from django.core.management.base import BaseCommand
from django.utils import timezone

from cases.reminders.services import reminders_sweep


class Command(BaseCommand):
    help = (
        "Create the reminders that are due and send their emails: the same sweep Celery beat "
        "runs every 15 minutes. Without REDIS_URL the emails are sent by this command itself; "
        "safe to run from cron as often as you like."
    )

    def handle(self, *args, **options) -> None:
        result = reminders_sweep(now=timezone.now())
        self.stdout.write(
            f"{result.created} new reminder(s), {result.enqueued} email(s) to send, "
            f"{result.expired} interrupted send(s) resolved."
        )
