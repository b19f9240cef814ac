"""A bullying case (pestdossier), its step changes and the deadlines the stappenplan sets on it.

The case's `state` is written only by the transition service in
`cases/stappenplan/services/transition.py`.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from protocol.stappenplan import CaseState, DeadlineRule


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
        indexes = [
            # The open cases in the order of the case list and Mijn werk (nearest deadline
            # first), and the closed ones newest first.
            # (An ascending PostgreSQL index keeps NULLs last, as the lists order them.)
            models.Index(
                fields=["next_deadline", "-opened_at"],
                name="case_open_deadline_idx",
                condition=~models.Q(state=CaseState.CLOSED),
            ),
            models.Index(
                fields=["-opened_at", "-id"],
                name="case_closed_opened_idx",
                condition=models.Q(state=CaseState.CLOSED),
            ),
        ]

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
