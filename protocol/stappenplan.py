"""The stappenplan (protocol §11) as a state machine over plain facts.

This module knows no case and no database. The cases layer computes a `CaseFacts` from what
was recorded on a case, works out which `Actor` kinds the user has for that case, and asks
`check()` whether a transition may fire. One table, `TRANSITIONS`, says for every transition
where it may start, where it goes, who may fire it, what it needs (its guard), which deadlines
it sets and which step it records as skipped.

Choices where the protocol is silent:
- Steps 7 and 8 come only after step 6 ("in het uiterste geval ... nog twee stappen" follows
  step 6). Step 8 may follow step 6 directly (step 7 is then recorded as skipped): placing a
  pupil elsewhere is no precondition for suspending the bully. A further suspension while in
  step 8 is the loop `suspend_again`.
- Entering step 7 or 8 needs the measure itself recorded (placement or suspension, with its
  dates) and the consent of all five parties for that step: the state then means "this
  measure is in force". Leaving steps 6–8 goes back to the follow-up conversations of step 5.
- Closing a case before it has been phased out is for the directie or the IB, with a reason;
  reopening takes a reason and may be done by the case's teacher as well. A reopened case
  starts again at step 1: when bullying comes back the protocol starts with separate
  conversations and a fresh analysis. Its timeline keeps the earlier round.
- Bullying that returns while phasing out sends the case back to step 5.
- Every transition into `closed` takes a reason, also "not bullying" at verification.

How the cases layer computes facts: a fact about work recorded for a step refers to what was
recorded since the case last entered its current state (a loop such as `new_action_plan`
counts as entering), so a new round needs new work. Facts about the case as a whole (who
reported, the severity judgement, the agreements, earlier suspensions) refer to the whole case.
Every fact defaults to "not done", so a fact the cases layer forgets makes a guard refuse.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from django.db import models
from django.utils.translation import gettext_lazy as _

from protocol.calendar import SchoolCalendar

# Involvement roles, as stored by the cases layer (cases.models.InvolvementRole values).
BULLY = "bully"
VICTIM = "victim"

MAX_SUSPENSION_SCHOOL_DAYS = 5


class CaseState(models.TextChoices):
    REPORTED = "reported", _("Reported")
    STEP_1 = "step_1", _("Step 1 – separate conversations")
    STEP_2 = "step_2", _("Step 2 – joint conversation and agreements")
    STEP_3 = "step_3", _("Step 3 – feedback to the parents")
    STEP_4 = "step_4", _("Step 4 – evaluation of the agreements")
    STEP_5 = "step_5", _("Step 5 – conversation after two weeks")
    STEP_6 = "step_6", _("Step 6 – meeting with all parents of the group")
    STEP_7 = "step_7", _("Step 7 – temporary placement elsewhere")
    STEP_8 = "step_8", _("Step 8 – suspension")
    PHASING_OUT = "phasing_out", _("Phasing out")
    CLOSED = "closed", _("Closed")


STEPS: tuple[CaseState, ...] = (
    CaseState.STEP_1,
    CaseState.STEP_2,
    CaseState.STEP_3,
    CaseState.STEP_4,
    CaseState.STEP_5,
    CaseState.STEP_6,
    CaseState.STEP_7,
    CaseState.STEP_8,
)
OPEN_STATES = frozenset(CaseState) - {CaseState.CLOSED}


def step_number(state: CaseState) -> int | None:
    """1..8 for the eight steps, None for reported, phasing out and closed."""
    return STEPS.index(state) + 1 if state in STEPS else None


class Actor(models.TextChoices):
    """What a user is for one case; the cases layer decides which kinds a user has.

    CASE_TEAM: a teacher of the case (of the group of a pupil involved, or assigned) or an
    intern begeleider. MANAGEMENT: directie or intern begeleider. The IB is both.
    """

    CASE_TEAM = "case_team", _("Teacher of the case or IB")
    MANAGEMENT = "management", _("Management or IB")


class ConsentParty(models.TextChoices):
    """The parties whose consent steps 7 and 8 need ("in goed overleg met alle partijen")."""

    TEACHER = "teacher", _("Teacher")
    TEAM = "team", _("Team")
    PARENTS = "parents", _("Parents")
    IB = "ib", _("Internal supervisor (IB)")
    DIRECTIE = "directie", _("Management")


class DeadlineRule(models.TextChoices):
    """Kinds of deadline. All but REGISTRATION are set by transitions (see `deadlines_for`).

    A transition that sets a kind replaces an open deadline of that kind; closing a case
    cancels all its open deadlines. Otherwise a deadline is met by the work it asks for:
    REGISTRATION by registering the incident, FIRST_EVALUATION by the step-4 evaluation
    conversation, PARENT_FOLLOWUP by a parent contact after the first evaluation,
    NEXT_CONVERSATION by the step-5 conversation, PLACEMENT_REVIEW by recording the review
    of the placement, PHASING_OUT_REVIEW by closing the case or sending it back to step 5.
    """

    REGISTRATION = "registration", _("Registration of the report")
    FIRST_EVALUATION = "first_evaluation", _("First evaluation of the agreements")
    PARENT_FOLLOWUP = "parent_followup", _("Contact the parents after the first evaluation")
    NEXT_CONVERSATION = "next_conversation", _("Follow-up conversation after two weeks")
    PLACEMENT_REVIEW = "placement_review", _("Review of the temporary placement")
    PHASING_OUT_REVIEW = "phasing_out_review", _("Review of the phasing out")


class StepStatus(models.TextChoices):
    DONE = "done", _("Done")
    CURRENT = "current", _("Current step")
    SKIPPED = "skipped", _("Skipped")
    TODO = "todo", _("To do")
    NOT_NEEDED = "not_needed", _("Not needed")


class Refusal(models.TextChoices):
    ILLEGAL = "illegal", _("Not possible from this step")
    NOT_ALLOWED = "not_allowed", _("Not allowed for your role")
    INCOMPLETE = "incomplete", _("Something is still missing")


@dataclass(frozen=True, kw_only=True)
class PlacementFacts:
    """A temporary placement in another group or school (step 7)."""

    pupil_name: str
    role: str
    starts_on: date
    ends_on: date
    review_on: date


@dataclass(frozen=True, kw_only=True)
class SuspensionFacts:
    """A suspension (step 8); `school_days` as counted by `SchoolCalendar.school_days_between`."""

    pupil_name: str
    role: str
    school_days: int


@dataclass(frozen=True, kw_only=True)
class CaseFacts:
    """What has been recorded on a case, as plain values. Names are pupils' display names."""

    # Verification of the report (entering step 1, also on reopening).
    classified_as_bullying: bool = False
    classified_as_not_bullying: bool = False  # teasing or aggression
    bully_count: int = 0
    victim_count: int = 0

    # Step 1: a separate conversation with each bully and each victim, an analysis based on
    # concrete recent incidents, a judgement of the severity, the team informed.
    bullies_without_separate_talk: tuple[str, ...] = ()
    victims_without_separate_talk: tuple[str, ...] = ()
    has_analysis: bool = False
    severity_judged: bool = False
    team_informed: bool = False

    # Step 2: a joint conversation and concrete agreements; a class conversation (or the
    # recorded choice that none is needed) when several pupils of the group are involved.
    has_joint_conversation: bool = False
    agreement_count: int = 0
    agreements_made_on: date | None = None
    several_pupils_of_group_involved: bool = False
    class_conversation_recorded_or_waived: bool = False

    # Step 3: needed when parents reported or the teacher judged the situation serious.
    parents_reported: bool = False
    judged_serious: bool = False
    parent_contact_recorded: bool = False

    # Step 4: the evaluation conversation; each agreement kept or not kept; when one was not
    # kept: an analysis, a two-week action plan made with the IB, team and parents informed.
    step4_conversation: bool = False
    unevaluated_agreements: tuple[str, ...] = ()
    any_agreement_not_kept: bool = False
    has_analysis_of_failure: bool = False
    action_plan_with_ib_for_two_weeks: bool = False
    team_informed_of_plan: bool = False
    parents_informed_of_plan: bool = False

    # Step 5: the conversation after two weeks, the report to the IB, the judgement of the
    # effects (None until judged), a new action plan when they were not positive.
    step5_conversation: bool = False
    reported_to_ib: bool = False
    outcome_positive: bool | None = None
    new_action_plan_recorded: bool = False
    # The latest conversation with the pupils in the current state; anchors the two weeks.
    last_conversation_on: date | None = None

    # Step 6: the meeting with all parents of the group.
    step6_meeting_recorded: bool = False
    step6_led_by_management: bool = False
    step6_teachers_present: bool = False

    # Steps 7 and 8: the consents given for each step and the measure recorded.
    step7_consents: frozenset[str] = frozenset()
    placement: PlacementFacts | None = None
    step8_consents: frozenset[str] = frozenset()
    suspension: SuspensionFacts | None = None


