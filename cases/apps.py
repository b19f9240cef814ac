from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("School and incidents")

    def ready(self) -> None:
        # Register the Celery tasks, which live in a domain package where autodiscovery
        # (which looks for `cases.tasks`) does not look; the services fire them by name.
        from cases.privacy import tasks as privacy_tasks  # noqa: F401
        from cases.reminders import tasks  # noqa: F401

        post_migrate.connect(_school_wide_permissions, sender=self)


def _school_wide_permissions(sender: AppConfig, using: str = "default", **kwargs: object) -> None:
    from cases.visibility.permissions import school_wide_permissions_ensure

    school_wide_permissions_ensure(using=using)
