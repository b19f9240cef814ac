from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("School and incidents")

    def ready(self) -> None:
        # Register the Celery tasks, which live in a domain package where autodiscovery
        # (which looks for `cases.tasks`) does not look; the services fire them by name.
        from cases.privacy import tasks as privacy_tasks  # noqa: F401
        from cases.reminders import tasks  # noqa: F401
