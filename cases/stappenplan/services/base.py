"""What every write on a case shares: the refusals (`TransitionRefused`, `ConcurrentEdit`),
who may do what on a case (`actor_kinds_for`), the case lock, the validation helpers and
the mechanics of recording and updating a record (`create_record`, `update_record`).
"""

from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from cases.models import Case, Pupil
from cases.stappenplan.facts import case_pupils, current_stage_id
from cases.stappenplan.selectors import case_team_q
from protocol.stappenplan import Actor, CaseState, Decision

R = TypeVar("R", bound=models.Model)

ANYONE_ON_THE_CASE = frozenset({Actor.CASE_TEAM, Actor.MANAGEMENT})
MANAGEMENT_ONLY = frozenset({Actor.MANAGEMENT})
MEASURE_STATES = frozenset({CaseState.STEP_6, CaseState.STEP_7, CaseState.STEP_8})


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


def authorize(case: Case, user: User, who: frozenset[Actor]) -> None:
    if actor_kinds_for(user=user, case=case) & who:
        return
    if who == MANAGEMENT_ONLY:
        raise PermissionDenied(_("Only the directie or the IB can record this on a case."))
    raise PermissionDenied(
        _("Only the teachers of this case, the IB and the directie can record on it.")
    )


def lock_case(case: Case) -> Case:
    return Case.objects.select_for_update().get(pk=case.pk)


def require_open(case: Case) -> None:
    if case.state == CaseState.CLOSED:
        raise ValidationError(
            _("This case is closed, so nothing can be recorded on it. Reopen it first.")
        )


def require_measure_step(case: Case) -> None:
    if case.state not in MEASURE_STATES:
        raise ValidationError(
            _(
                "This is recorded from step 6 on; the case is at “%(state)s”. Escalate the "
                "case to step 6 first."
            )
            % {"state": CaseState(case.state).label}
        )


def sync_case(target: Case, source: Case) -> None:
    """Give the caller's instance the values just saved through the locked one."""
    if target is source:
        return
    for field in Case._meta.concrete_fields:
        setattr(target, field.attname, getattr(source, field.attname))


# Validation helpers. Messages by field, in the active language.


class Errors(dict):
    def add(self, field: str, message: Any) -> None:
        self.setdefault(field, []).append(message)

    def raise_if_any(self) -> None:
        if self:
            raise ValidationError(dict(self))


def blank(value: str | None) -> bool:
    return not (value or "").strip()


def required_text(errors: Errors, record: models.Model, field: str, message: Any) -> None:
    value = getattr(record, field)
    if blank(value):
        errors.add(field, message)
    else:
        setattr(record, field, value.strip())


def past_date(errors: Errors, field: str, value: date | None, what: Any) -> None:
    if value is None:
        errors.add(field, _("Fill in %(what)s.") % {"what": what})
    elif value > timezone.localdate():
        what = str(what)
        errors.add(field, _("%(what)s lies in the future.") % {"what": what[:1].upper() + what[1:]})


def pupil_of_case(errors: Errors, field: str, pupil: Pupil | None, case: Case) -> None:
    if pupil is not None and pupil.pk not in case_pupils(case):
        errors.add(
            field,
            _("%(name)s is not involved in this case.") % {"name": pupil.full_name},
        )


def full_clean(errors: Errors, record: models.Model, exclude: Iterable[str] = ()) -> None:
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


# Records: the shared mechanics of recording and updating.


def create_record(
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
    locked = lock_case(case)
    authorize(locked, user, who)
    require_open(locked)
    if measure:
        require_measure_step(locked)
    record = model(case=locked, created_by=user, stage_id=current_stage_id(locked), **fields)
    m2m = m2m or {}
    clean(locked, record, m2m)
    record._history_user = user
    record.save()
    for name, values in m2m.items():
        getattr(record, name).set(values)
    return locked, record


def update_record(
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
    locked_case = lock_case(record.case)
    authorize(locked_case, user, who)
    require_open(locked_case)
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
