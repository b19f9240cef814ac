"""What is recorded on a case while the stappenplan runs: conversations, agreements, contacts
with parents and notices to the team, on the fields every record shares (`CaseRecord`).

Each record carries a `version` so that a second, concurrent save is refused instead of
silently overwriting the first.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.school.models import Pupil
from cases.stappenplan.models.case import Case, CaseTransition


class CaseRecord(models.Model):
    """Fields every record on a case shares: who wrote it and a version for safe editing."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)
    version = models.PositiveIntegerField(default=1)
    # The step change by which the case entered the step during which this was recorded: the
    # protocol's guards count only the work recorded since the case entered its current step.
    # RESTRICT: a step change is never deleted on its own, but goes with its case.
    stage = models.ForeignKey(
        CaseTransition,
        on_delete=models.RESTRICT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded during"),
    )

    class Meta:
        abstract = True


class ConversationKind(models.TextChoices):
    SEPARATE = "separate", _("Separate conversation")
    JOINT = "joint", _("Joint conversation")
    CLASS = "class", _("Class conversation")
    PARENTS = "parents", _("Conversation with parents")
    TEAM = "team", _("Team conversation")
    FOLLOW_UP = "follow_up", _("Follow-up conversation")


class Conversation(CaseRecord):
    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="conversations", verbose_name=_("case")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ConversationKind.choices)
    held_on = models.DateField(_("date"))
    pupils = models.ManyToManyField(
        Pupil, blank=True, related_name="conversations", verbose_name=_("pupils")
    )
    other_participants = models.CharField(_("other participants"), max_length=300, blank=True)
    notes = models.TextField(_("notes"))
    reported_to_ib = models.BooleanField(_("report sent to the IB"), default=False)
    # Step 5 is the conversation after two weeks; held sooner, the case team says why.
    early_reason = models.TextField(_("why before the two weeks"), blank=True)

    history = HistoricalRecords(m2m_fields=[pupils])

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.held_on:%d-%m-%Y}"


class AgreementOutcome(models.TextChoices):
    KEPT = "kept", _("Kept")
    PARTLY = "partly", _("Partly kept")
    NOT_KEPT = "not_kept", _("Not kept")


class Agreement(CaseRecord):
    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="agreements", verbose_name=_("case")
    )
    pupil = models.ForeignKey(
        Pupil,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agreements",
        verbose_name=_("with pupil"),
    )
    text = models.TextField(_("agreement"))
    made_on = models.DateField(_("made on"))
    evaluate_on = models.DateField(_("evaluate on"), null=True, blank=True)
    evaluated_on = models.DateField(_("evaluated on"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=AgreementOutcome.choices, blank=True
    )
    evaluation_note = models.TextField(_("evaluation"), blank=True)
    is_active = models.BooleanField(
        _("still in force"),
        default=True,
        help_text=_(
            "Adjusted or ended agreements are kept for the record but no longer evaluated."
        ),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["made_on", "pk"]
        # The reminder sweep reads the agreements still to be evaluated.
        indexes = [
            models.Index(
                fields=["evaluate_on"],
                name="agreement_to_evaluate_idx",
                condition=models.Q(is_active=True, evaluated_on__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return self.text[:60]


class ContactChannel(models.TextChoices):
    CONVERSATION = "conversation", _("In person")
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("Email")
    LETTER = "letter", _("Letter")


class ParentContact(CaseRecord):
    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="parent_contacts", verbose_name=_("case")
    )
    pupil = models.ForeignKey(
        Pupil,
        on_delete=models.PROTECT,
        related_name="parent_contacts",
        verbose_name=_("parents of"),
    )
    contacted_on = models.DateField(_("date"))
    channel = models.CharField(_("how"), max_length=20, choices=ContactChannel.choices)
    summary = models.TextField(_("what was said"))
    about_action_plan = models.BooleanField(_("informed about the action plan"), default=False)
    follow_up_due = models.DateField(_("follow-up due"), null=True, blank=True)
    follow_up_done_on = models.DateField(_("follow-up done on"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("parent contact")
        verbose_name_plural = _("parent contacts")
        ordering = ["contacted_on", "pk"]

    def __str__(self) -> str:
        return f"{self.pupil} {self.contacted_on:%d-%m-%Y}"


class TeamNotice(CaseRecord):
    """The team was informed (supervision on the playground, or of an action plan)."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="team_notices", verbose_name=_("case")
    )
    informed_on = models.DateField(_("date"))
    about_action_plan = models.BooleanField(_("about the action plan"), default=False)
    note = models.TextField(_("what the team was told"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("team notice")
        verbose_name_plural = _("team notices")
        ordering = ["informed_on", "pk"]

    def __str__(self) -> str:
        return f"{self.informed_on:%d-%m-%Y}"
