"""Reads of cases that depend on who is asking, and the case's timeline.

Every list, count and export of cases goes through `cases_visible_to`, so that one rule
decides which cases a user sees.
"""

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from cases.incidents.selectors import incidents_visible_to
from cases.models import (
    ActionPlanItem,
    Case,
    Incident,
    IncidentQuerySet,
    Involvement,
)
from cases.visibility.permissions import objects_visible_to
from protocol.stappenplan import (
    CaseState,
    StepProgress,
    get_transition,
    progress,
)


def cases_visible_to(user: User) -> QuerySet[Case]:
    """The cases `user` may see (the rule: cases.visibility.permissions); every list, count,
    export and
    PDF of cases reads through it."""
    return objects_visible_to(user, Case)


def case_team_q(user: User) -> Q:
    """Cases of which `user` is a teacher: assigned, or teaching a group of a pupil involved."""
    teaches_a_pupil = Involvement.objects.filter(
        incident__case=OuterRef("pk"), pupil__group__teachers=user
    )
    assigned = Case.teachers.through.objects.filter(case=OuterRef("pk"), user=user)
    return Q(Exists(assigned)) | Q(Exists(teaches_a_pupil))


def incident_verifier_q(user: User) -> Q:
    """Incidents `user` may verify: the IB every one, a teacher those they registered or that
    involve a pupil of a group they teach."""
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    if user.has_role(Role.IB):
        return Q()
    teaches_a_pupil = Involvement.objects.filter(
        incident=OuterRef("pk"), pupil__group__teachers=user
    )
    return Q(registered_by=user) | Q(Exists(teaches_a_pupil))


def matching_open_cases(*, incident: Incident, user: User) -> QuerySet[Case]:
    """Open cases that `user` sees and that share a pupil with `incident`: candidates to add
    it to. A case the user may not see is never offered, not even by its pupils' names."""
    pupils = Involvement.objects.filter(incident=incident).values("pupil_id")
    shares_a_pupil = Involvement.objects.filter(
        incident__case=OuterRef("pk"), pupil_id__in=Subquery(pupils)
    )
    return (
        cases_visible_to(user)
        .exclude(state=CaseState.CLOSED)
        .filter(Exists(shares_a_pupil))
        .exclude(incidents=incident)
        .prefetch_related(_case_pupils_prefetch())
        .order_by("-opened_at", "-pk")
    )


def _case_pupils_prefetch() -> Prefetch:
    return Prefetch(
        "incidents__involvements",
        queryset=Involvement.objects.select_related("pupil").order_by("pk"),
    )


def incidents_to_verify(user: User) -> IncidentQuerySet:
    return (
        incidents_visible_to(user)
        .awaiting_verification()
        .filter(incident_verifier_q(user))
        .select_related("registered_by")
        .prefetch_related(
            Prefetch("involvements", queryset=Involvement.objects.select_related("pupil"))
        )
        .order_by("reported_at", "pk")
    )


def open_cases_of(user: User) -> QuerySet[Case]:
    """The open cases a user works on: as case teacher, and for IB and directie every one."""
    cases = cases_visible_to(user).exclude(state=CaseState.CLOSED)
    if not user.has_role(Role.IB, Role.DIRECTIE):
        cases = cases.filter(case_team_q(user))
    return cases


def my_work(user: User) -> dict[str, Any]:
    """The home page's "Mijn werk".

    `incidents_to_verify`: reports awaiting verification that the user may verify, oldest
    first. `cases`: the user's open cases, the nearest deadline first (so overdue ones lead),
    cases without a deadline last. `overdue_cases`: how many of those are overdue.
    """
    today = timezone.localdate()
    cases = (
        open_cases_of(user)
        .prefetch_related(_case_pupils_prefetch(), "teachers")
        .order_by(F("next_deadline").asc(nulls_last=True), "-opened_at", "pk")
    )
    return {
        "incidents_to_verify": incidents_to_verify(user),
        "cases": cases,
        "overdue_cases": open_cases_of(user).filter(next_deadline__lt=today).count(),
        "today": today,
    }


def case_progress(case: Case) -> list[StepProgress]:
    """The eight steps' status for the progress bar, from the case's step changes (1 query)."""
    visited: set[str] = set()
    skipped: set[str] = set()
    for name, to_state in case.transitions.order_by("pk").values_list("name", "to_state"):
        if to_state == CaseState.STEP_1:
            visited, skipped = set(), set()
        visited.add(to_state)
        try:
            skips = get_transition(name).skips
        except KeyError:
            skips = None
        if skips:
            skipped.add(skips)
    return progress(CaseState(case.state), skipped=skipped, visited=visited)


@dataclass(frozen=True)
class TimelineEntry:
    """One line of a case's history. `record` is the object it was made from (for links)."""

    date: date
    kind: str
    title: str
    text: str
    who: str
    at: datetime | None = None
    record: Any = None


def _names(pupils) -> str:
    return ", ".join(p.full_name for p in pupils)


def _who(user: User | None) -> str:
    return str(user) if user else ""


