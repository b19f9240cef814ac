"""Writes on the pupil's record: the signals (§6.1, §6.2) a staff member observed.

Several signals of §6.2 within a few weeks, or a sign of physical abuse, show a notice on the
pupil's page that points to the school's meldcode and its aandachtsfunctionaris, and notify
the IB in the app. The application does not run the meldcode: it points to the people who do.
"""

import datetime
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_create_with_history

from accounts.models import Role, User
from cases.models import (
    SIGNAL_NOTE_MAX_LENGTH,
    Notification,
    ParentComment,
    Pupil,
    ReminderKind,
    SignalObservation,
)
from cases.pupils.selectors import SignalNotice, pupils_visible_to, signal_notice
from protocol.models import Signal

# How far back an observation may be dated when it is recorded.
OLDEST_OBSERVATION = datetime.timedelta(days=366)


def _check(
    *, pupil: Pupil, signals: Sequence[Signal], observed_on: datetime.date | None, note: str
) -> dict[str, list[ValidationError]]:
    errors: dict[str, list[ValidationError]] = {}
    today = timezone.localdate()
    if not signals:
        errors["signals"] = [ValidationError(_("Tick at least one signal."), code="required")]
    elif any(not signal.is_active for signal in signals):
        errors["signals"] = [
            ValidationError(_("One of the signals is no longer in use."), code="inactive")
        ]
    if observed_on is None:
        errors["observed_on"] = [ValidationError(_("Enter the date."), code="required")]
    elif observed_on > today:
        errors["observed_on"] = [
            ValidationError(_("The date is in the future: enter today or earlier."), code="future")
        ]
    elif observed_on < today - OLDEST_OBSERVATION:
        errors["observed_on"] = [
            ValidationError(_("Enter a date within the past year."), code="too_old")
        ]
    if len(note) > SIGNAL_NOTE_MAX_LENGTH:
        errors["note"] = [
            ValidationError(
                _("Keep the note to %(max)s characters."),
                code="max_length",
                params={"max": SIGNAL_NOTE_MAX_LENGTH},
            )
        ]
    return errors


def _notify_ib(pupil: Pupil) -> int:
    recipients = User.objects.filter(groups__name=Role.IB, is_active=True).distinct()
    notifications = [
        Notification(recipient=user, kind=ReminderKind.SIGNALS_NOTICE, pupil=pupil)
        for user in recipients
    ]
    Notification.objects.bulk_create(notifications)
    return len(notifications)


def _calls_for_the_ib(before: SignalNotice, after: SignalNotice) -> bool:
    """The notice appears, or a sign of abuse is added to one already shown."""
    if not after.shown:
        return False
    return not before.shown or after.signs_of_abuse > before.signs_of_abuse


@transaction.atomic
def signal_observations_record(
    *,
    pupil: Pupil,
    signals: Sequence[Signal],
    observed_on: datetime.date | None,
    note: str,
    by: User,
) -> list[SignalObservation]:
    """Record that `by` observed `signals` in `pupil` on `observed_on`; one row per signal.

    Raises PermissionDenied when `by` may not see the pupil, ValidationError keyed by field.
    """
    if not pupils_visible_to(by).filter(pk=pupil.pk).exists():
        raise PermissionDenied
    signals = list(signals)
    note = note.strip()
    errors = _check(pupil=pupil, signals=signals, observed_on=observed_on, note=note)
    if errors:
        raise ValidationError(errors)
    Pupil.objects.select_for_update().filter(pk=pupil.pk).first()  # one notice per change
    before = signal_notice(pupil)
    now = timezone.now()
    rows = [
        SignalObservation(
            pupil=pupil,
            signal=signal,
            observed_on=observed_on,
            note=note,
            recorded_by=by,
            recorded_at=now,
        )
        for signal in dict.fromkeys(signals)
    ]
    created = bulk_create_with_history(rows, SignalObservation, default_user=by)
    if _calls_for_the_ib(before, signal_notice(pupil)):
        _notify_ib(pupil)
    return created


COMMENT_MAX_LENGTH = 10000


@transaction.atomic
def parent_comment_record(
    *, pupil: Pupil, given_by: str, received_on: datetime.date | None, text: str, by: User
) -> ParentComment:
    """Add a parent's comment to the pupil's record (the directie, after an inzage)."""
    if not by.has_role(Role.DIRECTIE) or not pupils_visible_to(by).filter(pk=pupil.pk).exists():
        raise PermissionDenied
    given_by, text = given_by.strip(), text.strip()
    errors: dict[str, list[ValidationError]] = {}
    if not given_by:
        errors["given_by"] = [ValidationError(_("Say who gave the comment."), code="required")]
    if not text or len(text) > COMMENT_MAX_LENGTH:
        errors["text"] = [
            ValidationError(
                _("Enter the comment, at most %(max)s characters."),
                code="text",
                params={"max": COMMENT_MAX_LENGTH},
            )
        ]
    if received_on is None or received_on > timezone.localdate():
        errors["received_on"] = [
            ValidationError(_("Enter the day it was received: today or earlier."), code="date")
        ]
    if errors:
        raise ValidationError(errors)
    comment = ParentComment(
        pupil=pupil,
        given_by=given_by[:200],
        received_on=received_on,
        text=text,
        recorded_by=by,
        recorded_at=timezone.now(),
    )
    comment._history_user = by
    comment.save()
    return comment
