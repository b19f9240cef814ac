"""The access log: who opened, printed, exported or downloaded which incident, case or pupil's
record, when.

It holds no content, only the fact of the access. An export of the incident list is one row:
the list's filters and how many incidents it held. Rows are written by
`cases.visibility.services.access_log_record` and never changed or deleted by the application.
Confidential reports are logged apart, in the confidential app, so that no case role reads
who opened one.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AccessAction(models.TextChoices):
    VIEW = "view", _("Opened")
    PDF = "pdf", _("Printed as PDF")
    EXPORT = "export", _("Exported")
    DOWNLOAD = "download", _("Downloaded an attachment")
    TRANSFER = "transfer", _("Passed on to a new school")


class AccessObject(models.TextChoices):
    INCIDENT = "incident", _("Incident")
    CASE = "case", _("Case")
    PUPIL = "pupil", _("Pupil's record")
    INCIDENT_LIST = "incident_list", _("Incident list")


class AccessLog(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        # An account is deactivated, never deleted, while its accesses are on record.
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("by"),
    )
    action = models.CharField(_("what"), max_length=20, choices=AccessAction.choices)
    object_type = models.CharField(_("of"), max_length=20, choices=AccessObject.choices)
    # Empty for an export of a list, which is logged once: its filters and how many rows.
    object_id = models.PositiveBigIntegerField(_("number"), null=True, blank=True)
    filters = models.CharField(_("filters"), max_length=500, blank=True)
    row_count = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("access")
        verbose_name_plural = _("access log")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["object_type", "object_id", "at"], name="access_object_idx"),
            models.Index(fields=["user", "at"], name="access_user_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.action} {self.object_type} {self.object_id}"


__all__ = ["AccessAction", "AccessLog", "AccessObject"]
