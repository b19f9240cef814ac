from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from confidential.demo import demo_reports_seed


class Command(BaseCommand):
    help = (
        "Add a few fictional confidential reports for the demo school's aanspreekpersoon "
        "(after seed_demo). Safe to run twice: nothing is added when reports exist."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even though DEBUG is off (never on a school's real database).",
        )

    def handle(self, *args, force: bool = False, **options) -> None:
        if not settings.DEBUG and not force:
            raise CommandError(
                _("DEBUG is off, so this looks like a real installation: nothing was added.")
            )
        made = demo_reports_seed()
        self.stdout.write(_("Demo confidential reports added: %(count)d.") % {"count": made})
