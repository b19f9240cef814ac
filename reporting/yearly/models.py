"""The yearly evaluation report (§3.2): the coordinator's conclusions and measures, the team's
training (§12.2) and the aanspreekpersoon's contribution (§3.1)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.models import SchoolYear


class Training(models.Model):
    """Training the team followed (§12.2)."""

    school_year = models.ForeignKey(
        SchoolYear,
        on_delete=models.PROTECT,
        related_name="trainings",
        verbose_name=_("school year"),
    )
    held_on = models.DateField(_("date"))
    subject = models.CharField(_("subject"), max_length=200)
    participants = models.CharField(_("who took part"), max_length=300)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        verbose_name = _("training")
        verbose_name_plural = _("trainings")
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return self.subject


class YearReport(models.Model):
    """The coordinator's text for one school year: a draft until the directie adopts it."""

    school_year = models.OneToOneField(
        SchoolYear, on_delete=models.PROTECT, related_name="report", verbose_name=_("school year")
    )
    conclusions = models.TextField(_("conclusions"), blank=True)
    measures = models.TextField(_("measures for next year"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("changed by"),
    )
    updated_at = models.DateTimeField(_("changed at"))
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("adopted by"),
    )
    adopted_at = models.DateTimeField(_("adopted at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    # Every saved draft stays readable.
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("yearly report")
        verbose_name_plural = _("yearly reports")

    def __str__(self) -> str:
        return str(self.school_year)

    @property
    def is_adopted(self) -> bool:
        return self.adopted_at is not None


class ConfidantContribution(models.Model):
    """The aanspreekpersoon's part of the report: her text and the counts she released.

    The counts are a copy taken when she releases them, so the report shows exactly what she
    saw; nothing of a confidential report but these counts ever reaches the report.
    """

    school_year = models.OneToOneField(
        SchoolYear,
        on_delete=models.PROTECT,
        related_name="confidant_contribution",
        verbose_name=_("school year"),
    )
    text = models.TextField(_("text of the aanspreekpersoon"), blank=True)
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("released by"),
    )
    released_at = models.DateTimeField(_("released at"), null=True, blank=True)

    class Meta:
        verbose_name = _("contribution of the aanspreekpersoon")
        verbose_name_plural = _("contributions of the aanspreekpersoon")

    def __str__(self) -> str:
        return str(self.school_year)

    @property
    def is_released(self) -> bool:
        return self.released_at is not None