def case_timeline(case: Case) -> list[TimelineEntry]:
    """Everything that happened on a case, oldest first, from its step changes and records.

    Records are dated by the day they happened (a conversation by the day it was held), step
    changes by the day they were made; on one day, in the order they were entered.
    """
    entries: list[TimelineEntry] = []

    def local(moment: datetime) -> date:
        return timezone.localdate(moment)

    def add(day, kind, title, text, who, at, record) -> None:
        entries.append(TimelineEntry(day, kind, str(title), text, who, at, record))

    incidents = case.incidents.select_related("registered_by", "verified_by").prefetch_related(
        Prefetch("involvements", queryset=Involvement.objects.select_related("pupil"))
    )
    for incident in incidents:
        people = "; ".join(
            f"{i.pupil.full_name} ({i.get_role_display()})" for i in incident.involvements.all()
        )
        add(
            incident.occurred_on,
            "incident",
            _("Report: %(where)s") % {"where": incident.get_location_display()},
            "\n".join(
                part
                for part in (
                    incident.description,
                    people,
                    _("Follow-up: %(note)s") % {"note": incident.follow_up_note}
                    if incident.follow_up_note
                    else "",
                )
                if part
            ),
            _who(incident.registered_by),
            incident.reported_at,
            incident,
        )

    for t in case.transitions.select_related("actor"):
        try:
            title = get_transition(t.name).label
        except KeyError:
            title = _("%(from)s → %(to)s") % {
                "from": CaseState(t.from_state).label,
                "to": CaseState(t.to_state).label,
            }
        add(local(t.at), "transition", title, t.reason, _who(t.actor), t.at, t)

    for c in case.conversations.select_related("created_by").prefetch_related("pupils"):
        pupils = _names(c.pupils.all())
        participants = ", ".join(p for p in (pupils, c.other_participants) if p)
        text = "\n".join(p for p in (participants, c.notes) if p)
        if c.reported_to_ib:
            text += "\n" + str(_("Report sent to the IB."))
        if c.early_reason:
            text += "\n" + str(_("Before the two weeks were over, because: %(reason)s")) % {
                "reason": c.early_reason
            }
        add(
            c.held_on,
            "conversation",
            c.get_kind_display(),
            text,
            _who(c.created_by),
            c.created_at,
            c,
        )

    for a in case.agreements.select_related("pupil", "created_by", "updated_by"):
        with_pupil = (
            _("Agreement with %(name)s") % {"name": a.pupil.full_name}
            if a.pupil
            else _("Agreement")
        )
        add(a.made_on, "agreement", with_pupil, a.text, _who(a.created_by), a.created_at, a)
        if a.outcome and a.evaluated_on:
            add(
                a.evaluated_on,
                "agreement_evaluation",
                _("Agreement evaluated: %(outcome)s") % {"outcome": a.get_outcome_display()},
                "\n".join(p for p in (a.text, a.evaluation_note) if p),
                _who(a.updated_by or a.created_by),
                a.updated_at,
                a,
            )

    for p in case.parent_contacts.select_related("pupil", "created_by"):
        add(
            p.contacted_on,
            "parent_contact",
            _("Contact with the parents of %(name)s (%(channel)s)")
            % {"name": p.pupil.full_name, "channel": p.get_channel_display()},
            p.summary,
            _who(p.created_by),
            p.created_at,
            p,
        )

    for n in case.team_notices.select_related("created_by"):
        title = _("Team informed of the action plan") if n.about_action_plan else _("Team informed")
        add(n.informed_on, "team_notice", title, n.note, _who(n.created_by), n.created_at, n)

    plans = case.action_plans.select_related("created_by", "made_with_ib").prefetch_related(
        Prefetch("items", queryset=ActionPlanItem.objects.order_by("track", "pk"))
    )
    for plan in plans:
        actions = "\n".join(
            f"{item.get_track_display()}: {item.action} ({item.who}, {item.when})"
            for item in plan.items.all()
        )
        add(
            plan.period_start,
            "action_plan",
            str(plan),
            "\n".join(p for p in (plan.goals, actions) if p),
            _who(plan.created_by),
            plan.created_at,
            plan,
        )

    meetings = case.parent_meetings.select_related("created_by", "led_by").prefetch_related(
        "teachers_present"
    )
    for m in meetings:
        text = "\n".join(
            (
                str(_("Led by %(name)s") % {"name": _who(m.led_by)}),
                str(_("Teachers present: %(names)s") % {"names": _names_of_users(m)}),
                m.notes,
            )
        )
        add(
            m.held_on,
            "parent_meeting",
            _("Meeting with all parents of the group"),
            text,
            _who(m.created_by),
            m.created_at,
            m,
        )

    for c in case.consents.select_related("created_by"):
        add(
            c.given_on,
            "consent",
            _("Consent for %(step)s: %(party)s")
            % {"party": c.get_party_display(), "step": c.get_step_display()},
            "\n".join(p for p in (c.given_by, c.note) if p),
            _who(c.created_by),
            c.created_at,
            c,
        )

    for p in case.placements.select_related("pupil", "created_by"):
        add(
            p.start_date,
            "placement",
            _("%(name)s placed in %(destination)s")
            % {"name": p.pupil.full_name, "destination": p.destination},
            _("%(kind)s, %(start)s to %(end)s, review on %(review)s")
            % {
                "kind": p.get_kind_display(),
                "start": f"{p.start_date:%d-%m-%Y}",
                "end": f"{p.end_date:%d-%m-%Y}",
                "review": f"{p.review_on:%d-%m-%Y}",
            },
            _who(p.created_by),
            p.created_at,
            p,
        )

    for s in case.suspensions.select_related("pupil", "created_by"):
        add(
            s.start_date,
            "suspension",
            _("%(name)s suspended for %(days)s school day(s)")
            % {"name": s.pupil.full_name, "days": s.school_days},
            s.reason,
            _who(s.created_by),
            s.created_at,
            s,
        )

    entries.sort(key=lambda e: (e.date, e.at or datetime.min.replace(tzinfo=UTC)))
    return entries


def _names_of_users(meeting) -> str:
    return ", ".join(str(user) for user in meeting.teachers_present.all())
