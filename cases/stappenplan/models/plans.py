"""The action plan (handelingsplan) of a case, its actions per track and the external help."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.stappenplan.models.case import Case
from cases.stappenplan.models.records import CaseRecord
from protocol.models import SuggestedAction, Track


class ExternalHelp(models.TextChoices):
    SBD = "sbd", _("School support service (Schoolbegeleidingsdienst)")
    GGD = "ggd", _("GGD school doctor")
    SMW = "smw", _("School social work")
    SOCIAL_TEAM = "social_team", _("Social team")
    SOVA = "sova", _("Social skills training (SOVA)")
    KANJER = "kanjer", _("Kanjertraining")
    OTHER = "other", _("Other")


class ActionPlan(CaseRecord):
    """A handelingsplan for two weeks, made by the teacher with the IB."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="action_plans", verbose_name=_("case")
    )
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("until"))
    analysis = models.TextField(_("analysis: why it went wrong"))
    goals = models.TextField(_("goals"))
    external_help = models.JSONField(_("external help"), default=list, blank=True)
    external_help_other = models.CharField(_("other external help"), max_length=200, blank=True)
    made_with_ib = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("made with IB"),
    )
    evaluate_on = models.DateField(_("evaluate on"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        ordering = ["period_start", "pk"]

    def __str__(self) -> str:
        return _("Action plan %(start)s – %(end)s") % {
            "start": f"{self.period_start:%d-%m-%Y}",
            "end": f"{self.period_end:%d-%m-%Y}",
        }


class ActionPlanItem(models.Model):
    plan = models.ForeignKey(
        ActionPlan, on_delete=models.CASCADE, related_name="items", verbose_name=_("action plan")
    )
    track = models.CharField(_("track"), max_length=20, choices=Track.choices)
    suggested_action = models.ForeignKey(
        SuggestedAction,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("from the protocol"),
    )
    action = models.CharField(_("action"), max_length=300)
    who = models.CharField(_("who"), max_length=150)
    when = models.CharField(_("when"), max_length=100)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["track", "pk"]

    def __str__(self) -> str:
        return self.action