Guard = Callable[[CaseFacts], list[str]]


# Rules for the measures of steps 7 and 8, also used by the services that record them.


def validate_suspension(role: str, school_days: int) -> list[str]:
    """What is wrong with a suspension; empty when it may be recorded."""
    problems = []
    if role != BULLY:
        problems.append(str(_("Only a bully can be suspended.")))
    if school_days < 1:
        problems.append(str(_("A suspension lasts at least one school day.")))
    elif school_days > MAX_SUSPENSION_SCHOOL_DAYS:
        problems.append(
            _("A suspension lasts at most five school days; this one lasts %(days)s.")
            % {"days": school_days}
        )
    return problems


def needs_inspectie_notice(school_days: int) -> bool:
    """A suspension of more than one school day is reported to the Inspectie."""
    return school_days > 1


def needs_board_consultation(previous_suspensions_of_pupil: int) -> bool:
    """From the second suspension of a pupil on, the school board (Bevoegd Gezag) is consulted
    about a removal procedure."""
    return previous_suspensions_of_pupil >= 1


def validate_placement(role: str, starts_on: date, ends_on: date, review_on: date) -> list[str]:
    """What is wrong with a temporary placement elsewhere; empty when it may be recorded."""
    problems = []
    if role not in (BULLY, VICTIM):
        problems.append(str(_("Only a bully or a victim can be placed elsewhere.")))
    if ends_on < starts_on:
        problems.append(str(_("The placement must end on or after its first day.")))
    elif not starts_on <= review_on <= ends_on:
        problems.append(str(_("The review date must fall within the placement.")))
    return problems


