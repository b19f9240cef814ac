"""Contacts with the parents of a case's pupils and notices to the team: the promise of step
3 to call the parents after the first evaluation is kept here.
"""

from datetime import date
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from cases.models import Case, ContactChannel, DeadlineResolution, ParentContact, Pupil, TeamNotice
from cases.stappenplan.services.base import (
    ANYONE_ON_THE_CASE,
    Errors,
    create_record,
    full_clean,
    past_date,
    pupil_of_case,
    required_text,
    sync_case,
    update_record,
)
from cases.stappenplan.services.deadlines import (
    open_deadlines,
    refresh_next_deadline,
    resolve_deadlines,
)
from cases.visibility.history import update_with_history
from protocol.stappenplan import DeadlineRule

# Contacts with parents.

PARENT_CONTACT_FIELDS = (
    "pupil",
    "contacted_on",
    "channel",
    "summary",
    "about_action_plan",
    "follow_up_due",
    "follow_up_done_on",
)


def _clean_parent_contact(case: Case, p: ParentContact, m2m: dict[str, Any]) -> None:
    errors = Errors()
    if p.pupil_id is None:
        errors.add("pupil", _("Choose the pupil whose parents were contacted."))
    else:
        pupil_of_case(errors, "pupil", p.pupil, case)
    past_date(errors, "contacted_on", p.contacted_on, _("the date of the contact"))
    if p.channel not in ContactChannel.values:
        errors.add("channel", _("Choose how the parents were contacted."))
    required_text(errors, p, "summary", _("Write down what was said."))
    if p.follow_up_done_on is not None:
        past_date(errors, "follow_up_done_on", p.follow_up_done_on, _("the date of the follow-up"))
    full_clean(errors, p)


def _settle_parent_followup(case: Case) -> None:
    if not open_deadlines(case).filter(kind=DeadlineRule.PARENT_FOLLOWUP).exists():
        return
    pending = ParentContact.objects.filter(
        case=case, follow_up_due__isnull=False, follow_up_done_on__isnull=True
    )
    if not pending.exists():
        resolve_deadlines(case, [DeadlineRule.PARENT_FOLLOWUP], DeadlineResolution.MET)
        refresh_next_deadline(case)


@transaction.atomic
def parent_contact_record(
    *,
    case: Case,
    user: User,
    pupil: Pupil,
    contacted_on: date,
    channel: str,
    summary: str,
    about_action_plan: bool = False,
) -> ParentContact:
    """A contact with the parents of `pupil`. After the first evaluation it also keeps the
    promise of step 3 to those parents."""
    locked, contact = create_record(
        case=case,
        user=user,
        who=ANYONE_ON_THE_CASE,
        model=ParentContact,
        fields={
            "pupil": pupil,
            "contacted_on": contacted_on,
            "channel": channel,
            "summary": summary,
            "about_action_plan": about_action_plan,
        },
        clean=_clean_parent_contact,
    )
    evaluated = not open_deadlines(locked).filter(kind=DeadlineRule.FIRST_EVALUATION).exists()
    if evaluated:
        update_with_history(
            ParentContact.objects.filter(
                case=locked,
                pupil=contact.pupil,
                follow_up_due__isnull=False,
                follow_up_done_on__isnull=True,
            ).exclude(pk=contact.pk),
            user=user,
            follow_up_done_on=contact.contacted_on,
            version=F("version") + 1,
            updated_by=user,
            updated_at=timezone.now(),
        )
        _settle_parent_followup(locked)
    sync_case(case, locked)
    return contact


@transaction.atomic
def parent_contact_update(
    *, record: ParentContact, user: User, expected_version: int, **fields: Any
) -> ParentContact:
    locked_case, contact = update_record(
        record=record,
        user=user,
        expected_version=expected_version,
        fields=fields,
        editable=PARENT_CONTACT_FIELDS,
        who=ANYONE_ON_THE_CASE,
        clean=_clean_parent_contact,
    )
    _settle_parent_followup(locked_case)
    return contact


# The team informed.

TEAM_NOTICE_FIELDS = ("informed_on", "note", "about_action_plan")


def _clean_team_notice(case: Case, n: TeamNotice, m2m: dict[str, Any]) -> None:
    errors = Errors()
    past_date(errors, "informed_on", n.informed_on, _("the date the team was informed"))
    required_text(errors, n, "note", _("Write down what the team was told."))
    full_clean(errors, n)


@transaction.atomic
def team_notice_record(
    *, case: Case, user: User, informed_on: date, note: str, about_action_plan: bool = False
) -> TeamNotice:
    _, notice = create_record(
        case=case,
        user=user,
        who=ANYONE_ON_THE_CASE,
        model=TeamNotice,
        fields={"informed_on": informed_on, "note": note, "about_action_plan": about_action_plan},
        clean=_clean_team_notice,
    )
    return notice


@transaction.atomic
def team_notice_update(
    *, record: TeamNotice, user: User, expected_version: int, **fields: Any
) -> TeamNotice:
    _, notice = update_record(
        record=record,
        user=user,
        expected_version=expected_version,
        fields=fields,
        editable=TEAM_NOTICE_FIELDS,
        who=ANYONE_ON_THE_CASE,
        clean=_clean_team_notice,
    )
    return notice


@transaction.atomic
def parent_letter_record(*, case: Case, user: User, pupil: Pupil, letter: str) -> ParentContact:
    """A letter to the parents of `pupil` was made: kept as a contact by letter, today."""
    return parent_contact_record(
        case=case,
        user=user,
        pupil=pupil,
        contacted_on=timezone.localdate(),
        channel=ContactChannel.LETTER,
        summary=str(_("Letter: %(letter)s")) % {"letter": letter},
    )
