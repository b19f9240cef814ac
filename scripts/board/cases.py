"""Cases walked through the stappenplan on paper, saved in bulk."""

import random
from collections.abc import Sequence
from datetime import date, timedelta

from accounts.models import User
from cases.models import (
    ActionPlan,
    ActionPlanItem,
    Agreement,
    Case,
    CaseDeadline,
    CaseTransition,
    Classification,
    Conversation,
    InvolvementRole,
    ParentContact,
    ParentMeeting,
    Placement,
    SchoolGroup,
    Suspension,
    TeamNotice,
)
from cases.stappenplan.models import Consent
from protocol.calendar import SchoolCalendar
from protocol.stappenplan import CaseState, get_transition
from scripts.board.incidents import Incidents
from scripts.board.people import People, Reference
from scripts.board.sizes import STAY, YEARS, at, bulk
from scripts.board.walk import CasePupils, Walk


class Cases:
    """Cases walked through the stappenplan on paper: step changes, records and deadlines."""

    def __init__(
        self,
        rng: random.Random,
        people: People,
        ref: Reference,
        incidents: Incidents,
        calendar: SchoolCalendar,
        today: date,
    ):
        self.rng = rng
        self.people = people
        self.ref = ref
        self.incidents = incidents
        self.calendar = calendar
        self.today = today
        self.cases: list[Case] = []
        self.teacher_pks = {teacher.pk for teacher in people.teachers}
        self.teachers: dict[int, set[int]] = {}  # by index in self.cases
        self.transitions: list[CaseTransition] = []
        self.deadlines: list[CaseDeadline] = []
        self.conversations: list[tuple[Conversation, list[int]]] = []
        self.agreements: list[Agreement] = []
        self.parent_contacts: list[ParentContact] = []
        self.team_notices: list[TeamNotice] = []
        self.plans: list[tuple[ActionPlan, list[ActionPlanItem]]] = []
        self.meetings: list[tuple[ParentMeeting, list[int]]] = []
        self.consents: list[Consent] = []
        self.placements: list[Placement] = []
        self.suspensions: list[Suspension] = []

    # -- planning ---------------------------------------------------------------------------

    def path(self, state: str) -> list[str]:
        rng = self.rng
        head = ["verify_as_bullying", "complete_step_1"]
        to_4 = head + (
            ["complete_step_2", "complete_step_3"] if rng.random() < 0.35 else ["skip_step_3"]
        )
        to_5 = to_4 + ["complete_step_4"] + ["new_action_plan"] * (rng.random() < 0.2)
        to_6 = to_5 + ["escalate_to_step_6"]
        paths = {
            CaseState.STEP_1: ["verify_as_bullying"],
            CaseState.STEP_2: head,
            CaseState.STEP_3: head + ["complete_step_2"],
            CaseState.STEP_4: to_4,
            CaseState.STEP_5: to_5,
            CaseState.PHASING_OUT: to_5 + ["phase_out"],
            CaseState.STEP_6: to_6,
            CaseState.STEP_7: to_6 + ["place_elsewhere"],
            CaseState.STEP_8: to_6
            + (
                ["place_elsewhere", "suspend"]
                if rng.random() < 0.5
                else ["suspend_without_placement"]
            ),
        }
        if state == CaseState.CLOSED:
            if rng.random() < 0.8:
                return to_5 + ["phase_out", "close_after_phasing_out"]
            return rng.choice([head, to_4, to_5])[: rng.randint(1, 3)] + ["close_early"]
        return paths[state]

    def days_for(self, names: list[str], *, closed: bool) -> list[date]:
        """School days on which each step change of `names` was made, ending before today."""
        stays = [
            self.rng.randint(*STAY[get_transition(name).target])
            for name in names[:-1]
            if get_transition(name).target in STAY
        ]
        span = sum(stays)
        latest_start = self.today - timedelta(days=span + 1)
        if closed:
            earliest = self.today - timedelta(days=365 * YEARS - 35)
            start = earliest + timedelta(
                days=self.rng.randint(0, max(0, (latest_start - earliest).days))
            )
        else:
            # Open: the current step began recently (some are overdue on purpose).
            start = latest_start - timedelta(days=self.rng.randint(0, 12))
        days, day = [], start
        for index in range(len(names)):
            day = min(self.calendar.next_school_day(day), self.today)
            days.append(day)
            if index < len(stays):
                day = day + timedelta(days=stays[index])
        return days

    def pupils_for(self, group: SchoolGroup) -> CasePupils:
        rng = self.rng
        pool = self.people.pupils_of[group.pk]
        chosen = rng.sample(pool, rng.randint(2, 4))
        bullies = [chosen[0].pk] + ([chosen[2].pk] if len(chosen) > 3 else [])
        victims = [chosen[1].pk]
        others = [
            (p.pk, rng.choice([InvolvementRole.FOLLOWER, InvolvementRole.BYSTANDER]))
            for p in chosen[2:]
            if p.pk not in bullies
        ]
        return CasePupils(group, bullies, victims, others)

    # -- one case ---------------------------------------------------------------------------

    def add(
        self,
        state: str,
        *,
        names: list[str] | None = None,
        pupils: CasePupils | None = None,
        extra_incidents: int | None = None,
        first_incident_rich: bool = False,
        teacher: User | None = None,
        extra_teachers: Sequence[User] = (),
    ) -> Case:
        rng = self.rng
        names = names or self.path(state)
        closed = get_transition(names[-1]).target == CaseState.CLOSED
        days = self.days_for(names, closed=closed)
        group = pupils.group if pupils else self.people.weighted_group()
        pupils = pupils or self.pupils_for(group)
        registrar = teacher or self.people.registrar_for(group)
        verifier = self.people.teacher_for(group)
        ib = rng.choice(self.people.ibs)
        case = Case(
            state=CaseState.REPORTED,
            title=f"Pesten in {group.name}",
            opened_at=at(days[0], 15),
            opened_by=verifier,
            updated_by=verifier,
        )
        self.cases.append(case)
        team = {
            self.people.teacher_of[group.pk],
            *([registrar.pk] if registrar.pk in self.teacher_pks else []),
            *(user.pk for user in extra_teachers),
        }
        self.teachers[len(self.cases) - 1] = team

        first_day = self.calendar.previous_school_day(days[0] - timedelta(days=1))
        self.incidents.add(
            day=max(first_day, self.today - timedelta(days=365 * YEARS - 1)),
            registered_by=registrar,
            involvements=pupils.involvements(),
            case=case,
            verified_at=at(days[0], 14),
            verified_by=verifier,
            verified_classification=Classification.BULLYING,
            rich=first_incident_rich,
        )
        self._more_incidents(case, days, pupils, verifier, extra_incidents)

        walker = Walk(self, case, pupils, verifier, ib, team)
        for index, name in enumerate(names):
            next_day = days[index + 1] if index + 1 < len(names) else None
            next_name = names[index + 1] if index + 1 < len(names) else None
            walker.fire(name, days[index])
            walker.work(days[index], next_day or self.today, next_name)
        walker.finish()
        return case

    def _more_incidents(
        self, case: Case, days: list[date], pupils: CasePupils, verifier: User, extra: int | None
    ) -> None:
        """The case's later incidents: the same bully and victims, on days the case was open."""
        extra = self.rng.choice((0, 0, 1, 2)) if extra is None else extra
        last_day = days[-1]
        for _ in range(extra):
            offset = self.rng.randint(0, max(0, (last_day - days[0]).days))
            day = self.calendar.next_school_day(days[0] + timedelta(days=offset))
            day = min(day, self.today)
            self.incidents.add(
                day=day,
                registered_by=self.people.registrar_for(pupils.group),
                involvements=[(pupils.bullies[0], InvolvementRole.BULLY)]
                + [(pk, InvolvementRole.VICTIM) for pk in pupils.victims],
                case=case,
                verified_at=at(day, 16),
                verified_by=verifier,
                verified_classification=Classification.BULLYING,
            )

    # -- saving -----------------------------------------------------------------------------

    def save(self) -> None:
        bulk(Case, self.cases)
        bulk(
            Case.teachers.through,
            [
                Case.teachers.through(case_id=self.cases[index].pk, user_id=user_id)
                for index, users in self.teachers.items()
                for user_id in users
            ],
        )
        bulk(CaseTransition, self.transitions)
        bulk(CaseDeadline, self.deadlines)
        bulk(Conversation, [c for c, _ in self.conversations])
        bulk(
            Conversation.pupils.through,
            [
                Conversation.pupils.through(conversation_id=c.pk, pupil_id=pk)
                for c, pupils in self.conversations
                for pk in pupils
            ],
        )
        bulk(Agreement, self.agreements)
        bulk(ParentContact, self.parent_contacts)
        bulk(TeamNotice, self.team_notices)
        bulk(ActionPlan, [plan for plan, _ in self.plans])
        bulk(ActionPlanItem, [item for _, items in self.plans for item in items])
        bulk(ParentMeeting, [m for m, _ in self.meetings])
        bulk(
            ParentMeeting.teachers_present.through,
            [
                ParentMeeting.teachers_present.through(parentmeeting_id=m.pk, user_id=pk)
                for m, users in self.meetings
                for pk in users
            ],
        )
        bulk(Consent, self.consents)
        bulk(Placement, self.placements)
        bulk(Suspension, self.suspensions)