# Guards: each reads only facts and returns what is still missing, in the active language.


def _verification(f: CaseFacts) -> list[str]:
    missing = []
    if not f.classified_as_bullying:
        missing.append(str(_("the classification “bullying” on the report")))
    if f.bully_count < 1:
        missing.append(str(_("at least one bully among the pupils involved")))
    if f.victim_count < 1:
        missing.append(str(_("at least one victim among the pupils involved")))
    return missing


def _not_bullying(f: CaseFacts) -> list[str]:
    if f.classified_as_not_bullying:
        return []
    return [str(_("the classification “teasing” or “aggression” on the report"))]


def _step_1_work(f: CaseFacts) -> list[str]:
    missing = [
        _("separate conversation with bully %(name)s") % {"name": name}
        for name in f.bullies_without_separate_talk
    ]
    missing += [
        _("separate conversation with victim %(name)s") % {"name": name}
        for name in f.victims_without_separate_talk
    ]
    if not f.has_analysis:
        missing.append(str(_("an analysis based on concrete recent incidents")))
    if not f.severity_judged:
        missing.append(str(_("a judgement of how serious the situation is")))
    if not f.team_informed:
        missing.append(str(_("the team informed (supervision in the playground)")))
    return missing


def _step_2_work(f: CaseFacts) -> list[str]:
    missing = []
    if not f.has_joint_conversation:
        missing.append(str(_("a joint conversation with bully and victim")))
    if f.agreement_count < 1:
        missing.append(str(_("at least one concrete agreement")))
    if f.several_pupils_of_group_involved and not f.class_conversation_recorded_or_waived:
        missing.append(
            str(
                _(
                    "a class conversation, or the recorded choice that none is needed "
                    "(several pupils of the group are involved)"
                )
            )
        )
    return missing


