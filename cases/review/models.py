"""Who reviewed a week of registrations, or a single registration, and when (§11.1)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.incidents.models import Incident


class WeekReview(models.Model):
    """One review of one ISO week; every review is kept (IB and directie may both review)."""

    week_start = models.DateField(_("week (Monday)"), db_index=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), default=timezone.now)
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("week review")
        verbose_name_plural = _("week reviews")
        ordering = ["-reviewed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.week_start:%Y-%m-%d} ({self.reviewed_by})"


class IncidentReview(models.Model):
    """A single registration marked reviewed; once per reviewer."""

    incident = models.ForeignKey(
        Incident,
        on_delete=models.CASCADE,
        related_name="reviews",
        verbose_name=_("incident"),
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("incident review")
        verbose_name_plural = _("incident reviews")
        ordering = ["reviewed_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["incident", "reviewed_by"], name="one_review_per_reviewer"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.incident_id} ({self.reviewed_by})"


__all__ = ["IncidentReview", "WeekReview"]
