"""Escalation beyond step 5: the meeting with all parents of the group (step 6) and the
consents for the measures of steps 7 and 8.
"""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from cases.models import CONSENT_STEPS, Case, Consent, ConsentParty, ParentMeeting
from cases.stappenplan.services.base import (
    MANAGEMENT_ONLY,
    Errors,
    create_record,
    full_clean,
    past_date,
    required_text,
    update_record,
)

# Step 6: the meeting with all parents of the group.

PARENT_MEETING_FIELDS = ("held_on", "led_by", "teachers_present", "notes")


def _clean_parent_meeting(case: Case, m: ParentMeeting, m2m: dict[str, Any]) -> None:
    errors = Errors()
    past_date(errors, "held_on", m.held_on, _("the date of the meeting"))
    leader = m.led_by if m.led_by_id else None
    if leader is None or not leader.has_role(Role.DIRECTIE, Role.IB):
        errors.add(
            "led_by", _("The meeting is led by a member of the directie or the intern begeleider.")
        )
    if "teachers_present" in m2m and not list(m2m["teachers_present"]):
        errors.add("teachers_present", _("Choose the teachers of the group who were present."))
    required_text(errors, m, "notes", _("Write down what was discussed."))
    full_clean(errors, m)


@transaction.atomic
def parent_meeting_record(
    *,
    case: Case,
    user: User,
    held_on: date,
    led_by: User,
    teachers_present: Iterable[User],
    notes: str,
) -> ParentMeeting:
    _, meeting = create_record(
        case=case,
        user=user,
        who=MANAGEMENT_ONLY,
        model=ParentMeeting,
        fields={"held_on": held_on, "led_by": led_by, "notes": notes},
        m2m={"teachers_present": list(teachers_present)},
        clean=_clean_parent_meeting,
        measure=True,
    )
    return meeting


@transaction.atomic
def parent_meeting_update(
    *, record: ParentMeeting, user: User, expected_version: int, **fields: Any
) -> ParentMeeting:
    _, meeting = update_record(
        record=record,
        user=user,
        expected_version=expected_version,
        fields=fields,
        editable=PARENT_MEETING_FIELDS,
        who=MANAGEMENT_ONLY,
        clean=_clean_parent_meeting,
        m2m_names=("teachers_present",),
    )
    return meeting


# Steps 7 and 8: consents and measures.

CONSENT_FIELDS = ("given_by", "given_on", "note")


def _clean_consent(case: Case, c: Consent, m2m: dict[str, Any]) -> None:
    errors = Errors()
    if c.step not in dict(CONSENT_STEPS):
        errors.add("step", _("Consent is asked for step 7 or step 8."))
    if c.party not in ConsentParty.values:
        errors.add("party", _("Choose whose consent this is."))
    required_text(errors, c, "given_by", _("Write down who gave the consent."))
    past_date(errors, "given_on", c.given_on, _("the date of the consent"))
    c.note = (c.note or "").strip()
    if not errors:
        earlier = Consent.objects.filter(
            case=case, stage_id=c.stage_id, step=c.step, party=c.party
        ).exclude(pk=c.pk)
        if earlier.exists():
            errors.add(
                "party",
                _("The consent of “%(party)s” for %(step)s has already been recorded.")
                % {"party": c.get_party_display(), "step": c.get_step_display()},
            )
    full_clean(errors, c)


@transaction.atomic
def consent_record(
    *,
    case: Case,
    user: User,
    step: str,
    party: str,
    given_by: str,
    given_on: date,
    note: str = "",
) -> Consent:
    """The consent of one party for step 7 or 8. Consents count for the step change that
    follows them; a further suspension needs them again."""
    _, consent = create_record(
        case=case,
        user=user,
        who=MANAGEMENT_ONLY,
        model=Consent,
        fields={
            "step": step,
            "party": party,
            "given_by": given_by,
            "given_on": given_on,
            "note": note,
        },
        clean=_clean_consent,
        measure=True,
    )
    return consent


@transaction.atomic
def consent_update(*, record: Consent, user: User, expected_version: int, **fields: Any) -> Consent:
    _, consent = update_record(
        record=record,
        user=user,
        expected_version=expected_version,
        fields=fields,
        editable=CONSENT_FIELDS,
        who=MANAGEMENT_ONLY,
        clean=_clean_consent,
    )
    return consent