def step_3_required(f: CaseFacts) -> bool:
    return f.parents_reported or f.judged_serious


def _step_3_not_required(f: CaseFacts) -> list[str]:
    missing = []
    if f.parents_reported:
        missing.append(str(_("step 3, feedback to the parents (the parents made the report)")))
    if f.judged_serious:
        missing.append(str(_("step 3, feedback to the parents (the situation was judged serious)")))
    return missing


def _step_3_work(f: CaseFacts) -> list[str]:
    if f.parent_contact_recorded:
        return []
    return [
        str(
            _(
                "feedback to the parents about the agreements, with the promise to contact "
                "them again after the first evaluation"
            )
        )
    ]


def _step_4_work(f: CaseFacts) -> list[str]:
    missing = []
    if not f.step4_conversation:
        missing.append(
            str(_("the evaluation conversation with bully and victim (joint or separate)"))
        )
    if f.agreement_count < 1:
        missing.append(str(_("at least one concrete agreement")))
    missing += [
        _("whether this agreement was kept: %(agreement)s") % {"agreement": agreement}
        for agreement in f.unevaluated_agreements
    ]
    if f.any_agreement_not_kept:
        if not f.has_analysis_of_failure:
            missing.append(str(_("an analysis of why the agreements were not kept")))
        if not f.action_plan_with_ib_for_two_weeks:
            missing.append(str(_("an action plan for the coming two weeks, made with the IB")))
        if not f.team_informed_of_plan:
            missing.append(str(_("the team informed of the action plan")))
        if not f.parents_informed_of_plan:
            missing.append(str(_("the parents informed of the action plan")))
    return missing


def _step_5_work(f: CaseFacts) -> list[str]:
    missing = []
    if not f.step5_conversation:
        missing.append(str(_("the conversation with the pupils after two weeks")))
    if not f.reported_to_ib:
        missing.append(str(_("a report of the conversation to the IB")))
    if f.outcome_positive is None:
        missing.append(str(_("the judgement whether the effects are positive")))
    return missing


def _phase_out(f: CaseFacts) -> list[str]:
    missing = _step_5_work(f)
    if f.outcome_positive is False:
        missing.append(
            str(
                _(
                    "effects judged positive (they were judged not positive: make a new "
                    "action plan or escalate to step 6)"
                )
            )
        )
    return missing


def _not_positive(f: CaseFacts) -> list[str]:
    missing = _step_5_work(f)
    if f.outcome_positive is True:
        missing.append(
            str(_("effects judged not positive (they were judged positive: phase out instead)"))
        )
    return missing


def _new_action_plan(f: CaseFacts) -> list[str]:
    missing = _not_positive(f)
    if not f.new_action_plan_recorded:
        missing.append(str(_("a new action plan for the coming two weeks")))
    return missing


def _step_6_work(f: CaseFacts) -> list[str]:
    if not f.step6_meeting_recorded:
        return [str(_("the meeting with all parents of the group"))]
    missing = []
    if not f.step6_led_by_management:
        missing.append(str(_("the meeting led by a member of the management or the IB")))
    if not f.step6_teachers_present:
        missing.append(str(_("the teacher(s) of the group present at the meeting")))
    return missing


_CONSENT_MESSAGES = {
    ConsentParty.TEACHER: _("consent of the teacher for step %(step)s"),
    ConsentParty.TEAM: _("consent of the team for step %(step)s"),
    ConsentParty.PARENTS: _("consent of the parents for step %(step)s"),
    ConsentParty.IB: _("consent of the IB for step %(step)s"),
    ConsentParty.DIRECTIE: _("consent of the management for step %(step)s"),
}


