"""Incidents: what was reported, who was involved, and the evidence attached."""

import uuid
from datetime import timedelta
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.school.models import Pupil
from protocol.models import BullyingForm, BullyingMark, DigitalPlatform, FormExample

REGISTRATION_WINDOW = timedelta(hours=24)


class ReporterKind(models.TextChoices):
    PUPIL = "pupil", _("Pupil")
    PARENT = "parent", _("Parent")
    COLLEAGUE = "colleague", _("Colleague")
    TEACHER = "teacher", _("The teacher themself")
    ANONYMOUS = "anonymous", _("Anonymous")


class Location(models.TextChoices):
    CLASSROOM = "classroom", _("Classroom")
    PLAYGROUND = "playground", _("Playground")
    GYM = "gym", _("Gym")
    CORRIDOR = "corridor", _("Corridor or toilets")
    WAY_TO_SCHOOL = "way_to_school", _("On the way to or from school")
    OUTSIDE_SCHOOL = "outside_school", _("Outside school")
    ONLINE = "online", _("Online")


class Classification(models.TextChoices):
    TEASING = "teasing", _("Teasing")
    BULLYING = "bullying", _("Bullying")
    AGGRESSION = "aggression", _("Aggression")
    UNDETERMINED = "undetermined", _("Not yet known")


class Severity(models.TextChoices):
    LIGHT = "light", _("Light")
    SERIOUS = "serious", _("Serious")


class IncidentQuerySet(models.QuerySet):
    def late(self) -> "IncidentQuerySet":
        return self.filter(registered_at__gt=models.F("reported_at") + REGISTRATION_WINDOW)

    def on_time(self) -> "IncidentQuerySet":
        return self.filter(registered_at__lte=models.F("reported_at") + REGISTRATION_WINDOW)

    def awaiting_verification(self) -> "IncidentQuerySet":
        return self.filter(verified_at__isnull=True)


# The checklists are part of every version, so that a correction (art. 16 AVG) keeps what they
# were before. Kept by name: a service saves the incident and its checklists without history
# and then writes one version (`incident_history_write`), not one per list it sets.
INCIDENT_HISTORY = HistoricalRecords(m2m_fields=["forms", "examples", "platforms", "marks"])


class Incident(models.Model):
    """One reported event (a "melding")."""

    occurred_on = models.DateField(_("date it happened"))
    occurred_time = models.TimeField(_("time it happened"), null=True, blank=True)
    reported_at = models.DateTimeField(_("reported at"))
    reporter_kind = models.CharField(_("reported by"), max_length=20, choices=ReporterKind.choices)
    reporter_name = models.CharField(
        _("name of the reporter"),
        max_length=200,
        blank=True,
        help_text=_("Optional; leave empty for an anonymous report."),
    )
    location = models.CharField(_("where"), max_length=20, choices=Location.choices)
    description = models.TextField(_("what happened"))
    forms = models.ManyToManyField(
        BullyingForm, blank=True, related_name="incidents", verbose_name=_("forms")
    )
    examples = models.ManyToManyField(
        FormExample, blank=True, related_name="incidents", verbose_name=_("examples")
    )
    platforms = models.ManyToManyField(
        DigitalPlatform, blank=True, related_name="incidents", verbose_name=_("platforms")
    )
    digital_description = models.CharField(
        _("other platform or description"), max_length=300, blank=True
    )
    marks = models.ManyToManyField(
        BullyingMark, blank=True, related_name="incidents", verbose_name=_("marks of bullying")
    )
    classification = models.CharField(
        _("first classification"),
        max_length=20,
        choices=Classification.choices,
        default=Classification.UNDETERMINED,
    )
    severity = models.CharField(
        _("severity"), max_length=10, choices=Severity.choices, default=Severity.LIGHT
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="registered_incidents",
        verbose_name=_("registered by"),
    )
    registered_at = models.DateTimeField(_("registered at"))
    # Verification (§11 "Vooraf"): bullying opens or joins a case; teasing or aggression is
    # closed here with a follow-up note.
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verified by"),
    )
    verified_classification = models.CharField(
        _("classification after verification"),
        max_length=20,
        choices=Classification.choices,
        blank=True,
    )
    follow_up_note = models.TextField(_("follow-up"), blank=True)
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="incidents",
        verbose_name=_("case"),
    )

    objects = IncidentQuerySet.as_manager()
    history = INCIDENT_HISTORY

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        ordering = ["-reported_at", "-pk"]
        indexes = [
            models.Index(fields=["-reported_at"], name="incident_reported_idx"),
            # The incident list's order, so a page is read from the index, not sorted.
            models.Index(
                fields=["-occurred_on", "-reported_at", "-id"], name="incident_list_order_idx"
            ),
            models.Index(
                fields=["classification", "-occurred_on", "-reported_at", "-id"],
                name="incident_list_class_idx",
            ),
            # "Mijn werk" asks for the few incidents still awaiting verification.
            models.Index(
                fields=["reported_at"],
                condition=models.Q(verified_at__isnull=True),
                name="incident_unverified_idx",
            ),
        ]

    def __str__(self) -> str:
        return _("Incident %(number)s") % {"number": self.pk}

    def get_absolute_url(self) -> str:
        return reverse("cases:incident_detail", args=[self.pk])

    @property
    def registration_delay(self) -> timedelta:
        return self.registered_at - self.reported_at

    @property
    def is_late(self) -> bool:
        return self.registration_delay > REGISTRATION_WINDOW


