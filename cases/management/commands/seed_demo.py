from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from django.utils.translation import gettext as _

from cases.demo import DEMO_PASSWORD, demo_seed


class Command(BaseCommand):
    help = (
        "Fill the database with a fictional demo school: groups, about 200 pupils, one staff "
        "account per role and a school year of incidents. Safe to run twice."
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
                _(
                    "DEBUG is off, so this looks like a real installation: the demo data was not "
                    "added. Demo accounts have a public password and the pupils are fictional. "
                    "Run with --force only on a test or demonstration server."
                )
            )

        result = demo_seed()
        created = result.created
        if any(created.values()):
            self.stdout.write(
                self.style.SUCCESS(
                    _(
                        "Demo data for %(school)s, school year %(year)s. Added: %(groups)d "
                        "groups, %(pupils)d pupils, %(users)d staff accounts, %(incidents)d "
                        "incidents."
                    )
                    % {"school": result.school, "year": result.school_year, **created}
                )
            )
            self.stdout.write(
                _(
                    "Also %(holidays)d holidays of region Zuid (change them at Holidays) and "
                    "%(cases)d cases in different steps, one with an overdue deadline."
                )
                % created
            )
        else:
            self.stdout.write(
                _("The demo data for %(school)s is already there; nothing was changed.")
                % {"school": result.school}
            )

        self.stdout.write("")
        self.stdout.write(
            _("Demo logins, all with the password %(password)s:") % {"password": DEMO_PASSWORD}
        )
        width = max(len(account.username) for account in result.accounts)
        for account in result.accounts:
            self.stdout.write(
                f"  {account.username.ljust(width)}  "
                f"{account.first_name} {account.last_name}: {account.description}"
            )
        self.stdout.write(
            _(
                "IB, directie, coordinator and aanspreekpersoon set up two-step verification "
                "with an authenticator app at their first login; teachers log in with their "
                "password alone."
            )
        )
        self.stdout.write(
            _("The coordinator also reaches the technical administration at %(url)s.")
            % {"url": settings.SITE_URL + reverse("admin:index")}
        )
