"""Conversations on a case: with the pupils, the class, the parents or the team."""

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from cases.models import Case, Conversation, ConversationKind, DeadlineResolution, Pupil
from cases.stappenplan.facts import PUPIL_CONVERSATIONS
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
from cases.stappenplan.services.deadlines import refresh_next_deadline, resolve_deadlines
from protocol.stappenplan import CaseState, DeadlineRule
from protocol.stappenplan.guards import STEP_5_WAIT_DAYS

CONVERSATION_FIELDS = (
    "kind",
    "held_on",
    "pupils",
    "other_participants",
    "notes",
    "reported_to_ib",
    "early_reason",
)
STEP_5_WAIT = timedelta(days=STEP_5_WAIT_DAYS)


def _early_in_step_5(case: Case, c: Conversation) -> date | None:
    """The day step 5's two weeks are over, when this conversation with the pupils in step 5
    is held before it; None otherwise."""
    if case.state != CaseState.STEP_5 or c.kind not in PUPIL_CONVERSATIONS or not c.held_on:
        return None
    entered = case.transitions.order_by("-pk").values_list("at", flat=True).first()
    if entered is None:
        return None
    over = timezone.localdate(entered) + STEP_5_WAIT
    return over if c.held_on < over else None


def _clean_conversation(case: Case, c: Conversation, m2m: dict[str, Any]) -> None:
    errors = Errors()
    past_date(errors, "held_on", c.held_on, _("the date of the conversation"))
    required_text(errors, c, "notes", _("Write down what was discussed."))
    c.other_participants = (c.other_participants or "").strip()
    pupils = list(m2m["pupils"]) if "pupils" in m2m else list(c.pupils.all()) if c.pk else []
    for pupil in pupils:
        pupil_of_case(errors, "pupils", pupil, case)
    if c.kind == ConversationKind.SEPARATE and len(pupils) != 1:
        errors.add("pupils", _("A separate conversation is held with one pupil: choose one."))
    elif c.kind == ConversationKind.JOINT and len(pupils) < 2:
        errors.add(
            "pupils", _("A joint conversation is held with the bully and the victim: choose both.")
        )
    elif c.kind == ConversationKind.FOLLOW_UP and not pupils:
        errors.add("pupils", _("Choose the pupils the conversation was held with."))
    c.early_reason = (c.early_reason or "").strip()
    over = _early_in_step_5(case, c)
    if over is not None and not c.early_reason:
        errors.add(
            "early_reason",
            _(
                "Step 5 is the conversation after two weeks; they are over on %(date)s. "
                "Is it right to hold it now? Write down why."
            )
            % {"date": f"{over:%d-%m-%Y}"},
        )
    full_clean(errors, c)


def _conversation_meets_deadlines(case: Case, c: Conversation) -> None:
    if c.kind not in PUPIL_CONVERSATIONS:
        return
    if case.state == CaseState.STEP_4:
        resolve_deadlines(case, [DeadlineRule.FIRST_EVALUATION], DeadlineResolution.MET)
    elif case.state == CaseState.STEP_5:
        resolve_deadlines(case, [DeadlineRule.NEXT_CONVERSATION], DeadlineResolution.MET)
    refresh_next_deadline(case)


@transaction.atomic
def conversation_record(
    *,
    case: Case,
    user: User,
    kind: str,
    held_on: date,
    pupils: Iterable[Pupil] = (),
    other_participants: str = "",
    notes: str,
    reported_to_ib: bool = False,
    early_reason: str = "",
) -> Conversation:
    """A conversation; the step-5 conversation held before the two weeks are over needs
    `early_reason`, which the timeline shows."""
    locked, conversation = create_record(
        case=case,
        user=user,
        who=ANYONE_ON_THE_CASE,
        model=Conversation,
        fields={
            "kind": kind,
            "held_on": held_on,
            "other_participants": other_participants,
            "notes": notes,
            "reported_to_ib": reported_to_ib,
            "early_reason": early_reason,
        },
        m2m={"pupils": list(pupils)},
        clean=_clean_conversation,
    )
    _conversation_meets_deadlines(locked, conversation)
    sync_case(case, locked)
    return conversation


@transaction.atomic
def conversation_update(
    *, record: Conversation, user: User, expected_version: int, **fields: Any
) -> Conversation:
    _, conversation = update_record(
        record=record,
        user=user,
        expected_version=expected_version,
        fields=fields,
        editable=CONVERSATION_FIELDS,
        who=ANYONE_ON_THE_CASE,
        clean=_clean_conversation,
        m2m_names=("pupils",),
    )
    return conversation