def _consents(given: Iterable[str], step: int) -> list[str]:
    given = set(given)
    return [
        message % {"step": step}
        for party, message in _CONSENT_MESSAGES.items()
        if party not in given
    ]


def _placement(f: CaseFacts) -> list[str]:
    p = f.placement
    if p is None:
        return [
            str(
                _(
                    "a temporary placement of the bully or the victim in another group or "
                    "school, with start, end and review dates"
                )
            )
        ]
    return [
        _("placement of %(name)s: %(problem)s") % {"name": p.pupil_name, "problem": problem}
        for problem in validate_placement(p.role, p.starts_on, p.ends_on, p.review_on)
    ]


def _suspension(f: CaseFacts) -> list[str]:
    s = f.suspension
    if s is None:
        return [str(_("a suspension of the bully of at most five school days"))]
    return [
        _("suspension of %(name)s: %(problem)s") % {"name": s.pupil_name, "problem": problem}
        for problem in validate_suspension(s.role, s.school_days)
    ]


def _all(*guards: Guard) -> Guard:
    def guard(f: CaseFacts) -> list[str]:
        return [item for g in guards for item in g(f)]

    return guard


def _nothing(f: CaseFacts) -> list[str]:
    return []


@dataclass(frozen=True)
class Transition:
    """One row of the table.

    `who`: the actor kinds of which the user needs at least one. `deadlines`: the kinds of
    deadline the transition sets (dates from `deadlines_for`). `skips`: the step recorded as
    skipped. `requires_reason`: a non-blank reason must be given, and kept on the timeline.
    """

    name: str
    sources: frozenset[CaseState]
    target: CaseState
    label: str
    who: frozenset[Actor]
    guard: Guard = _nothing
    deadlines: tuple[DeadlineRule, ...] = ()
    skips: CaseState | None = None
    requires_reason: bool = False


_CASE_TEAM = frozenset({Actor.CASE_TEAM})
_MANAGEMENT = frozenset({Actor.MANAGEMENT})
_S = CaseState

