"""The timeline of a case: everything that happened on it, oldest first.

One function per source (the reports, the step changes, each kind of record); `case_timeline`
puts their entries together. Each source costs one query, or two with a prefetch, whatever the
size of the case.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from cases.models import ActionPlanItem, Case, Involvement
from protocol.stappenplan import CaseState, get_transition


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


def case_timeline(case: Case) -> list[TimelineEntry]:
    """Everything that happened on a case, oldest first, from its step changes and records.

    Records are dated by the day they happened (a conversation by the day it was held), step
    changes by the day they were made; on one day, in the order they were entered.
    """
    sources = (
        _incident_entries,
        _transition_entries,
        _conversation_entries,
        _agreement_entries,
        _parent_contact_entries,
        _team_notice_entries,
        _action_plan_entries,
        _parent_meeting_entries,
        _consent_entries,
        _placement_entries,
        _suspension_entries,
    )
    entries = [entry for source in sources for entry in source(case)]
    entries.sort(key=lambda e: (e.date, e.at or datetime.min.replace(tzinfo=UTC)))
    return entries


def _entry(day, kind, title, text, who, at, record) -> TimelineEntry:
    return TimelineEntry(day, kind, str(title), text, who, at, record)


def _names(pupils) -> str:
    return ", ".join(p.full_name for p in pupils)


def _names_of_users(meeting) -> str:
    return ", ".join(str(user) for user in meeting.teachers_present.all())


def _who(user: User | None) -> str:
    return str(user) if user else ""


def _follow_up(incident) -> str:
    """The follow-up noted when the report was verified."""
    if not incident.follow_up_note:
        return ""
    return _("Follow-up: %(note)s") % {"note": incident.follow_up_note}


def _incident_entries(case: Case) -> Iterator[TimelineEntry]:
    incidents = case.incidents.select_related("registered_by", "verified_by").prefetch_related(
        Prefetch("involvements", queryset=Involvement.objects.select_related("pupil"))
    )
    for incident in incidents:
        people = "; ".join(
            f"{i.pupil.full_name} ({i.get_role_display()})" for i in incident.involvements.all()
        )
        yield _entry(
            incident.occurred_on,
            "incident",
            _("Report: %(where)s") % {"where": incident.get_location_display()},
            "\n".join(
                part for part in (incident.description, people, _follow_up(incident)) if part
            ),
            _who(incident.registered_by),
            incident.reported_at,
            incident,
        )


def _transition_entries(case: Case) -> Iterator[TimelineEntry]:
    for t in case.transitions.select_related("actor"):
        try:
            title = get_transition(t.name).label
        except KeyError:
            title = _("%(from)s → %(to)s") % {
                "from": CaseState(t.from_state).label,
                "to": CaseState(t.to_state).label,
            }
        yield _entry(
            timezone.localdate(t.at), "transition", title, t.reason, _who(t.actor), t.at, t
        )


def _conversation_entries(case: Case) -> Iterator[TimelineEntry]:
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
        yield _entry(
            c.held_on,
            "conversation",
            c.get_kind_display(),
            text,
            _who(c.created_by),
            c.created_at,
            c,
        )


def _agreement_entries(case: Case) -> Iterator[TimelineEntry]:
    """An agreement on the day it was made, and again on the day it was evaluated."""
    for a in case.agreements.select_related("pupil", "created_by", "updated_by"):
        with_pupil = (
            _("Agreement with %(name)s") % {"name": a.pupil.full_name}
            if a.pupil
            else _("Agreement")
        )
        yield _entry(
            a.made_on, "agreement", with_pupil, a.text, _who(a.created_by), a.created_at, a
        )
        if a.outcome and a.evaluated_on:
            yield _entry(
                a.evaluated_on,
                "agreement_evaluation",
                _("Agreement evaluated: %(outcome)s") % {"outcome": a.get_outcome_display()},
                "\n".join(p for p in (a.text, a.evaluation_note) if p),
                _who(a.updated_by or a.created_by),
                a.updated_at,
                a,
            )


def _parent_contact_entries(case: Case) -> Iterator[TimelineEntry]:
    for p in case.parent_contacts.select_related("pupil", "created_by"):
        yield _entry(
            p.contacted_on,
            "parent_contact",
            _("Contact with the parents of %(name)s (%(channel)s)")
            % {"name": p.pupil.full_name, "channel": p.get_channel_display()},
            p.summary,
            _who(p.created_by),
            p.created_at,
            p,
        )


def _team_notice_entries(case: Case) -> Iterator[TimelineEntry]:
    for n in case.team_notices.select_related("created_by"):
        title = _("Team informed of the action plan") if n.about_action_plan else _("Team informed")
        yield _entry(
            n.informed_on, "team_notice", title, n.note, _who(n.created_by), n.created_at, n
        )


def _action_plan_entries(case: Case) -> Iterator[TimelineEntry]:
    plans = case.action_plans.select_related("created_by", "made_with_ib").prefetch_related(
        Prefetch("items", queryset=ActionPlanItem.objects.order_by("track", "pk"))
    )
    for plan in plans:
        actions = "\n".join(
            f"{item.get_track_display()}: {item.action} ({item.who}, {item.when})"
            for item in plan.items.all()
        )
        yield _entry(
            plan.period_start,
            "action_plan",
            str(plan),
            "\n".join(p for p in (plan.goals, actions) if p),
            _who(plan.created_by),
            plan.created_at,
            plan,
        )


def _parent_meeting_entries(case: Case) -> Iterator[TimelineEntry]:
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
        yield _entry(
            m.held_on,
            "parent_meeting",
            _("Meeting with all parents of the group"),
            text,
            _who(m.created_by),
            m.created_at,
            m,
        )


def _consent_entries(case: Case) -> Iterator[TimelineEntry]:
    for c in case.consents.select_related("created_by"):
        yield _entry(
            c.given_on,
            "consent",
            _("Consent for %(step)s: %(party)s")
            % {"party": c.get_party_display(), "step": c.get_step_display()},
            "\n".join(p for p in (c.given_by, c.note) if p),
            _who(c.created_by),
            c.created_at,
            c,
        )


def _placement_entries(case: Case) -> Iterator[TimelineEntry]:
    for p in case.placements.select_related("pupil", "created_by"):
        yield _entry(
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


def _suspension_entries(case: Case) -> Iterator[TimelineEntry]:
    for s in case.suspensions.select_related("pupil", "created_by"):
        yield _entry(
            s.start_date,
            "suspension",
            _("%(name)s suspended for %(days)s school day(s)")
            % {"name": s.pupil.full_name, "days": s.school_days},
            s.reason,
            _who(s.created_by),
            s.created_at,
            s,
        )
