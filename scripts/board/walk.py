"""One case through its step changes: what is recorded in each step, and the deadlines."""

from dataclasses import dataclass
from datetime import date, timedelta

from accounts.models import User
from cases.models import (
    ActionPlan,
    ActionPlanItem,
    Agreement,
    AgreementOutcome,
    Case,
    CaseDeadline,
    CaseTransition,
    ContactChannel,
    Conversation,
    ConversationKind,
    DeadlineResolution,
    InvolvementRole,
    ParentContact,
    ParentMeeting,
    Placement,
    PlacementKind,
    SchoolGroup,
    Suspension,
    TeamNotice,
)
from cases.stappenplan.models import Consent
from protocol.models import (
    Track,
)
from protocol.stappenplan import CaseState, ConsentParty, DeadlineRule, get_transition
from scripts.board.sizes import MET_BY, REASONS, at


@dataclass
class CasePupils:
    group: SchoolGroup
    bullies: list[int]
    victims: list[int]
    others: list[tuple[int, str]]

    @property
    def main(self) -> list[int]:
        return self.bullies + self.victims

    def involvements(self) -> list[tuple[int, str]]:
        return (
            [(pk, InvolvementRole.BULLY) for pk in self.bullies]
            + [(pk, InvolvementRole.VICTIM) for pk in self.victims]
            + self.others
        )