TRANSITIONS: tuple[Transition, ...] = (
    Transition(
        "verify_as_bullying",
        frozenset({_S.REPORTED}),
        _S.STEP_1,
        _("It is bullying: start step 1"),
        _CASE_TEAM,
        _verification,
    ),
    Transition(
        "verify_as_not_bullying",
        frozenset({_S.REPORTED}),
        _S.CLOSED,
        _("It is not bullying (teasing or aggression): close"),
        _CASE_TEAM,
        _not_bullying,
        requires_reason=True,
    ),
    Transition(
        "complete_step_1",
        frozenset({_S.STEP_1}),
        _S.STEP_2,
        _("Step 1 done: go to step 2"),
        _CASE_TEAM,
        _step_1_work,
    ),
    Transition(
        "complete_step_2",
        frozenset({_S.STEP_2}),
        _S.STEP_3,
        _("Step 2 done: inform the parents (step 3)"),
        _CASE_TEAM,
        _step_2_work,
        deadlines=(DeadlineRule.FIRST_EVALUATION,),
    ),
    Transition(
        "skip_step_3",
        frozenset({_S.STEP_2}),
        _S.STEP_4,
        _("Step 2 done: step 3 not needed, go to step 4"),
        _CASE_TEAM,
        _all(_step_2_work, _step_3_not_required),
        deadlines=(DeadlineRule.FIRST_EVALUATION,),
        skips=_S.STEP_3,
    ),
    Transition(
        "complete_step_3",
        frozenset({_S.STEP_3}),
        _S.STEP_4,
        _("Parents informed: go to step 4"),
        _CASE_TEAM,
        _step_3_work,
        deadlines=(DeadlineRule.PARENT_FOLLOWUP,),
    ),
    Transition(
        "complete_step_4",
        frozenset({_S.STEP_4}),
        _S.STEP_5,
        _("Evaluation done: go to step 5"),
        _CASE_TEAM,
        _step_4_work,
        deadlines=(DeadlineRule.NEXT_CONVERSATION,),
    ),
    Transition(
        "phase_out",
        frozenset({_S.STEP_5}),
        _S.PHASING_OUT,
        _("Effects positive: phase out"),
        _CASE_TEAM,
        _phase_out,
        deadlines=(DeadlineRule.PHASING_OUT_REVIEW,),
    ),
    Transition(
        "new_action_plan",
        frozenset({_S.STEP_5}),
        _S.STEP_5,
        _("Effects not positive: new action plan for two weeks"),
        _CASE_TEAM,
        _new_action_plan,
        deadlines=(DeadlineRule.NEXT_CONVERSATION,),
    ),
    Transition(
        "escalate_to_step_6",
        frozenset({_S.STEP_5}),
        _S.STEP_6,
        _("Escalate: meeting with all parents of the group (step 6)"),
        _MANAGEMENT,
        _not_positive,
    ),
    Transition(
        "follow_up_after_step_6",
        frozenset({_S.STEP_6}),
        _S.STEP_5,
        _("Meeting held: back to the follow-up conversations (step 5)"),
        _MANAGEMENT,
        _step_6_work,
        deadlines=(DeadlineRule.NEXT_CONVERSATION,),
    ),
    Transition(
        "place_elsewhere",
        frozenset({_S.STEP_6}),
        _S.STEP_7,
        _("Place a pupil temporarily elsewhere (step 7)"),
        _MANAGEMENT,
        _all(_step_6_work, lambda f: _consents(f.step7_consents, 7), _placement),
        deadlines=(DeadlineRule.PLACEMENT_REVIEW,),
    ),
    Transition(
        "suspend",
        frozenset({_S.STEP_7}),
        _S.STEP_8,
        _("Suspend the bully (step 8)"),
        _MANAGEMENT,
        _all(lambda f: _consents(f.step8_consents, 8), _suspension),
    ),
    Transition(
        "suspend_without_placement",
        frozenset({_S.STEP_6}),
        _S.STEP_8,
        _("Suspend the bully without a placement elsewhere (step 8)"),
        _MANAGEMENT,
        _all(_step_6_work, lambda f: _consents(f.step8_consents, 8), _suspension),
        skips=_S.STEP_7,
    ),
    Transition(
        "suspend_again",
        frozenset({_S.STEP_8}),
        _S.STEP_8,
        _("Suspend again (step 8)"),
        _MANAGEMENT,
        _all(lambda f: _consents(f.step8_consents, 8), _suspension),
    ),
    Transition(
        "follow_up_after_measure",
        frozenset({_S.STEP_7, _S.STEP_8}),
        _S.STEP_5,
        _("Back to the follow-up conversations (step 5)"),
        _MANAGEMENT,
        deadlines=(DeadlineRule.NEXT_CONVERSATION,),
    ),
    Transition(
        "resume_from_phasing_out",
        frozenset({_S.PHASING_OUT}),
        _S.STEP_5,
        _("Bullying returns: back to step 5"),
        _CASE_TEAM,
        deadlines=(DeadlineRule.NEXT_CONVERSATION,),
        requires_reason=True,
    ),
    Transition(
        "close_after_phasing_out",
        frozenset({_S.PHASING_OUT}),
        _S.CLOSED,
        _("Phasing out done: close the case"),
        _CASE_TEAM,
        requires_reason=True,
    ),
    Transition(
        "close_early",
        OPEN_STATES - {_S.PHASING_OUT},
        _S.CLOSED,
        _("Close the case early"),
        _MANAGEMENT,
        requires_reason=True,
    ),
    Transition(
        "reopen",
        frozenset({_S.CLOSED}),
        _S.STEP_1,
        _("Reopen the case (step 1)"),
        frozenset({Actor.CASE_TEAM, Actor.MANAGEMENT}),
        _verification,
        requires_reason=True,
    ),
)

