from django.core.management.base import BaseCommand

from cases.incidents.attachments import PENDING_LIFETIME, attachments_purge_pending


class Command(BaseCommand):
    help = (
        "Delete attachments that were uploaded on a form that was never completed, "
        "with their files, once they are older than 24 hours. Run it daily."
    )

    def handle(self, *args, **options) -> None:
        deleted = attachments_purge_pending(older_than=PENDING_LIFETIME)
        self.stdout.write(f"Deleted {deleted} pending attachment(s).")
