from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConfidentialConfig(AppConfig):
    name = "confidential"
    verbose_name = _("Confidential reports")

    def ready(self) -> None:
        # Register the Celery tasks before anything fires them by name.
        from confidential import tasks  # noqa: F401
        from confidential.retention import register

        register()