_BY_NAME = {t.name: t for t in TRANSITIONS}
assert len(_BY_NAME) == len(TRANSITIONS), "transition names must be unique"


def get_transition(name: str) -> Transition:
    """The transition called `name`; KeyError when there is none."""
    return _BY_NAME[name]


def transitions_from(state: CaseState) -> list[Transition]:
    return [t for t in TRANSITIONS if state in t.sources]


def missing_for(transition: Transition, facts: CaseFacts) -> list[str]:
    """What the case still needs before `transition` may fire (a reason not included)."""
    return transition.guard(facts)


def who_label(who: frozenset[Actor]) -> str:
    if who == _CASE_TEAM:
        return str(_("the teacher of this case or the IB"))
    if who == _MANAGEMENT:
        return str(_("the management or the IB"))
    return str(_("the teacher of this case, the IB or the management"))


@dataclass(frozen=True)
class Decision:
    transition: Transition | None
    refusal: Refusal | None = None
    missing: tuple[str, ...] = ()
    message: str = ""

    @property
    def allowed(self) -> bool:
        return self.refusal is None

    def __bool__(self) -> bool:
        return self.allowed


def check(
    transition_name: str,
    state: CaseState,
    facts: CaseFacts,
    actor_kinds: Iterable[Actor],
    *,
    reason: str = "",
) -> Decision:
    """May a user with `actor_kinds` fire `transition_name` on a case in `state`?

    The refusal names the first problem of: no such transition from this state, not for
    this role, what is still missing (including a reason where one is required).
    """
    return _decide(transition_name, state, facts, set(actor_kinds), reason, check_reason=True)


def decisions_from(
    state: CaseState, facts: CaseFacts, actor_kinds: Iterable[Actor]
) -> list[Decision]:
    """A decision for every transition from `state`, for the buttons of the case's workspace.

    The reason is asked for on the form behind the button, so it is not checked here.
    """
    actor_kinds = set(actor_kinds)
    return [
        _decide(t.name, state, facts, actor_kinds, "", check_reason=False)
        for t in transitions_from(state)
    ]


def _decide(
    transition_name: str,
    state: CaseState,
    facts: CaseFacts,
    actor_kinds: set[Actor],
    reason: str,
    *,
    check_reason: bool,
) -> Decision:
    transition = _BY_NAME.get(transition_name)
    if transition is None:
        return Decision(
            None,
            Refusal.ILLEGAL,
            message=_("There is no action “%(name)s”.") % {"name": transition_name},
        )
    if state not in transition.sources:
        return Decision(
            transition,
            Refusal.ILLEGAL,
            message=_("“%(transition)s” is not possible now: the case is at “%(state)s”.")
            % {"transition": transition.label, "state": CaseState(state).label},
        )
    if not transition.who & actor_kinds:
        return Decision(
            transition,
            Refusal.NOT_ALLOWED,
            message=_("Only %(who)s may do “%(transition)s”.")
            % {"who": who_label(transition.who), "transition": transition.label},
        )
    missing = missing_for(transition, facts)
    if check_reason and transition.requires_reason and not reason.strip():
        missing.append(str(_("a reason")))
    if missing:
        return Decision(
            transition,
            Refusal.INCOMPLETE,
            tuple(missing),
            _("“%(transition)s” cannot be done yet. Still needed: %(missing)s.")
            % {"transition": transition.label, "missing": "; ".join(missing)},
        )
    return Decision(transition)


@dataclass(frozen=True)
class NextStep:
    transition: Transition
    missing: list[str]

    @property
    def heading(self) -> str:
        return _("Still needed for %(step)s") % {"step": self.transition.target.label}


_MAIN_NEXT: dict[CaseState, str] = {
    _S.STEP_1: "complete_step_1",
    _S.STEP_3: "complete_step_3",
    _S.STEP_4: "complete_step_4",
    _S.STEP_6: "follow_up_after_step_6",
}


