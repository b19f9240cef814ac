"""Results of the yearly safety monitor (§12.1), recorded by the coordinator per group."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from cases.models import SchoolGroup, SchoolYear


class MonitorInstrument(models.Model):
    """A monitoring instrument the school uses (Veiligheidsmonitor, IEP Hart & Handen, ...).

    A short list kept as data, like the protocol's lists: the school adds ZIEN! or KiVa when
    it uses them, and retires an instrument instead of deleting it.
    """

    name = models.CharField(_("name"), max_length=100, unique=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("monitoring instrument")
        verbose_name_plural = _("monitoring instruments")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class MonitorResult(models.Model):
    school_year = models.ForeignKey(
        SchoolYear,
        on_delete=models.PROTECT,
        related_name="monitor_results",
        verbose_name=_("school year"),
    )
    group = models.ForeignKey(
        SchoolGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="monitor_results",
        verbose_name=_("group"),
        help_text=_("Empty for the whole school."),
    )
    instrument = models.ForeignKey(
        MonitorInstrument,
        on_delete=models.PROTECT,
        related_name="results",
        verbose_name=_("instrument"),
    )
    measured_on = models.DateField(_("date"))
    feel_safe_percent = models.DecimalField(
        _("pupils who feel safe (%)"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    respondents = models.PositiveSmallIntegerField(
        _("number of pupils who took part"), null=True, blank=True
    )
    sub_scores = models.JSONField(_("sub-scores"), default=dict, blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("monitor result")
        verbose_name_plural = _("monitor results")
        ordering = ["school_year", "group__order", "group__name", "instrument", "measured_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "group", "measured_on"],
                name="one_monitor_result_per_group_instrument_and_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.instrument} {self.group or ''} {self.measured_on:%d-%m-%Y}"
