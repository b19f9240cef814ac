"""Every write on a case: the verification of reports, the stappenplan's step changes and
what is recorded on a case while it runs.

- Only `case_transition` (and `incident_verify`, which opens a case through the same code)
  writes `Case.state`, always together with a `CaseTransition` row.
- Every write on a case first locks the case row, then the record: writes on one case happen
  one after the other, and a guard never reads half-done work.
- An update names the version the user started from; when someone else saved in between, it
  is refused with `ConcurrentEdit` and nothing changes.
- Who may do what: `actor_kinds_for`. Steps 1–5 and the records of the case team are for the
  case's teachers and the IB; steps 6–8 and their measures for the directie and the IB.
"""

from collections.abc import Callable, Iterable
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Count, F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from cases.models import (
    CONSENT_STEPS,
    ActionPlan,
    ActionPlanItem,
    Agreement,
    AgreementOutcome,
    Case,
    CaseDeadline,
    CaseTransition,
    Classification,
    Consent,
    ConsentParty,
    ContactChannel,
    Conversation,
    ConversationKind,
    DeadlineResolution,
    ExternalHelp,
    Incident,
    ParentContact,
    ParentMeeting,
    Placement,
    PlacementKind,
    Pupil,
    Suspension,
    TeamNotice,
)
from cases.reminders.services import reminders_request_sweep
from cases.school.calendar import school_calendar
from cases.stappenplan.facts import PUPIL_CONVERSATIONS, case_facts, case_pupils, current_stage_id
from cases.stappenplan.selectors import case_team_q, incident_verifier_q
from cases.visibility.history import create_with_history, update_with_history
from cases.visibility.permissions import visibility_sync
from protocol.models import SuggestedAction, Track
from protocol.stappenplan import (
    BULLY,
    VICTIM,
    Actor,
    CaseFacts,
    CaseState,
    DeadlineRule,
    Decision,
    Transition,
    check,
    deadlines_for,
    needs_board_consultation,
    needs_inspectie_notice,
    validate_placement,
    validate_suspension,
)

R = TypeVar("R", bound=models.Model)

ANYONE_ON_THE_CASE = frozenset({Actor.CASE_TEAM, Actor.MANAGEMENT})
MANAGEMENT_ONLY = frozenset({Actor.MANAGEMENT})
MEASURE_STATES = frozenset({CaseState.STEP_6, CaseState.STEP_7, CaseState.STEP_8})
ACTION_PLAN_DAYS = 14


class TransitionRefused(Exception):
    """The stappenplan refused a step change; `decision.message` says why, in Dutch."""

    def __init__(self, decision: Decision) -> None:
        self.decision = decision
        super().__init__(str(decision.message))

    @property
    def message(self) -> str:
        return str(self.decision.message)


class ConcurrentEdit(Exception):
    """Someone else saved `record` after the user opened it; nothing was saved."""

    def __init__(self, record: models.Model, changed_by: User | None, changed_at: datetime | None):
        self.record = record
        self.changed_by = changed_by
        self.changed_at = changed_at
        super().__init__(self.message)

    @property
    def message(self) -> str:
        who = str(self.changed_by) if self.changed_by else str(_("Someone else"))
        when = (
            timezone.localtime(self.changed_at).strftime("%d-%m-%Y %H:%M")
            if self.changed_at
            else ""
        )
        return str(
            _(
                "%(who)s changed this on %(when)s, while you were editing it. Nothing of yours "
                "was saved: reload the page, look at their changes and make yours again."
            )
            % {"who": who, "when": when}
        )


# Who is who on a case.


def actor_kinds_for(*, user: User, case: Case) -> set[Actor]:
    """CASE_TEAM: a teacher assigned to the case or teaching a group of a pupil involved, or
    the IB. MANAGEMENT: the directie or the IB. Anyone else gets nothing."""
    if not user.is_authenticated or not user.is_active:
        return set()
    if user.has_role(Role.IB):
        return {Actor.CASE_TEAM, Actor.MANAGEMENT}
    kinds = set()
    if user.has_role(Role.DIRECTIE):
        kinds.add(Actor.MANAGEMENT)
    if case.pk and Case.objects.filter(pk=case.pk).filter(case_team_q(user)).exists():
        kinds.add(Actor.CASE_TEAM)
    return kinds


def may_verify_incident(*, user: User, incident: Incident) -> bool:
    """The incident's teacher (who registered it, or teaches a pupil involved) or the IB."""
    return Incident.objects.filter(pk=incident.pk).filter(incident_verifier_q(user)).exists()


def _authorize(case: Case, user: User, who: frozenset[Actor]) -> None:
    if actor_kinds_for(user=user, case=case) & who:
        return
    if who == MANAGEMENT_ONLY:
        raise PermissionDenied(_("Only the directie or the IB can record this on a case."))
    raise PermissionDenied(
        _("Only the teachers of this case, the IB and the directie can record on it.")
    )


def _lock(case: Case) -> Case:
    return Case.objects.select_for_update().get(pk=case.pk)


def _require_open(case: Case) -> None:
    if case.state == CaseState.CLOSED:
        raise ValidationError(
            _("This case is closed, so nothing can be recorded on it. Reopen it first.")
        )


