"""A bullying case (pestdossier) and everything recorded on it while the stappenplan runs.

The case's `state` is written only by the transition service in `cases/services_case.py`;
each record carries a `version` so that a second, concurrent save is refused instead of
silently overwriting the first.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.school.models import Pupil
from protocol.models import SuggestedAction, Track
from protocol.stappenplan import CaseState, ConsentParty, DeadlineRule


class Case(models.Model):
    state = models.CharField(_("step"), max_length=20, choices=CaseState.choices, db_index=True)
    title = models.CharField(_("short title"), max_length=200, blank=True)
    teachers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="assigned_cases",
        verbose_name=_("teachers"),
    )
    opened_at = models.DateTimeField(_("opened at"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("opened by"),
    )
    # Step 1: the analysis and the severity judgement of the separate conversations.
    analysis = models.TextField(_("analysis"), blank=True)
    judged_serious = models.BooleanField(_("judged serious by the teacher"), null=True)
    # Step 2: a class conversation may be judged not needed, with a reason.
    class_conversation_waived_reason = models.TextField(
        _("reason a class conversation is not needed"), blank=True
    )
    # Step 5: the outcome of the conversation after two weeks.
    step5_outcome_positive = models.BooleanField(_("effects positive"), null=True)
    closed_reason = models.TextField(_("reason for closing"), blank=True)
    # Flags the protocol raises; set by the suspension service, shown on the workspace.
    inspectie_notice_required = models.BooleanField(_("notice to the Inspectie"), default=False)
    board_consultation_required = models.BooleanField(
        _("consult the school board about removal"), default=False
    )
    next_deadline = models.DateField(_("next deadline"), null=True, blank=True, db_index=True)
    next_deadline_kind = models.CharField(
        _("deadline for"), max_length=40, choices=DeadlineRule.choices, blank=True
    )
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("changed by"),
    )

    history = HistoricalRecords(m2m_fields=[teachers])

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["next_deadline", "-opened_at"]

    def __str__(self) -> str:
        return _("Case %(number)s") % {"number": self.pk}

    def get_absolute_url(self) -> str:
        return reverse("cases:case_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.state != CaseState.CLOSED

    @property
    def is_overdue(self) -> bool:
        return self.next_deadline is not None and self.next_deadline < timezone.localdate()


class CaseTransition(models.Model):
    """Append-only history of every change of a case's step."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("case")
    )
    name = models.CharField(_("transition"), max_length=40)
    from_state = models.CharField(_("from"), max_length=20)
    to_state = models.CharField(_("to"), max_length=20)
    skipped = models.BooleanField(_("skipped a step"), default=False)
    reason = models.TextField(_("reason"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("at"))

    class Meta:
        verbose_name = _("step change")
        verbose_name_plural = _("step changes")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_state} → {self.to_state}"


class DeadlineResolution(models.TextChoices):
    MET = "met", _("Done")
    REPLACED = "replaced", _("Replaced by a new deadline")
    CANCELLED = "cancelled", _("Cancelled")


class CaseDeadline(models.Model):
    """A deadline the stappenplan set on a case; open until the work it asks for is recorded.

    The earliest open deadline is copied to `Case.next_deadline` for lists and reminders.
    """

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="deadlines", verbose_name=_("case")
    )
    kind = models.CharField(_("deadline for"), max_length=40, choices=DeadlineRule.choices)
    due_on = models.DateField(_("due on"))
    set_by = models.ForeignKey(
        CaseTransition,
        on_delete=models.CASCADE,
        related_name="deadlines",
        verbose_name=_("set by"),
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolution = models.CharField(
        _("resolution"), max_length=20, choices=DeadlineResolution.choices, blank=True
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["case", "resolved_at"], name="case_deadline_open_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.due_on:%d-%m-%Y}"

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None


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


__all__ = [
    "CONSENT_STEPS",
    "ActionPlan",
    "ActionPlanItem",
    "Agreement",
    "AgreementOutcome",
    "Case",
    "CaseDeadline",
    "CaseTransition",
    "Consent",
    "ConsentParty",
    "ContactChannel",
    "Conversation",
    "ConversationKind",
    "DeadlineResolution",
    "ExternalHelp",
    "ParentContact",
    "ParentMeeting",
    "Placement",
    "PlacementKind",
    "Suspension",
    "TeamNotice",
]
