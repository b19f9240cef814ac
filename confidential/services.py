"""Every write in the confidential channel."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_variables

from accounts.models import User
from cases.incidents.services import incident_register
from cases.models import Incident, Pupil
from confidential.codes import (
    generate_code,
    is_well_formed,
    lookup_candidates,
    lookup_hash,
    normalize_code,
    verifier_hash,
    verifier_matches,
)
from confidential.models import (
    MESSAGE_MAX_LENGTH,
    ConfidantNote,
    ConfidentialReport,
    ForwardRecipient,
    MessageAuthor,
    NoticeKind,
    ReportAccess,
    ReportEvent,
    ReportEventKind,
    ReportForward,
    ReportMessage,
    ReportStatus,
)
from confidential.notices import notices_create
from confidential.selectors import may_read_confidential_reports
from protocol.models import BullyingForm, BullyingMark, DigitalPlatform, FormExample

FORWARD_WITHOUT_CONSENT = _(
    "The reporter has not given permission to pass this on. Ask the reporter first, "
    "in a reply; they can give permission on their follow-up page."
)


@sensitive_variables("code")
def report_submit(
    *,
    reporter_kind: str,
    is_anonymous: bool,
    reporter_name: str = "",
    reporter_contact: str = "",
    message: str,
    consent_to_forward: bool,
) -> tuple[ConfidentialReport, str]:
    """Store a new report; returns it with its follow-up code, which exists nowhere else."""
    if is_anonymous:
        reporter_name = reporter_contact = ""
    now = timezone.now()
    report = ConfidentialReport(
        reporter_kind=reporter_kind,
        is_anonymous=is_anonymous,
        reporter_name=reporter_name.strip(),
        reporter_contact=reporter_contact.strip(),
        message=message.strip(),
        consent_to_forward=consent_to_forward,
        created_at=now,
        last_activity_at=now,
    )
    # 80 random bits make a collision practically impossible; the unique index makes it certain.
    for _attempt in range(5):
        code = generate_code()
        report.code_lookup = lookup_hash(code)
        report.code_hash = verifier_hash(code)
        report.full_clean(validate_unique=False)
        try:
            with transaction.atomic():
                report.save()
        except IntegrityError:
            continue
        notices_create(report=report, kind=NoticeKind.NEW_REPORT)
        return report, code
    raise RuntimeError("Could not find an unused follow-up code.")


@sensitive_variables("raw_code", "code")
def report_find_by_code(*, raw_code: str) -> ConfidentialReport | None:
    """The report a typed code belongs to, or None; malformed and unknown codes alike."""
    code = normalize_code(raw_code)
    candidates = lookup_candidates(code)
    # Query even for a malformed code, so both answers take the same path.
    matches = ConfidentialReport.objects.filter(code_lookup__in=list(candidates))
    for report in matches:
        if is_well_formed(code) and verifier_matches(
            report.code_hash, candidates[report.code_lookup]
        ):
            return report
    return None


def _record_event(
    *, report: ConfidentialReport, kind: str, old: str, new: str, by: User | None
) -> None:
    ReportEvent.objects.create(report=report, kind=kind, old_value=old, new_value=new, by=by)


def _set_status(*, report: ConfidentialReport, status: str, by: User | None) -> None:
    if report.status == status:
        return
    _record_event(report=report, kind=ReportEventKind.STATUS, old=report.status, new=status, by=by)
    report.status = status


@transaction.atomic
def report_follow_up(*, report: ConfidentialReport, body: str) -> ReportMessage:
    """The reporter adds a message; a closed report opens again."""
    message = ReportMessage(report=report, author_kind=MessageAuthor.REPORTER, body=body.strip())
    message.full_clean()
    message.save()
    if report.status == ReportStatus.CLOSED:
        _set_status(report=report, status=ReportStatus.IN_PROGRESS, by=None)
    report.unread_by_confidant = True
    report.last_activity_at = message.created_at
    report.save(update_fields=["status", "unread_by_confidant", "last_activity_at"])
    notices_create(report=report, kind=NoticeKind.NEW_MESSAGE)
    return message


@transaction.atomic
def report_consent_change(*, report: ConfidentialReport, consent: bool) -> None:
    """The reporter gives or withdraws permission to pass the report on."""
    if report.consent_to_forward == consent:
        return
    _record_event(
        report=report,
        kind=ReportEventKind.CONSENT,
        old=str(report.consent_to_forward).lower(),
        new=str(consent).lower(),
        by=None,
    )
    report.consent_to_forward = consent
    report.unread_by_confidant = True
    report.last_activity_at = timezone.now()
    report.save(update_fields=["consent_to_forward", "unread_by_confidant", "last_activity_at"])


def report_mark_read(*, report: ConfidentialReport) -> None:
    # One UPDATE at most, atomic by itself; most openings of a report change nothing.
    if not report.unread_by_confidant and report.first_read_at:
        return
    report.unread_by_confidant = False
    report.first_read_at = report.first_read_at or timezone.now()
    report.save(update_fields=["unread_by_confidant", "first_read_at"])


def report_access_record(*, report: ConfidentialReport, user: User) -> None:
    """Note that `user` opened `report` (who and when, nothing of what they read)."""
    ReportAccess.objects.create(report=report, user=user)


@transaction.atomic
def report_reply(*, report: ConfidentialReport, by: User, body: str) -> ReportMessage:
    """The confidant answers; the reporter reads it with the code."""
    message = ReportMessage(
        report=report, author_kind=MessageAuthor.CONFIDANT, author=by, body=body.strip()
    )
    message.full_clean()
    message.save()
    if report.status == ReportStatus.NEW:
        _set_status(report=report, status=ReportStatus.IN_PROGRESS, by=by)
    report.last_activity_at = message.created_at
    report.save(update_fields=["status", "last_activity_at"])
    return message


@transaction.atomic
def report_note_add(*, report: ConfidentialReport, by: User, body: str) -> ConfidantNote:
    note = ConfidantNote(report=report, author=by, body=body.strip())
    note.full_clean()
    note.save()
    return note


@transaction.atomic
def report_status_change(*, report: ConfidentialReport, by: User, status: str) -> None:
    if status not in ReportStatus.values:
        raise ValidationError({"status": _("Choose one of the statuses in the list.")})
    _set_status(report=report, status=status, by=by)
    report.save(update_fields=["status"])


def _forward_description(*, report: ConfidentialReport, description: str) -> str:
    """The text to pass on, normalised; refused when it was passed on before or is too long."""
    description = description.replace("\r\n", "\n").strip()
    earlier = (
        report.forwards.filter(incident__isnull=False, text=description)
        .values_list("incident_id", flat=True)
        .first()
    )
    if description and earlier is not None:
        raise ValidationError(
            {
                "description": ValidationError(
                    _(
                        "You already passed this text on to the school as incident "
                        "#%(number)s. Write what is new, or go back to the report."
                    ),
                    code="already_forwarded",
                    params={"number": earlier},
                )
            }
        )
    if len(description) > MESSAGE_MAX_LENGTH:
        # The form says so first; this keeps the forward's copy of the text within its limit.
        raise ValidationError(
            {
                "description": ValidationError(
                    _(
                        "This text is too long: at most %(limit_value)s characters "
                        "(it now has %(show_value)s)."
                    ),
                    code="max_length",
                    params={"limit_value": MESSAGE_MAX_LENGTH, "show_value": len(description)},
                )
            }
        )
    return description


def _forward_record(*, report: ConfidentialReport, incident: Incident, by: User) -> ReportForward:
    """Record that the report was passed on as `incident`; a new report is now in progress."""
    forward = ReportForward(
        report=report,
        recipient=ForwardRecipient.INCIDENT,
        text=incident.description,
        forwarded_by=by,
        forwarded_at=incident.registered_at,
        incident=incident,
    )
    forward.full_clean()
    forward.save()
    _record_event(report=report, kind=ReportEventKind.FORWARD, old="", new=str(incident.pk), by=by)
    if report.status == ReportStatus.NEW:
        _set_status(report=report, status=ReportStatus.IN_PROGRESS, by=by)
        report.save(update_fields=["status"])
    return forward


@transaction.atomic
def report_forward_as_incident(
    *,
    report: ConfidentialReport,
    by: User,
    occurred_on: datetime.date,
    occurred_time: datetime.time | None,
    reporter_kind: str,
    reporter_name: str,
    location: str,
    description: str,
    forms: Iterable[BullyingForm],
    examples: Iterable[FormExample],
    platforms: Iterable[DigitalPlatform],
    digital_description: str,
    marks: Iterable[BullyingMark],
    classification: str,
    severity: str,
    involvements: list[tuple[Pupil, str]],
) -> ReportForward:
    """Register an incident with only what the confidant typed, and record the forward.

    Nothing is copied from the report but its creation time, as the moment it was reported:
    the 24 hours for registering count from when the report reached the school. A report may be
    passed on more than once (new facts, another pupil), each time as an incident of its own,
    but never twice with the same text. Raises ValidationError keyed by the incident's field
    names (see `incident_register`); nothing is saved then.
    """
    if not may_read_confidential_reports(by):
        raise ValidationError(_("Only the confidential contact person can pass a report on."))
    # Read consent from the database under a lock: the reporter may withdraw it at any moment,
    # and two submits of the same form wait for each other here.
    report = ConfidentialReport.objects.select_for_update().get(pk=report.pk)
    if not report.consent_to_forward:
        raise ValidationError(FORWARD_WITHOUT_CONSENT)

    description = _forward_description(report=report, description=description)
    incident = incident_register(
        registered_by=by,
        occurred_on=occurred_on,
        occurred_time=occurred_time,
        reported_at=report.created_at,
        reporter_kind=reporter_kind,
        reporter_name=reporter_name,
        location=location,
        description=description,
        forms=forms,
        examples=examples,
        platforms=platforms,
        digital_description=digital_description,
        marks=marks,
        classification=classification,
        severity=severity,
        involvements=involvements,
        attachments=[],
    )
    return _forward_record(report=report, incident=incident, by=by)