def _require_measure_step(case: Case) -> None:
    if case.state not in MEASURE_STATES:
        raise ValidationError(
            _(
                "This is recorded from step 6 on; the case is at “%(state)s”. Escalate the "
                "case to step 6 first."
            )
            % {"state": CaseState(case.state).label}
        )


def _sync(target: Case, source: Case) -> None:
    """Give the caller's instance the values just saved through the locked one."""
    if target is source:
        return
    for field in Case._meta.concrete_fields:
        setattr(target, field.attname, getattr(source, field.attname))


# Validation helpers. Messages by field, in the active language.


class _Errors(dict):
    def add(self, field: str, message: Any) -> None:
        self.setdefault(field, []).append(message)

    def raise_if_any(self) -> None:
        if self:
            raise ValidationError(dict(self))


def _blank(value: str | None) -> bool:
    return not (value or "").strip()


def _required_text(errors: _Errors, record: models.Model, field: str, message: Any) -> None:
    value = getattr(record, field)
    if _blank(value):
        errors.add(field, message)
    else:
        setattr(record, field, value.strip())


def _past_date(errors: _Errors, field: str, value: date | None, what: Any) -> None:
    if value is None:
        errors.add(field, _("Fill in %(what)s.") % {"what": what})
    elif value > timezone.localdate():
        what = str(what)
        errors.add(field, _("%(what)s lies in the future.") % {"what": what[:1].upper() + what[1:]})


def _pupil_of_case(errors: _Errors, field: str, pupil: Pupil | None, case: Case) -> None:
    if pupil is not None and pupil.pk not in case_pupils(case):
        errors.add(
            field,
            _("%(name)s is not involved in this case.") % {"name": pupil.full_name},
        )


