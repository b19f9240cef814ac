"""Repair who sees which incident and case: recompute every object permission from the rule
(cases.visibility.permissions) and apply the difference. Safe to run at any time, any number
of times."""

from django.core.management.base import BaseCommand

from cases.visibility.permissions import visibility_sync


class Command(BaseCommand):
    help = "Recompute the object permissions of every incident and case from the visibility rule."

    def handle(self, *args, **options) -> None:
        result = visibility_sync()
        self.stdout.write(
            f"Object permissions in line: {result.granted} granted, {result.revoked} revoked."
        )
