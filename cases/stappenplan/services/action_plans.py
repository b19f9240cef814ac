"""The action plan (handelingsplan) of step 5: two weeks of actions by track."""

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from cases.models import ActionPlan, ActionPlanItem, Case, ExternalHelp
from cases.school.calendar import school_calendar
from cases.stappenplan.services.base import (
    ANYONE_ON_THE_CASE,
    Errors,
    create_record,
    full_clean,
    required_text,
    update_record,
)
from cases.visibility.history import create_with_history
from protocol.models import SuggestedAction, Track

ACTION_PLAN_DAYS = 14

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
    errors = Errors()
    if plan.period_start is None:
        errors.add("period_start", _("Fill in the first day of the plan."))
    else:
        calendar = school_calendar()
        # Two weeks, the first day included: a plan from a Monday runs until the Sunday.
        plan.period_end = plan.period_start + timedelta(days=ACTION_PLAN_DAYS - 1)
        plan.evaluate_on = calendar.two_week_due(plan.period_start)
    required_text(errors, plan, "analysis", _("Write down the analysis: why did it go wrong?"))
    required_text(errors, plan, "goals", _("Write down the goals of the plan."))
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
    full_clean(errors, plan)


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
    _, plan = create_record(
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
    _, plan = update_record(
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