def _full_clean(errors: _Errors, record: models.Model, exclude: Iterable[str] = ()) -> None:
    """Django's own checks (lengths, choices) for what the specific checks did not cover."""
    try:
        record.full_clean(
            exclude=[*exclude, *errors.keys(), "case", "created_by", "updated_by", "stage"],
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            for message in messages:
                errors.add(field, message)
    errors.raise_if_any()


# Deadlines.


def _open_deadlines(case: Case) -> models.QuerySet[CaseDeadline]:
    return CaseDeadline.objects.filter(case=case, resolved_at__isnull=True)


def _resolve_deadlines(
    case: Case, kinds: Iterable[DeadlineRule], resolution: DeadlineResolution
) -> None:
    update_with_history(
        _open_deadlines(case).filter(kind__in=list(kinds)),
        user=None,
        resolved_at=timezone.now(),
        resolution=resolution,
    )


def _refresh_next_deadline(case: Case) -> None:
    """Copy the earliest open deadline onto the case, for lists and reminders, and have the
    reminders look at the new deadlines once this save has committed."""
    reminders_request_sweep()
    first = _open_deadlines(case).order_by("due_on", "pk").first()
    due, kind = (first.due_on, first.kind) if first else (None, "")
    if (case.next_deadline, case.next_deadline_kind) != (due, kind):
        case.next_deadline, case.next_deadline_kind = due, kind
        # A save of these two fields only (no new version, no "changed at"), so that the
        # case's history, teachers included, records it.
        case.save(update_fields=["next_deadline", "next_deadline_kind"])


def _set_record_dates(
    case: Case, due: dict[DeadlineRule, date], stage_id: int | None, user: User
) -> None:
    """Put a transition's deadlines on the records they concern."""
    changed = {"version": F("version") + 1, "updated_by": user, "updated_at": timezone.now()}
    if DeadlineRule.FIRST_EVALUATION in due:
        update_with_history(
            Agreement.objects.filter(case=case, is_active=True, outcome=""),
            user=user,
            evaluate_on=due[DeadlineRule.FIRST_EVALUATION],
            **changed,
        )
    if DeadlineRule.PARENT_FOLLOWUP in due:
        # The parents informed in step 3 were promised a call after the first evaluation.
        update_with_history(
            ParentContact.objects.filter(
                case=case, stage_id=stage_id, follow_up_done_on__isnull=True
            ),
            user=user,
            follow_up_due=due[DeadlineRule.PARENT_FOLLOWUP],
            **changed,
        )


# The stappenplan's step changes.


def _fire(
    case: Case, transition: Transition, facts: CaseFacts, user: User, reason: str
) -> CaseTransition:
    """Record `transition` on the locked `case` and set its deadlines; the guard has passed."""
    now = timezone.now()
    reason = reason.strip()
    source_stage = current_stage_id(case)
    record = CaseTransition.objects.create(
        case=case,
        name=transition.name,
        from_state=case.state,
        to_state=transition.target,
        skipped=transition.skips is not None,
        reason=reason,
        actor=user,
        at=now,
    )
    if case.state == CaseState.PHASING_OUT:
        # Closing the case or sending it back to step 5 is the review of the phasing out.
        _resolve_deadlines(case, [DeadlineRule.PHASING_OUT_REVIEW], DeadlineResolution.MET)
    if transition.target == CaseState.CLOSED:
        _resolve_deadlines(case, DeadlineRule, DeadlineResolution.CANCELLED)
    else:
        if transition.deadlines:
            _resolve_deadlines(case, transition.deadlines, DeadlineResolution.REPLACED)
            due = deadlines_for(
                transition, facts, calendar=school_calendar(), today=timezone.localdate()
            )
            create_with_history(
                [
                    CaseDeadline(case=case, kind=kind, due_on=day, set_by=record)
                    for kind, day in due.items()
                ],
                user=user,
            )
            _set_record_dates(case, due, source_stage, user)

    if case.state == CaseState.CLOSED:
        case.closed_reason = ""
    case.state = transition.target
    if transition.target == CaseState.CLOSED:
        case.closed_reason = reason
    if transition.target == CaseState.STEP_5:
        # Every round of step 5 judges the effects anew.
        case.step5_outcome_positive = None
    case.version += 1
    case.updated_by = user
    case._history_user = user
    case.save(
        update_fields=[
            "state",
            "closed_reason",
            "step5_outcome_positive",
            "version",
            "updated_by",
            "updated_at",
        ]
    )
    _refresh_next_deadline(case)
    return record


@transaction.atomic
def case_transition(
    *,
    case: Case,
    name: str,
    user: User,
    reason: str = "",
    expected_version: int | None = None,
) -> CaseTransition:
    """Fire the stappenplan's transition `name` on `case` for `user`.

    Refused with `TransitionRefused` (nothing changes) when the transition does not start at
    the case's step, is not for the user's role on the case, or the case still misses work or
    a reason. With `expected_version`, refused with `ConcurrentEdit` when the case changed
    since the user looked at it. The caller's `case` is brought up to date.
    """
    locked = _lock(case)
    if expected_version is not None and locked.version != expected_version:
        raise ConcurrentEdit(locked, locked.updated_by, locked.updated_at)
    facts = case_facts(locked)
    decision = check(
        name,
        CaseState(locked.state),
        facts,
        actor_kinds_for(user=user, case=locked),
        reason=reason,
    )
    if not decision:
        raise TransitionRefused(decision)
    record = _fire(locked, decision.transition, facts, user, reason)
    _sync(case, locked)
    return record


# Verification of a report.


@transaction.atomic
def incident_verify(
    *,
    incident: Incident,
    user: User,
    classification: str,
    note: str = "",
    case: Case | None = None,
) -> Case | None:
    """Verify a reported incident (protocol §11, "Vooraf").

    Teasing or aggression: recorded with a follow-up note, no case. Bullying: opens a case at
    step 1, or with `case` joins that open case. Returns the case, or None.
    """
    locked = Incident.objects.select_for_update().get(pk=incident.pk)
    if not may_verify_incident(user=user, incident=locked):
        raise PermissionDenied(
            _(
                "Only the teacher who registered the report, the teacher of the pupils "
                "involved or the IB can verify it."
            )
        )
    if locked.verified_at is not None:
        raise ValidationError(
            _("This report was already verified by %(who)s on %(when)s.")
            % {
                "who": locked.verified_by,
                "when": timezone.localtime(locked.verified_at).strftime("%d-%m-%Y %H:%M"),
            }
        )
    note = note.strip()
    errors = _Errors()
    if classification in (Classification.TEASING, Classification.AGGRESSION):
        if not note:
            errors.add(
                "note",
                _(
                    "Write down how the incident was followed up: teasing or aggression is "
                    "closed here, without a case."
                ),
            )
        if case is not None:
            errors.add("case", _("Only bullying is added to a case."))
        errors.raise_if_any()
        _mark_verified(locked, user, classification, note, None)
        _sync_incident(incident, locked)
        return None
    if classification != Classification.BULLYING:
        errors.add("classification", _("Choose teasing, bullying or aggression."))
        errors.raise_if_any()

    if case is not None:
        target = _lock(case)
        if target.state == CaseState.CLOSED:
            raise ValidationError(
                {"case": _("That case is closed; choose an open case or open a new one.")}
            )
        if not actor_kinds_for(user=user, case=target):
            raise PermissionDenied(_("You are not on the team of that case."))
        _mark_verified(locked, user, classification, note, target)
        _sync_incident(incident, locked)
        # The case's teachers now see the incident; its pupils' teachers see the case.
        visibility_sync(incidents=[locked])
        return target

    roles = list(locked.involvements.values_list("role", flat=True))
    facts = CaseFacts(
        classified_as_bullying=True,
        bully_count=roles.count(BULLY),
        victim_count=roles.count(VICTIM),
    )
    decision = check("verify_as_bullying", CaseState.REPORTED, facts, {Actor.CASE_TEAM})
    if not decision:
        raise TransitionRefused(decision)
    new_case = Case(
        state=CaseState.REPORTED, opened_at=timezone.now(), opened_by=user, updated_by=user
    )
    new_case._history_user = user
    new_case.save()
    teachers = set(
        User.objects.filter(
            teaching_groups__pupils__involvements__incident=locked, is_active=True
        ).values_list("pk", flat=True)
    )
    if locked.registered_by.has_role(Role.TEACHER) and locked.registered_by.is_active:
        teachers.add(locked.registered_by_id)
    new_case.teachers.add(*teachers)
    _mark_verified(locked, user, classification, note, new_case)
    _sync_incident(incident, locked)
    visibility_sync(incidents=[locked])
    _fire(new_case, decision.transition, facts, user, note)
    return new_case


def _mark_verified(
    incident: Incident, user: User, classification: str, note: str, case: Case | None
) -> None:
    incident._history_user = user
    incident.verified_at = timezone.now()
    incident.verified_by = user
    incident.verified_classification = classification
    incident.follow_up_note = note
    incident.case = case
    incident.save(
        update_fields=[
            "verified_at",
            "verified_by",
            "verified_classification",
            "follow_up_note",
            "case",
        ]
    )


def _sync_incident(target: Incident, source: Incident) -> None:
    if target is not source:
        for field in (
            "verified_at",
            "verified_by_id",
            "verified_classification",
            "follow_up_note",
            "case_id",
        ):
            setattr(target, field, getattr(source, field))


# Records: the shared mechanics of recording and updating.


def _create(
    *,
    case: Case,
    user: User,
    who: frozenset[Actor],
    model: type[R],
    fields: dict[str, Any],
    clean: Callable[[Case, R, dict[str, Any]], None],
    m2m: dict[str, Any] | None = None,
    measure: bool = False,
) -> tuple[Case, R]:
    locked = _lock(case)
    _authorize(locked, user, who)
    _require_open(locked)
    if measure:
        _require_measure_step(locked)
    record = model(case=locked, created_by=user, stage_id=current_stage_id(locked), **fields)
    m2m = m2m or {}
    clean(locked, record, m2m)
    record._history_user = user
    record.save()
    for name, values in m2m.items():
        getattr(record, name).set(values)
    return locked, record


def _update(
    *,
    record: R,
    user: User,
    expected_version: int,
    fields: dict[str, Any],
    editable: Iterable[str],
    who: frozenset[Actor],
    clean: Callable[[Case, R, dict[str, Any]], None],
    m2m_names: Iterable[str] = (),
) -> tuple[Case, R]:
    unknown = set(fields) - set(editable)
    if unknown:
        raise TypeError(f"{type(record).__name__} fields that cannot be updated: {sorted(unknown)}")
    locked_case = _lock(record.case)
    _authorize(locked_case, user, who)
    _require_open(locked_case)
    locked = type(record).objects.select_for_update().get(pk=record.pk)
    if locked.version != expected_version:
        raise ConcurrentEdit(locked, locked.updated_by or locked.created_by, locked.updated_at)
    m2m = {name: fields[name] for name in m2m_names if name in fields}
    for name, value in fields.items():
        if name not in m2m:
            setattr(locked, name, value)
    clean(locked_case, locked, m2m)
    locked.version += 1
    locked.updated_by = user
    locked._history_user = user
    locked.save()
    for name, values in m2m.items():
        getattr(locked, name).set(values)
    return locked_case, locked


# Conversations.

CONVERSATION_FIELDS = ("kind", "held_on", "pupils", "other_participants", "notes", "reported_to_ib")


def _clean_conversation(case: Case, c: Conversation, m2m: dict[str, Any]) -> None:
    errors = _Errors()
    _past_date(errors, "held_on", c.held_on, _("the date of the conversation"))
    _required_text(errors, c, "notes", _("Write down what was discussed."))
    c.other_participants = (c.other_participants or "").strip()
    pupils = list(m2m["pupils"]) if "pupils" in m2m else list(c.pupils.all()) if c.pk else []
    for pupil in pupils:
        _pupil_of_case(errors, "pupils", pupil, case)
    if c.kind == ConversationKind.SEPARATE and len(pupils) != 1:
        errors.add("pupils", _("A separate conversation is held with one pupil: choose one."))
    elif c.kind == ConversationKind.JOINT and len(pupils) < 2:
        errors.add(
            "pupils", _("A joint conversation is held with the bully and the victim: choose both.")
        )
    elif c.kind == ConversationKind.FOLLOW_UP and not pupils:
        errors.add("pupils", _("Choose the pupils the conversation was held with."))
    _full_clean(errors, c)


def _conversation_meets_deadlines(case: Case, c: Conversation) -> None:
    if c.kind not in PUPIL_CONVERSATIONS:
        return
    if case.state == CaseState.STEP_4:
        _resolve_deadlines(case, [DeadlineRule.FIRST_EVALUATION], DeadlineResolution.MET)
    elif case.state == CaseState.STEP_5:
        _resolve_deadlines(case, [DeadlineRule.NEXT_CONVERSATION], DeadlineResolution.MET)
    _refresh_next_deadline(case)


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
) -> Conversation:
    locked, conversation = _create(
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
        },
        m2m={"pupils": list(pupils)},
        clean=_clean_conversation,
    )
    _conversation_meets_deadlines(locked, conversation)
    _sync(case, locked)
    return conversation