class InvolvementRole(models.TextChoices):
    BULLY = "bully", _("Bully")
    VICTIM = "victim", _("Victim")
    FOLLOWER = "follower", _("Follower")
    DEFENDER = "defender", _("Defender")
    BYSTANDER = "bystander", _("Silent middle group")


class Involvement(models.Model):
    incident = models.ForeignKey(
        Incident, on_delete=models.CASCADE, related_name="involvements", verbose_name=_("incident")
    )
    pupil = models.ForeignKey(
        Pupil, on_delete=models.PROTECT, related_name="involvements", verbose_name=_("pupil")
    )
    role = models.CharField(_("role"), max_length=20, choices=InvolvementRole.choices)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("involvement")
        verbose_name_plural = _("involvements")
        constraints = [
            models.UniqueConstraint(fields=["incident", "pupil"], name="unique_pupil_per_incident"),
        ]

    def __str__(self) -> str:
        return f"{self.pupil} ({self.get_role_display()})"


def attachment_path(instance: "Attachment", filename: str) -> str:
    # Never the uploader's file name on disk: a generated name with the detected extension.
    suffix = PurePath(filename).suffix.lower()
    return f"attachments/{uuid.uuid4().hex}{suffix}"


class Attachment(models.Model):
    """Evidence for an incident, such as a screenshot of online bullying.

    Stored under a generated name outside the static root; served only through a view
    that checks the incident's visibility.
    """

    incident = models.ForeignKey(
        Incident,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
        verbose_name=_("incident"),
    )
    file = models.FileField(_("file"), upload_to=attachment_path)
    original_name = models.CharField(_("original file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    # Metadata only (name, type, size, who and when): the file itself is never copied.
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


# The case models live in their own modules; importing them here registers them with Django.


class IncidentCorrection(models.Model):
    """A correction of a registered incident (art. 16 AVG): who, when, why and which fields.

    What the incident held before is in its history (checklists and pupils included); this
    row keeps the reason, which the history's own field is too short for.
    """

    incident = models.ForeignKey(
        Incident, on_delete=models.CASCADE, related_name="corrections", verbose_name=_("incident")
    )
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("corrected by"),
    )
    corrected_at = models.DateTimeField(_("corrected at"))
    reason = models.TextField(_("reason for the correction"))
    fields = models.JSONField(_("fields corrected"), default=list)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        ordering = ["-corrected_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.incident_id} @ {self.corrected_at:%Y-%m-%d %H:%M}"


def incident_history_write(incident: "Incident", history_type: str) -> None:
    """Write one version of `incident`, its checklists included ("+" added, "~" changed)."""
    INCIDENT_HISTORY.create_historical_record(incident, history_type)


__all__ = [
    "INCIDENT_HISTORY",
    "REGISTRATION_WINDOW",
    "Attachment",
    "Classification",
    "Incident",
    "IncidentCorrection",
    "IncidentQuerySet",
    "Involvement",
    "InvolvementRole",
    "Location",
    "ReporterKind",
    "Severity",
    "attachment_path",
    "incident_history_write",
]
