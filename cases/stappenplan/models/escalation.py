"""The escalation steps of the stappenplan: the meeting with the parents of the group (step 6),
the consent of every party, a placement elsewhere (step 7) and a suspension (step 8)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.school.models import Pupil
from cases.stappenplan.models.case import Case
from cases.stappenplan.models.records import CaseRecord
from protocol.stappenplan import CaseState, ConsentParty


class ParentMeeting(CaseRecord):
    """Step 6: a meeting with all parents of the group."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="parent_meetings", verbose_name=_("case")
    )
    held_on = models.DateField(_("date"))
    led_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("led by"),
    )
    teachers_present = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="+", verbose_name=_("teachers present")
    )
    notes = models.TextField(_("notes"))

    history = HistoricalRecords(m2m_fields=[teachers_present])

    class Meta:
        verbose_name = _("meeting with the parents of the group")
        verbose_name_plural = _("meetings with the parents of the group")
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return f"{self.held_on:%d-%m-%Y}"


CONSENT_STEPS = [
    (CaseState.STEP_7.value, CaseState.STEP_7.label),
    (CaseState.STEP_8.value, CaseState.STEP_8.label),
]


class Consent(CaseRecord):
    """Consent of one party for step 7 or 8 ("in goed overleg met alle partijen")."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="consents", verbose_name=_("case")
    )
    step = models.CharField(_("for step"), max_length=20, choices=CONSENT_STEPS)
    party = models.CharField(_("party"), max_length=20, choices=ConsentParty.choices)
    given_by = models.CharField(_("given by"), max_length=200)
    given_on = models.DateField(_("date"))
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["given_on", "pk"]
        constraints = [
            # A new round (a further suspension) asks every party again.
            models.UniqueConstraint(
                fields=["case", "stage", "step", "party"],
                name="one_consent_per_party_per_step_and_round",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_party_display()} ({self.get_step_display()})"


class PlacementKind(models.TextChoices):
    OTHER_GROUP = "other_group", _("Another group")
    OTHER_SCHOOL = "other_school", _("Another school")


class Placement(CaseRecord):
    """Step 7: a pupil temporarily placed in another group or school."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="placements", verbose_name=_("case")
    )
    pupil = models.ForeignKey(
        Pupil, on_delete=models.PROTECT, related_name="placements", verbose_name=_("pupil")
    )
    kind = models.CharField(_("placed in"), max_length=20, choices=PlacementKind.choices)
    destination = models.CharField(_("which group or school"), max_length=200)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"))
    review_on = models.DateField(_("review on"))
    reviewed_on = models.DateField(_("reviewed on"), null=True, blank=True)
    review_note = models.TextField(_("outcome of the review"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["start_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="placement_ends_on_or_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pupil} → {self.destination}"


class Suspension(CaseRecord):
    """Step 8: a pester suspended for at most five school days."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="suspensions", verbose_name=_("case")
    )
    pupil = models.ForeignKey(
        Pupil, on_delete=models.PROTECT, related_name="suspensions", verbose_name=_("pupil")
    )
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    school_days = models.PositiveSmallIntegerField(_("school days"))
    reason = models.TextField(_("reason"))
    objection_procedure = models.TextField(_("how to object"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("suspension")
        verbose_name_plural = _("suspensions")
        ordering = ["start_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(school_days__gte=1, school_days__lte=5),
                name="suspension_one_to_five_school_days",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pupil} {self.start_date:%d-%m-%Y}"

    @property
    def needs_inspectie_notice(self) -> bool:
        return self.school_days > 1