@transaction.atomic
def conversation_update(
    *, record: Conversation, user: User, expected_version: int, **fields: Any
) -> Conversation:
    _, conversation = _update(
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


# Agreements.

AGREEMENT_FIELDS = ("pupil", "text", "made_on", "evaluate_on", "is_active")


def _clean_agreement(case: Case, a: Agreement, m2m: dict[str, Any]) -> None:
    errors = _Errors()
    _required_text(errors, a, "text", _("Write down the agreement."))
    _past_date(errors, "made_on", a.made_on, _("the date the agreement was made"))
    _pupil_of_case(errors, "pupil", a.pupil, case)
    if a.evaluate_on and a.made_on and a.evaluate_on < a.made_on:
        errors.add("evaluate_on", _("The evaluation cannot be before the agreement was made."))
    _full_clean(errors, a)


@transaction.atomic
def agreement_record(
    *, case: Case, user: User, pupil: Pupil | None, text: str, made_on: date
) -> Agreement:
    """An agreement with a pupil (or with all, without `pupil`).

    Agreements of steps 1–2 are evaluated one week later (the step change to step 3 or 4 sets
    the first evaluation for all of them); agreements kept or adjusted later, two weeks later.
    """
    locked, agreement = _create(
        case=case,
        user=user,
        who=ANYONE_ON_THE_CASE,
        model=Agreement,
        fields={"pupil": pupil, "text": text, "made_on": made_on},
        clean=_clean_agreement,
    )
    if made_on:
        calendar = school_calendar()
        agreement.evaluate_on = (
            calendar.first_evaluation_due(made_on)
            if locked.state in (CaseState.STEP_1, CaseState.STEP_2)
            else calendar.two_week_due(made_on)
        )
        agreement.save(update_fields=["evaluate_on"])
    return agreement


@transaction.atomic
def agreement_update(
    *, record: Agreement, user: User, expected_version: int, **fields: Any
) -> Agreement:
    _, agreement = _update(
        record=record,
        user=user,
        expected_version=expected_version,
        fields=fields,
        editable=AGREEMENT_FIELDS,
        who=ANYONE_ON_THE_CASE,
        clean=_clean_agreement,
    )
    return agreement


def _clean_evaluation(case: Case, a: Agreement, m2m: dict[str, Any]) -> None:
    errors = _Errors()
    if not a.is_active:
        errors.add("outcome", _("This agreement is no longer in force, so it is not evaluated."))
    if a.outcome not in AgreementOutcome.values:
        errors.add("outcome", _("Choose whether the agreement was kept, partly kept or not kept."))
    _past_date(errors, "evaluated_on", a.evaluated_on, _("the date of the evaluation"))
    if a.evaluated_on and a.evaluated_on < a.made_on:
        errors.add("evaluated_on", _("The evaluation cannot be before the agreement was made."))
    a.evaluation_note = (a.evaluation_note or "").strip()
    _full_clean(errors, a)


@transaction.atomic
def agreement_evaluate(
    *,
    agreement: Agreement,
    user: User,
    expected_version: int,
    outcome: str,
    evaluated_on: date,
    note: str = "",
) -> Agreement:
    _, agreement = _update(
        record=agreement,
        user=user,
        expected_version=expected_version,
        fields={"outcome": outcome, "evaluated_on": evaluated_on, "evaluation_note": note},
        editable=("outcome", "evaluated_on", "evaluation_note"),
        who=ANYONE_ON_THE_CASE,
        clean=_clean_evaluation,
    )
    return agreement


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
    errors = _Errors()
    if p.pupil_id is None:
        errors.add("pupil", _("Choose the pupil whose parents were contacted."))
    else:
        _pupil_of_case(errors, "pupil", p.pupil, case)
    _past_date(errors, "contacted_on", p.contacted_on, _("the date of the contact"))
    if p.channel not in ContactChannel.values:
        errors.add("channel", _("Choose how the parents were contacted."))
    _required_text(errors, p, "summary", _("Write down what was said."))
    if p.follow_up_done_on is not None:
        _past_date(errors, "follow_up_done_on", p.follow_up_done_on, _("the date of the follow-up"))
    _full_clean(errors, p)


def _settle_parent_followup(case: Case) -> None:
    if not _open_deadlines(case).filter(kind=DeadlineRule.PARENT_FOLLOWUP).exists():
        return
    pending = ParentContact.objects.filter(
        case=case, follow_up_due__isnull=False, follow_up_done_on__isnull=True
    )
    if not pending.exists():
        _resolve_deadlines(case, [DeadlineRule.PARENT_FOLLOWUP], DeadlineResolution.MET)
        _refresh_next_deadline(case)


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
    locked, contact = _create(
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
    evaluated = not _open_deadlines(locked).filter(kind=DeadlineRule.FIRST_EVALUATION).exists()
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
    _sync(case, locked)
    return contact


@transaction.atomic
def parent_contact_update(
    *, record: ParentContact, user: User, expected_version: int, **fields: Any
) -> ParentContact:
    locked_case, contact = _update(
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
    errors = _Errors()
    _past_date(errors, "informed_on", n.informed_on, _("the date the team was informed"))
    _required_text(errors, n, "note", _("Write down what the team was told."))
    _full_clean(errors, n)


@transaction.atomic
def team_notice_record(
    *, case: Case, user: User, informed_on: date, note: str, about_action_plan: bool = False
) -> TeamNotice:
    _, notice = _create(
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
    _, notice = _update(
        record=record,
        user=user,
        expected_version=expected_version,
        fields=fields,
        editable=TEAM_NOTICE_FIELDS,
        who=ANYONE_ON_THE_CASE,
        clean=_clean_team_notice,
    )
    return notice


# The action plan (handelingsplan).

ACTION_PLAN_FIELDS = (
    "period_start",
    "analysis",
    "goals",
    "external_help",
    "external_help_other",
    "made_with_ib",
    "items",
)


def _clean_items(items: Any) -> tuple[list[ActionPlanItem], list[str]]:
    """The actions of a plan from plain dicts: track, action, who, when and optionally the
    protocol's `suggested_action` (an instance or its id) whose text fills an empty action."""
    problems: list[str] = []
    items = list(items or [])
    if not items:
        problems.append(str(_("Add at least one action.")))
    suggested_ids = {
        getattr(item.get("suggested_action"), "pk", item.get("suggested_action"))
        for item in items
        if item.get("suggested_action")
    }
    suggestions = SuggestedAction.objects.in_bulk(suggested_ids) if suggested_ids else {}
    cleaned = []
    for number, item in enumerate(items, start=1):
        suggested_id = getattr(item.get("suggested_action"), "pk", item.get("suggested_action"))
        suggested = suggestions.get(suggested_id) if suggested_id else None
        track = item.get("track") or (suggested.track if suggested else "")
        action = (item.get("action") or "").strip() or (suggested.text if suggested else "")
        who = (item.get("who") or "").strip()
        when = (item.get("when") or "").strip()
        n = {"number": number}
        if suggested_id and suggested is None:
            problems.append(str(_("Action %(number)s: the suggested action no longer exists.") % n))
        if track not in Track.values:
            problems.append(str(_("Action %(number)s: choose a track.") % n))
        elif suggested and suggested.track != track:
            problems.append(
                str(_("Action %(number)s: the suggested action belongs to another track.") % n)
            )
        if not action:
            problems.append(str(_("Action %(number)s: describe the action.") % n))
        if not who:
            problems.append(str(_("Action %(number)s: fill in who does it.") % n))
        if not when:
            problems.append(str(_("Action %(number)s: fill in when.") % n))
        for field, value in (("action", action), ("who", who), ("when", when)):
            limit = ActionPlanItem._meta.get_field(field).max_length
            if len(value) > limit:
                problems.append(
                    str(
                        _("Action %(number)s: keep “%(field)s” under %(limit)s characters.")
                        % {
                            "number": number,
                            "field": ActionPlanItem._meta.get_field(field).verbose_name,
                            "limit": limit,
                        }
                    )
                )
        cleaned.append(
            ActionPlanItem(
                track=track, suggested_action=suggested, action=action, who=who, when=when
            )
        )
    return cleaned, problems


def _clean_action_plan(case: Case, plan: ActionPlan, extra: dict[str, Any]) -> None:
    errors = _Errors()
    if plan.period_start is None:
        errors.add("period_start", _("Fill in the first day of the plan."))
    else:
        calendar = school_calendar()
        # Two weeks, the first day included: a plan from a Monday runs until the Sunday.
        plan.period_end = plan.period_start + timedelta(days=ACTION_PLAN_DAYS - 1)
        plan.evaluate_on = calendar.two_week_due(plan.period_start)
    _required_text(errors, plan, "analysis", _("Write down the analysis: why did it go wrong?"))
    _required_text(errors, plan, "goals", _("Write down the goals of the plan."))
    help_ = list(plan.external_help or [])
    unknown = [h for h in help_ if h not in ExternalHelp.values]
    if unknown:
        errors.add("external_help", _("Choose external help from the list."))
    plan.external_help = [h for h in ExternalHelp.values if h in help_]
    plan.external_help_other = (plan.external_help_other or "").strip()
    if ExternalHelp.OTHER in help_ and not plan.external_help_other:
        errors.add("external_help_other", _("Describe the other external help."))
    ib = plan.made_with_ib
    if ib is not None and not (ib.is_active and ib.has_role(Role.IB)):
        errors.add("made_with_ib", _("%(name)s is not an intern begeleider.") % {"name": ib})
    if "items" in extra:
        items, problems = _clean_items(extra["items"])
        for problem in problems:
            errors.add("items", problem)
        extra["items"] = items
    _full_clean(errors, plan)


def _save_items(plan: ActionPlan, items: list[ActionPlanItem]) -> None:
    plan.items.all().delete()
    for item in items:
        item.plan = plan
    create_with_history(items, user=plan.updated_by or plan.created_by)


@transaction.atomic
def action_plan_record(
    *,
    case: Case,
    user: User,
    period_start: date,
    analysis: str,
    goals: str,
    external_help: Iterable[str] = (),
    external_help_other: str = "",
    made_with_ib: User | None,
    items: list[dict[str, Any]],
) -> ActionPlan:
    """A handelingsplan for two weeks from `period_start`, evaluated two weeks later (on the
    next school day when that is a holiday or weekend)."""
    extra: dict[str, Any] = {"items": items}
    _, plan = _create(
        case=case,
        user=user,
        who=ANYONE_ON_THE_CASE,
        model=ActionPlan,
        fields={
            "period_start": period_start,
            "analysis": analysis,
            "goals": goals,
            "external_help": list(external_help),
            "external_help_other": external_help_other,
            "made_with_ib": made_with_ib,
        },
        clean=lambda c, p, m: _clean_action_plan(c, p, extra),
    )
    _save_items(plan, extra["items"])
    return plan


@transaction.atomic
def action_plan_update(
    *, record: ActionPlan, user: User, expected_version: int, **fields: Any
) -> ActionPlan:
    """Change a plan; `items`, when given, replaces all its actions."""
    extra: dict[str, Any] = {}
    if "items" in fields:
        extra["items"] = fields.pop("items")
    _, plan = _update(
        record=record,
        user=user,
        expected_version=expected_version,
        fields=fields,
        editable=ACTION_PLAN_FIELDS,
        who=ANYONE_ON_THE_CASE,
        clean=lambda c, p, m: _clean_action_plan(c, p, extra),
    )
    if "items" in extra:
        _save_items(plan, extra["items"])
    return plan


# Step 6: the meeting with all parents of the group.

PARENT_MEETING_FIELDS = ("held_on", "led_by", "teachers_present", "notes")


def _clean_parent_meeting(case: Case, m: ParentMeeting, m2m: dict[str, Any]) -> None:
    errors = _Errors()
    _past_date(errors, "held_on", m.held_on, _("the date of the meeting"))
    leader = m.led_by if m.led_by_id else None
    if leader is None or not leader.has_role(Role.DIRECTIE, Role.IB):
        errors.add(
            "led_by", _("The meeting is led by a member of the directie or the intern begeleider.")
        )
    if "teachers_present" in m2m and not list(m2m["teachers_present"]):
        errors.add("teachers_present", _("Choose the teachers of the group who were present."))
    _required_text(errors, m, "notes", _("Write down what was discussed."))
    _full_clean(errors, m)


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
    _, meeting = _create(
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
    _, meeting = _update(
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
    errors = _Errors()
    if c.step not in dict(CONSENT_STEPS):
        errors.add("step", _("Consent is asked for step 7 or step 8."))
    if c.party not in ConsentParty.values:
        errors.add("party", _("Choose whose consent this is."))
    _required_text(errors, c, "given_by", _("Write down who gave the consent."))
    _past_date(errors, "given_on", c.given_on, _("the date of the consent"))
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
    _full_clean(errors, c)


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
    _, consent = _create(
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
    _, consent = _update(
        record=record,
        user=user,
        expected_version=expected_version,
        fields=fields,
        editable=CONSENT_FIELDS,
        who=MANAGEMENT_ONLY,
        clean=_clean_consent,
    )
    return consent


PLACEMENT_FIELDS = (
    "kind",
    "destination",
    "start_date",
    "end_date",
    "review_on",
    "reviewed_on",
    "review_note",
)


def _clean_placement(case: Case, p: Placement, m2m: dict[str, Any]) -> None:
    errors = _Errors()
    pupils = case_pupils(case)
    if p.pupil_id not in pupils:
        errors.add("pupil", _("Choose a pupil involved in this case."))
    else:
        role = pupils[p.pupil_id].role
        for problem in validate_placement(role, date.min, date.min, date.min):
            errors.add("pupil", problem)
    if p.kind not in PlacementKind.values:
        errors.add("kind", _("Choose another group or another school."))
    _required_text(errors, p, "destination", _("Write down the group or school."))
    for field, what in (
        ("start_date", _("the first day")),
        ("end_date", _("the last day")),
        ("review_on", _("the review date")),
    ):
        if getattr(p, field) is None:
            errors.add(field, _("Fill in %(what)s.") % {"what": what})
    if p.start_date and p.end_date and p.review_on:
        field = "end_date" if p.end_date < p.start_date else "review_on"
        for problem in validate_placement(BULLY, p.start_date, p.end_date, p.review_on):
            errors.add(field, problem)
    if p.reviewed_on is not None:
        _past_date(errors, "reviewed_on", p.reviewed_on, _("the date of the review"))
    p.review_note = (p.review_note or "").strip()
    _full_clean(errors, p)


@transaction.atomic
def placement_record(
    *,
    case: Case,
    user: User,
    pupil: Pupil,
    kind: str,
    destination: str,
    start_date: date,
    end_date: date,
    review_on: date,
) -> Placement:
    """A bully or victim placed temporarily in another group or school (step 7)."""
    _, placement = _create(
        case=case,
        user=user,
        who=MANAGEMENT_ONLY,
        model=Placement,
        fields={
            "pupil": pupil,
            "kind": kind,
            "destination": destination,
            "start_date": start_date,
            "end_date": end_date,
            "review_on": review_on,
        },
        clean=_clean_placement,
        measure=True,
    )
    return placement


@transaction.atomic
def placement_update(
    *, record: Placement, user: User, expected_version: int, **fields: Any
) -> Placement:
    """Change a placement; recording `reviewed_on` meets the deadline of its review."""
    locked_case, placement = _update(
        record=record,
        user=user,
        expected_version=expected_version,
        fields=fields,
        editable=PLACEMENT_FIELDS,
        who=MANAGEMENT_ONLY,
        clean=_clean_placement,
    )
    if not locked_case.placements.filter(reviewed_on__isnull=True).exists():
        _resolve_deadlines(locked_case, [DeadlineRule.PLACEMENT_REVIEW], DeadlineResolution.MET)
        _refresh_next_deadline(locked_case)
    return placement


SUSPENSION_FIELDS = ("start_date", "end_date", "reason", "objection_procedure")


def _clean_suspension(case: Case, s: Suspension, m2m: dict[str, Any]) -> None:
    errors = _Errors()
    pupils = case_pupils(case)
    role = pupils[s.pupil_id].role if s.pupil_id in pupils else None
    if role is None:
        errors.add("pupil", _("Choose a pupil involved in this case."))
    else:
        for problem in validate_suspension(role, 1):
            errors.add("pupil", problem)
    if s.start_date is None:
        errors.add("start_date", _("Fill in the first day."))
    if s.end_date is None:
        errors.add("end_date", _("Fill in the last day."))
    if s.start_date and s.end_date:
        if s.end_date < s.start_date:
            errors.add("end_date", _("The last day cannot be before the first day."))
        else:
            s.school_days = school_calendar().school_days_between(s.start_date, s.end_date)
            for problem in validate_suspension(BULLY, s.school_days):
                errors.add("end_date", problem)
    _required_text(errors, s, "reason", _("Write down the reason for the suspension."))
    _required_text(
        errors,
        s,
        "objection_procedure",
        _("Write down how the parents can object to the suspension."),
    )
    _full_clean(errors, s, exclude=["school_days"])


def _refresh_suspension_flags(case: Case) -> None:
    """More than one school day: notice to the Inspectie. A pupil's second suspension: consult
    the school board (Bevoegd Gezag) about a removal procedure."""
    days = list(case.suspensions.values_list("pupil_id", "school_days"))
    counts = (
        Suspension.objects.filter(pupil_id__in={pupil for pupil, _ in days})
        .values("pupil_id")
        .annotate(n=Count("pk"))
    )
    case.inspectie_notice_required = any(needs_inspectie_notice(d) for _, d in days)
    case.board_consultation_required = any(needs_board_consultation(row["n"] - 1) for row in counts)
    case.save(update_fields=["inspectie_notice_required", "board_consultation_required"])


@transaction.atomic
def suspension_record(
    *,
    case: Case,
    user: User,
    pupil: Pupil,
    start_date: date,
    end_date: date,
    reason: str,
    objection_procedure: str,
) -> Suspension:
    """A bully suspended for at most five school days (step 8), counted on the school
    calendar. Raises the case's flags for the Inspectie and the school board."""
    locked, suspension = _create(
        case=case,
        user=user,
        who=MANAGEMENT_ONLY,
        model=Suspension,
        fields={
            "pupil": pupil,
            "start_date": start_date,
            "end_date": end_date,
            "reason": reason,
            "objection_procedure": objection_procedure,
        },
        clean=_clean_suspension,
        measure=True,
    )
    _refresh_suspension_flags(locked)
    _sync(case, locked)
    return suspension


@transaction.atomic
def suspension_update(
    *, record: Suspension, user: User, expected_version: int, **fields: Any
) -> Suspension:
    locked_case, suspension = _update(
        record=record,
        user=user,
        expected_version=expected_version,
        fields=fields,
        editable=SUSPENSION_FIELDS,
        who=MANAGEMENT_ONLY,
        clean=_clean_suspension,
    )
    _refresh_suspension_flags(locked_case)
    return suspension


# The case's own judgements.

ASSESSMENT_FIELDS = (
    "title",
    "analysis",
    "judged_serious",
    "class_conversation_waived_reason",
    "step5_outcome_positive",
)


@transaction.atomic
def case_update_assessment(*, case: Case, user: User, expected_version: int, **fields: Any) -> Case:
    """The teacher's judgements on the case: the analysis and severity (step 1), the reason a
    class conversation is not needed (step 2), whether the effects are positive (step 5)."""
    unknown = set(fields) - set(ASSESSMENT_FIELDS)
    if unknown:
        raise TypeError(f"case fields that cannot be updated here: {sorted(unknown)}")
    locked = _lock(case)
    _authorize(locked, user, ANYONE_ON_THE_CASE)
    _require_open(locked)
    if locked.version != expected_version:
        raise ConcurrentEdit(locked, locked.updated_by, locked.updated_at)
    errors = _Errors()
    for name in ("title", "analysis", "class_conversation_waived_reason"):
        if name in fields:
            fields[name] = (fields[name] or "").strip()
    for name in ("judged_serious", "step5_outcome_positive"):
        if name in fields and fields[name] not in (None, True, False):
            errors.add(name, _("Choose yes or no."))
    outcome = fields.get("step5_outcome_positive")
    if (
        outcome is not None
        and outcome != locked.step5_outcome_positive
        and locked.state != CaseState.STEP_5
    ):
        errors.add(
            "step5_outcome_positive",
            _("The effects are judged in step 5, after the conversation after two weeks."),
        )
    for name, value in fields.items():
        setattr(locked, name, value)
    _full_clean(
        errors,
        locked,
        exclude=[f.name for f in Case._meta.fields if f.name not in fields],
    )
    locked.version += 1
    locked.updated_by = user
    locked._history_user = user
    locked.save(update_fields=[*fields, "version", "updated_by", "updated_at"])
    _sync(case, locked)
    return locked
