from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from protocol.services import protocol_data_load


class Command(BaseCommand):
    help = (
        "Add the anti-bullying protocol's reference lists (forms of bullying, examples, "
        "platforms, marks, signals, suggested actions). Items that exist are left alone, "
        "so edits made in the admin survive."
    )

    def handle(self, *args, **options) -> None:
        created = protocol_data_load()
        if not any(created.values()):
            self.stdout.write(_("The protocol lists are complete; nothing was added."))
            return
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Protocol lists loaded. Added: %(forms)d forms of bullying, "
                    "%(examples)d examples, %(platforms)d platforms, %(marks)d marks of "
                    "bullying, %(signals)d signals, %(actions)d suggested actions."
                )
                % created
            )
        )
