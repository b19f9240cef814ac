"""Email a staff member the link to choose a password: for the first directie account, made
in the technical administration before anyone can use the staff screen."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from accounts.services import password_set_link_send


class Command(BaseCommand):
    help = "Email a staff member the link to choose their password (valid once, for 3 days)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")

    def handle(self, *args, username: str, **options) -> None:
        user = User.objects.filter(username__iexact=username).first()
        if user is None:
            raise CommandError(f"No account with username {username!r}.")
        try:
            password_set_link_send(user=user, by=None)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(f"Sent the link to {user.email}.")
