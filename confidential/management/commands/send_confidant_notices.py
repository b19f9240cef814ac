from django.core.management.base import BaseCommand

from confidential.notices import notices_send_pending


class Command(BaseCommand):
    help = (
        "Email the confidant's notices that are still waiting (after a broker or mail server "
        "outage): what Celery beat runs every 15 minutes. Safe to run from cron."
    )

    def handle(self, *args, **options) -> None:
        self.stdout.write(f"{notices_send_pending()} notice(s) handed over.")
