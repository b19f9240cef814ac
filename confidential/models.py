"""The confidential channel to the aanspreekpersoon sociale veiligheid.

Kept apart from case visibility: nothing here is read through the cases selectors, nothing is
registered in the admin, and only users with the confidant role reach the inbox.
"""

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MESSAGE_MAX_LENGTH = 5000
NAME_MAX_LENGTH = 100
CONTACT_MAX_LENGTH = 200


class ReporterKind(models.TextChoices):
    PUPIL = "pupil", _("Pupil")
    PARENT = "parent", _("Parent")
    STAFF = "staff", _("Staff member")
    OTHER = "other", _("Someone else")


class ReportStatus(models.TextChoices):
    NEW = "new", _("New")
    IN_PROGRESS = "in_progress", _("In progress")
    CLOSED = "closed", _("Closed")


class ConfidentialReport(models.Model):
    """What someone told the confidant through the public form.

    The follow-up code is never stored: only two keyed hashes of it, one to find the row
    through an index and one to confirm the match in constant time.
    """

    reporter_kind = models.CharField(_("reporter"), max_length=20, choices=ReporterKind.choices)
    is_anonymous = models.BooleanField(_("anonymous"), default=True)
    reporter_name = models.CharField(_("name"), max_length=NAME_MAX_LENGTH, blank=True)
    reporter_contact = models.CharField(
        _("email address or phone number"), max_length=CONTACT_MAX_LENGTH, blank=True
    )
    message = models.TextField(_("message"), validators=[MaxLengthValidator(MESSAGE_MAX_LENGTH)])
    consent_to_forward = models.BooleanField(_("may be passed on to the school"), default=False)
    status = models.CharField(
        _("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.NEW
    )
    unread_by_confidant = models.BooleanField(_("unread"), default=True)
    first_read_at = models.DateTimeField(_("first read at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    last_activity_at = models.DateTimeField(_("last activity"), default=timezone.now)
    code_lookup = models.CharField(max_length=64, unique=True, editable=False)
    code_hash = models.CharField(max_length=64, editable=False)

    class Meta:
        verbose_name = _("confidential report")
        verbose_name_plural = _("confidential reports")
        ordering = ["-unread_by_confidant", "-last_activity_at", "-pk"]
        indexes = [models.Index(fields=["status"], name="confidential_status_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(is_anonymous=False)
                | models.Q(reporter_name="", reporter_contact=""),
                name="confidential_anonymous_has_no_identity",
            ),
        ]

    def __str__(self) -> str:
        return _("Confidential report %(number)s") % {"number": self.pk}


class MessageAuthor(models.TextChoices):
    REPORTER = "reporter", _("Reporter")
    CONFIDANT = "confidant", _("Confidant")


class ReportMessage(models.Model):
    """One message in the conversation after the report: from the reporter or the confidant."""

    report = models.ForeignKey(
        ConfidentialReport,
        on_delete=models.CASCADE,
        related_name="messages",
        verbose_name=_("confidential report"),
    )
    author_kind = models.CharField(_("sender"), max_length=20, choices=MessageAuthor.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("confidant"),
    )
    body = models.TextField(_("message"), validators=[MaxLengthValidator(MESSAGE_MAX_LENGTH)])
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(author_kind="reporter", author__isnull=True)
                | models.Q(author_kind="confidant", author__isnull=False),
                name="confidential_message_author_matches_kind",
            ),
        ]

    def __str__(self) -> str:
        return _("Message %(number)s") % {"number": self.pk}

    @property
    def is_from_reporter(self) -> bool:
        return self.author_kind == MessageAuthor.REPORTER


class ConfidantNote(models.Model):
    """The confidant's own notes on a report; never shown to the reporter."""

    report = models.ForeignKey(
        ConfidentialReport,
        on_delete=models.CASCADE,
        related_name="notes",
        verbose_name=_("confidential report"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("written by"),
    )
    body = models.TextField(_("note"), validators=[MaxLengthValidator(MESSAGE_MAX_LENGTH)])
    created_at = models.DateTimeField(_("written at"), default=timezone.now)

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return _("Note %(number)s") % {"number": self.pk}


class ForwardRecipient(models.TextChoices):
    # Directie and IB: text-only forwards recorded before forwards became incidents.
    DIRECTIE = "directie", _("Management")
    IB = "ib", _("Internal supervisor (IB)")
    INCIDENT = "incident", _("The school, as an incident")


class ReportForward(models.Model):
    """What the confidant passed on to the school, with the reporter's consent.

    Only what the confidant typed leaves the confidential channel, never the original message.
    `text` keeps a copy of the incident's description, so the confidant can still read what
    they passed on when they may not open the incident itself.
    """

    report = models.ForeignKey(
        ConfidentialReport,
        on_delete=models.PROTECT,
        related_name="forwards",
        verbose_name=_("confidential report"),
    )
    recipient = models.CharField(_("passed on to"), max_length=20, choices=ForwardRecipient.choices)
    text = models.TextField(
        _("text passed on"), validators=[MaxLengthValidator(MESSAGE_MAX_LENGTH)]
    )
    forwarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("passed on by"),
    )
    forwarded_at = models.DateTimeField(_("passed on at"), default=timezone.now)
    # No reverse accessor: an incident must never lead back into the confidential channel.
    incident = models.ForeignKey(
        "cases.Incident",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("incident"),
    )

    class Meta:
        verbose_name = _("forward")
        verbose_name_plural = _("forwards")
        ordering = ["forwarded_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(incident__isnull=True) | models.Q(recipient="incident"),
                name="confidential_forward_incident_matches_recipient",
            ),
        ]

    def __str__(self) -> str:
        return _("Forward %(number)s") % {"number": self.pk}