def next_step_requirements(state: CaseState, facts: CaseFacts) -> NextStep | None:
    """The way forward a teacher would normally take from `state` and what it still needs,
    for the workspace's "nog nodig voor stap 2: …". None where the way forward is a
    decision rather than a checklist (steps 7 and 8, phasing out, closed)."""
    if state == _S.REPORTED:
        name = (
            "verify_as_not_bullying" if facts.classified_as_not_bullying else "verify_as_bullying"
        )
    elif state == _S.STEP_2:
        name = "complete_step_2" if step_3_required(facts) else "skip_step_3"
    elif state == _S.STEP_5:
        name = "new_action_plan" if facts.outcome_positive is False else "phase_out"
    elif state in _MAIN_NEXT:
        name = _MAIN_NEXT[state]
    else:
        return None
    transition = _BY_NAME[name]
    return NextStep(transition, missing_for(transition, facts))


def deadlines_for(
    transition: Transition, facts: CaseFacts, *, calendar: SchoolCalendar, today: date
) -> dict[DeadlineRule, date]:
    """The deadlines `transition` sets when it fires on `today` (the Amsterdam date).

    Anchors: the first evaluation counts from the agreements; the parent follow-up from the
    first evaluation's due date; the two-week conversation from the latest conversation with
    the pupils in the current state; the placement review is the recorded review date; the
    phasing-out review counts from today. A missing anchor falls back to `today`.
    """
    due: dict[DeadlineRule, date] = {}
    for rule in transition.deadlines:
        if rule == DeadlineRule.FIRST_EVALUATION:
            due[rule] = calendar.first_evaluation_due(facts.agreements_made_on or today)
        elif rule == DeadlineRule.PARENT_FOLLOWUP:
            evaluation = calendar.first_evaluation_due(facts.agreements_made_on or today)
            due[rule] = calendar.parent_followup_due(evaluation)
        elif rule == DeadlineRule.NEXT_CONVERSATION:
            due[rule] = calendar.two_week_due(facts.last_conversation_on or today)
        elif rule == DeadlineRule.PLACEMENT_REVIEW:
            review_on = facts.placement.review_on if facts.placement else today
            due[rule] = calendar.next_school_day(review_on)
        elif rule == DeadlineRule.PHASING_OUT_REVIEW:
            due[rule] = calendar.two_week_due(today)
        else:  # pragma: no cover - REGISTRATION is set when an incident is reported
            raise ValueError(f"{rule} is not set by a transition")
    return due


class StepProgress(NamedTuple):
    """(step, status) for the progress bar of the eight steps."""

    step: CaseState
    status: StepStatus

    @property
    def number(self) -> int:
        return STEPS.index(self.step) + 1


def progress(
    state: CaseState,
    skipped: Iterable[CaseState] = (),
    visited: Iterable[CaseState] = (),
) -> list[StepProgress]:
    """The status of each of the eight steps.

    `skipped`: the steps recorded as skipped; `visited`: the states the case entered. Both
    since the case last entered step 1 (a reopened case starts a new round).
    """
    skipped = set(skipped)
    visited = set(visited)
    state = CaseState(state)
    current = step_number(state)
    result = []
    for number, step in enumerate(STEPS, start=1):
        if step == state:
            status = StepStatus.CURRENT
        elif step in skipped:
            status = StepStatus.SKIPPED
        elif step in visited:
            status = StepStatus.DONE
        elif current is not None:
            # Every step before the current one lies on the only way to it.
            status = StepStatus.DONE if number < current else StepStatus.TODO
        elif state == _S.PHASING_OUT:
            status = StepStatus.DONE if number <= 5 else StepStatus.NOT_NEEDED
        elif state == _S.CLOSED:
            status = StepStatus.NOT_NEEDED
        else:  # reported
            status = StepStatus.TODO
        result.append(StepProgress(step, status))
    return result