class Walk:
    """One case through its step changes: what is recorded in each step, and the deadlines."""

    def __init__(
        self,
        cases,  # the scripts.board.cases.Cases being built
        case: Case,
        pupils: CasePupils,
        teacher: User,
        ib: User,
        team: set[int],
    ):
        self.c = cases
        self.case = case
        self.team = team
        self.pupils = pupils
        self.teacher = teacher
        self.ib = ib
        self.stage: CaseTransition | None = None
        self.open: list[CaseDeadline] = []
        self.agreements: list[Agreement] = []
        self.contacts: list[ParentContact] = []
        self.talked_on: date | None = None
        self.placement: Placement | None = None

    # The step change and its deadlines.

    def fire(self, name: str, day: date) -> None:
        transition = get_transition(name)
        moment = at(day, 15, 30)
        record = CaseTransition(
            case=self.case,
            name=name,
            from_state=self.case.state,
            to_state=transition.target,
            skipped=transition.skips is not None,
            reason=REASONS.get(name, ""),
            actor=self.ib if name in ("escalate_to_step_6", "close_early") else self.teacher,
            at=moment,
        )
        self.c.transitions.append(record)
        self._resolve(name, transition, moment)
        made_on = max((a.made_on for a in self.agreements if a.is_active), default=day)
        for kind in transition.deadlines:
            due = self._due(kind, day, made_on)
            deadline = CaseDeadline(case=self.case, kind=kind, due_on=due, set_by=record)
            self.c.deadlines.append(deadline)
            self.open.append(deadline)
        if name in MET_BY[DeadlineRule.PARENT_FOLLOWUP]:
            for contact in self.contacts:
                if contact.follow_up_due and contact.follow_up_done_on is None:
                    contact.follow_up_done_on = min(contact.follow_up_due, day)
        if transition.target == CaseState.STEP_5:
            self.case.step5_outcome_positive = None
        if name == "close_early" or transition.target == CaseState.CLOSED:
            self.case.closed_reason = REASONS.get(name, "")
        self.case.state = transition.target
        self.case.version += 1
        self.stage = record

    def _resolve(self, name: str, transition, moment) -> None:
        """The open deadlines this step change met, replaced or cancelled."""
        still_open = []
        for deadline in self.open:
            if transition.target == CaseState.CLOSED:
                deadline.resolution = DeadlineResolution.CANCELLED
            elif deadline.kind in transition.deadlines:
                deadline.resolution = DeadlineResolution.REPLACED
            elif name in MET_BY[deadline.kind]:
                deadline.resolution = DeadlineResolution.MET
            else:
                still_open.append(deadline)
                continue
            deadline.resolved_at = moment
        self.open = still_open

    def _due(self, kind: str, day: date, made_on: date) -> date:
        """The due day of a new deadline of `kind`; the records it concerns get it too."""
        calendar = self.c.calendar
        if kind == DeadlineRule.FIRST_EVALUATION:
            due = calendar.first_evaluation_due(made_on)
            for agreement in self.agreements:
                if agreement.is_active and not agreement.outcome:
                    agreement.evaluate_on = due
        elif kind == DeadlineRule.PARENT_FOLLOWUP:
            due = calendar.parent_followup_due(calendar.first_evaluation_due(made_on))
            for contact in self.contacts:
                if contact.follow_up_done_on is None:
                    contact.follow_up_due = due
        elif kind == DeadlineRule.NEXT_CONVERSATION:
            due = calendar.two_week_due(self.talked_on or day)
        elif kind == DeadlineRule.PLACEMENT_REVIEW:
            review = self.placement.review_on if self.placement else day
            due = calendar.next_school_day(review)
        else:
            due = calendar.two_week_due(day)
        return due

    # What is recorded while the case is in the step `self.stage` entered.

    def _day(self, start: date, end: date) -> date:
        end = max(start, end)
        offset = self.c.rng.randint(0, (end - start).days)
        return min(self.c.calendar.next_school_day(start + timedelta(days=offset)), self.c.today)

    def _record(self, model, **fields):
        record = model(case=self.case, created_by=self.teacher, stage=self.stage, **fields)
        return record

    def _talk(self, kind: str, day: date, pupils: list[int], **extra) -> None:
        conversation = self._record(
            Conversation,
            kind=kind,
            held_on=day,
            notes=extra.pop("notes", "Gesprek gevoerd; afspraken doorgenomen en genoteerd."),
            **extra,
        )
        self.c.conversations.append((conversation, pupils))
        if kind != ConversationKind.SEPARATE:
            self.talked_on = day

    def _agree(self, day: date, evaluate_on: date | None = None) -> None:
        for pk in self.pupils.main:
            agreement = self._record(
                Agreement,
                pupil_id=pk,
                text="Ik laat de ander met rust in de pauze en meld het als het weer gebeurt.",
                made_on=day,
                evaluate_on=evaluate_on,
            )
            self.agreements.append(agreement)
            self.c.agreements.append(agreement)

    def _contact(self, day: date, *, about_plan: bool = False) -> ParentContact:
        contact = self._record(
            ParentContact,
            pupil_id=self.pupils.victims[0],
            contacted_on=day,
            channel=self.c.rng.choice(list(ContactChannel.values)),
            summary="Afspraken doorgenomen met de ouders; na de evaluatie bellen we weer.",
            about_action_plan=about_plan,
        )
        self.c.parent_contacts.append(contact)
        return contact

    def _plan(self, day: date) -> None:
        rng = self.c.rng
        plan = self._record(
            ActionPlan,
            period_start=day,
            period_end=day + timedelta(days=14),
            analysis="In de gymzaal en bij het fietsenhok is geen toezicht; daar gaat het mis.",
            goals="Het gepeste kind voelt zich weer veilig in de pauze en bij de gym.",
            external_help=rng.sample(["sbd", "ggd", "smw", "kanjer"], rng.randint(0, 2)),
            made_with_ib=self.ib,
            evaluate_on=day + timedelta(days=14),
        )
        items = []
        for track in (Track.BULLY, Track.VICTIM, Track.PARENTS):
            suggestions = self.c.ref.actions_of.get(track) or [None]
            suggestion = rng.choice(suggestions)
            items.append(
                ActionPlanItem(
                    plan=plan,
                    track=track,
                    suggested_action=suggestion,
                    action=suggestion.text[:300] if suggestion else "Dagelijks kort gesprek",
                    who=rng.choice(["Leerkracht", "IB", "Ouders"]),
                    when=rng.choice(["elke ochtend", "vrijdag", "na de pauze"]),
                )
            )
        self.c.plans.append((plan, items))
        notice = self._record(
            TeamNotice,
            informed_on=day,
            about_action_plan=True,
            note="Handelingsplan besproken in de teamvergadering.",
        )
        self.c.team_notices.append(notice)
        self._contact(day, about_plan=True)

    def _consents(self, step: str, day: date) -> None:
        for party in ConsentParty.values:
            self.c.consents.append(
                self._record(
                    Consent, step=step, party=party, given_by=f"namens {party}", given_on=day
                )
            )

    def _suspend(self, day: date) -> None:
        self._consents(CaseState.STEP_8, day)
        days = self.c.rng.randint(1, 3)
        start = self.c.calendar.next_school_day(day + timedelta(days=1))
        end = self.c.calendar.add_school_days(start, days - 1) if days > 1 else start
        self.c.suspensions.append(
            self._record(
                Suspension,
                pupil_id=self.pupils.bullies[0],
                start_date=start,
                end_date=end,
                school_days=days,
                reason="Aanhoudend pestgedrag ondanks alle afspraken.",
                objection_procedure="Bezwaar binnen zes weken bij het bestuur.",
            )
        )
        if days > 1:
            self.case.inspectie_notice_required = True

    def _evaluate(self, day: date, outcome: str) -> None:
        for agreement in self.agreements:
            if agreement.is_active and not agreement.outcome:
                agreement.outcome = outcome
                agreement.evaluated_on = day
                agreement.evaluation_note = "Besproken in het evaluatiegesprek."
                agreement.updated_by = self.teacher

    def work(self, start: date, end: date, next_name: str | None) -> None:
        """Record the work of the step just entered, between `start` and `end`; all of it
        when the case moves on (`next_name`), part of it when this is its current step."""
        rng = self.c.rng
        done = next_name is not None
        state = self.case.state
        day = self._day(start, end)
        if state == CaseState.STEP_1:
            for pk in self.pupils.main if done else self.pupils.main[:1]:
                self._talk(ConversationKind.SEPARATE, day, [pk])
            if done:
                self.case.analysis = "Het pesten gebeurt in de pauze, bijna elke dag."
                self.case.judged_serious = rng.random() < 0.3
                self.c.team_notices.append(
                    self._record(TeamNotice, informed_on=day, note="Extra toezicht op het plein.")
                )
        elif state == CaseState.STEP_2 and (done or rng.random() < 0.5):
            self._talk(ConversationKind.JOINT, day, self.pupils.main)
            self._agree(day)
        elif state == CaseState.STEP_3 and (done or rng.random() < 0.5):
            self.contacts.append(self._contact(day))
        elif state == CaseState.STEP_4 and done:
            self._talk(ConversationKind.JOINT, day, self.pupils.main)
            kept = rng.random() < 0.7
            self._evaluate(day, AgreementOutcome.KEPT if kept else AgreementOutcome.NOT_KEPT)
            if not kept:
                self._plan(day)
        elif state == CaseState.STEP_5 and (done or rng.random() < 0.4):
            self._work_step_5(day, next_name)
        elif state == CaseState.STEP_6:
            self._work_step_6(day, done, next_name)
        elif state == CaseState.STEP_7:
            if self.placement and done:
                self.placement.reviewed_on = day
                self.placement.review_note = "Gaat beter; terug naar de eigen groep."
            if next_name == "suspend":
                self._suspend(day)
        elif state == CaseState.STEP_8 and next_name == "suspend_again":
            self._suspend(day)
        elif state == CaseState.PHASING_OUT and done and rng.random() < 0.5:
            self._talk(ConversationKind.FOLLOW_UP, day, self.pupils.main)

    def _work_step_5(self, day: date, next_name: str | None) -> None:
        self._talk(ConversationKind.FOLLOW_UP, day, self.pupils.main, reported_to_ib=True)
        if next_name == "phase_out":
            self.case.step5_outcome_positive = True
            self._evaluate(day, AgreementOutcome.KEPT)
        elif next_name is not None:
            self.case.step5_outcome_positive = False
            self._evaluate(day, AgreementOutcome.NOT_KEPT)
        if next_name == "new_action_plan":
            # The old agreements are replaced by those of the new action plan.
            for agreement in self.agreements:
                if agreement.is_active and agreement.outcome:
                    agreement.is_active = False
            self._agree(day, evaluate_on=self.c.calendar.two_week_due(day))
            self._plan(day)

    def _work_step_6(self, day: date, done: bool, next_name: str | None) -> None:
        if done or self.c.rng.random() < 0.5:
            meeting = self._record(
                ParentMeeting,
                held_on=day,
                led_by=self.ib,
                notes="Ouders van de groep geïnformeerd over het pestprobleem.",
            )
            self.c.meetings.append((meeting, sorted(self.team)))
        if next_name == "place_elsewhere":
            self._consents(CaseState.STEP_7, day)
            self.placement = self._record(
                Placement,
                pupil_id=self.pupils.bullies[0],
                kind=PlacementKind.OTHER_GROUP,
                destination="groep 8",
                start_date=day,
                end_date=day + timedelta(days=11),
                review_on=day + timedelta(days=7),
            )
            self.c.placements.append(self.placement)
        elif next_name == "suspend_without_placement":
            self._suspend(day)

    def finish(self) -> None:
        first = min(self.open, key=lambda d: d.due_on, default=None)
        self.case.next_deadline = first.due_on if first else None
        self.case.next_deadline_kind = first.kind if first else ""