class ReportEventKind(models.TextChoices):
    STATUS = "status", _("Status changed")
    CONSENT = "consent", _("Consent changed")
    # old_value is empty, new_value the number of the incident it became.
    FORWARD = "forward", _("Passed on to the school")


class ReportEvent(models.Model):
    """Append-only history of status and consent changes, written by the services."""

    report = models.ForeignKey(
        ConfidentialReport,
        on_delete=models.CASCADE,
        related_name="events",
        verbose_name=_("confidential report"),
    )
    kind = models.CharField(_("what changed"), max_length=20, choices=ReportEventKind.choices)
    old_value = models.CharField(_("old value"), max_length=20)
    new_value = models.CharField(_("new value"), max_length=20)
    # Empty when the reporter made the change through the follow-up page.
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    at = models.DateTimeField(_("changed at"), default=timezone.now)

    class Meta:
        verbose_name = _("history entry")
        verbose_name_plural = _("history entries")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        if not self.old_value:
            return f"{self.get_kind_display()}: {self.new_label}"
        return f"{self.get_kind_display()}: {self.old_label} → {self.new_label}"

    def _label(self, value: str) -> str:
        if self.kind == ReportEventKind.STATUS and value in ReportStatus.values:
            return ReportStatus(value).label
        if self.kind == ReportEventKind.CONSENT:
            return _("Yes") if value == "true" else _("No")
        if self.kind == ReportEventKind.FORWARD and value:
            return _("incident #%(number)s") % {"number": value}
        return value

    @property
    def old_label(self) -> str:
        return self._label(self.old_value)

    @property
    def new_label(self) -> str:
        return self._label(self.new_value)


class ReportAccess(models.Model):
    """Who opened a report, and when; no content. Kept here, apart from the access log of
    incidents and cases, so that no case role (the directie included) ever reads it: only the
    confidant sees it, on the report."""

    report = models.ForeignKey(
        ConfidentialReport,
        on_delete=models.CASCADE,
        related_name="accesses",
        verbose_name=_("confidential report"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("opened by"),
    )
    at = models.DateTimeField(_("opened at"), default=timezone.now)

    class Meta:
        verbose_name = _("opening")
        verbose_name_plural = _("openings")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.report_id} {self.user_id} {self.at:%Y-%m-%d %H:%M}"


class RateLimitHit(models.Model):
    """One accepted request on a rate-limited public page; the address is stored only hashed."""

    bucket = models.CharField(max_length=20)
    address_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(
                fields=["bucket", "address_hash", "created_at"], name="confidential_ratelimit_idx"
            ),
            models.Index(fields=["bucket", "created_at"], name="confidential_ratelimit_age_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.bucket} {self.created_at:%Y-%m-%d %H:%M}"


class NoticeKind(models.TextChoices):
    NEW_REPORT = "new_report", _("There is a new confidential report")
    NEW_MESSAGE = "new_message", _("There is a new message on a confidential report")


class NoticeEmail(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    NOT_EMAILED = "not_emailed", _("In the app only")
    FAILED = "failed", _("Failed")


class ConfidantNotice(models.Model):
    """Tells one confidant that a report or a message came in: in the app, and by an email
    that says nothing but that, with a link (the report's content stays in the application).

    Kept here rather than in the cases' notifications, so that nothing of the confidential
    channel passes through the case machinery.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="confidant_notices",
        verbose_name=_("recipient"),
    )
    report = models.ForeignKey(
        ConfidentialReport,
        on_delete=models.CASCADE,
        related_name="notices",
        verbose_name=_("confidential report"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=NoticeKind.choices)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    email_status = models.CharField(
        _("email"), max_length=20, choices=NoticeEmail.choices, default=NoticeEmail.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notice to the confidant")
        verbose_name_plural = _("notices to the confidant")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="confidant_notice_unread_idx"),
            models.Index(fields=["email_status"], name="confidant_notice_email_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.recipient})"
