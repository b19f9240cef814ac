"""The directie's confirmation of each retention policy, and the log of every run."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RetentionConfirmation(models.Model):
    """The directie agreed, once, that a policy runs automatically from now on."""

    policy = models.CharField(_("policy"), max_length=40, unique=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("confirmed by"),
    )
    confirmed_at = models.DateTimeField(_("confirmed at"))

    class Meta:
        verbose_name = _("retention confirmation")
        verbose_name_plural = _("retention confirmations")

    def __str__(self) -> str:
        return self.policy


class RetentionRun(models.Model):
    """One run of one policy: what it changed, or for a dry run what it would have changed."""

    policy = models.CharField(_("policy"), max_length=40)
    ran_at = models.DateTimeField(_("ran at"))
    dry_run = models.BooleanField(_("dry run"))
    counts = models.JSONField(_("counts"), default=dict)

    class Meta:
        verbose_name = _("retention run")
        verbose_name_plural = _("retention runs")
        ordering = ["-ran_at", "-pk"]
        indexes = [models.Index(fields=["policy", "ran_at"], name="retention_run_idx")]

    def __str__(self) -> str:
        return f"{self.policy} @ {self.ran_at:%Y-%m-%d}"


__all__ = ["RetentionConfirmation", "RetentionRun"]
