"""What the cases layer has recorded on a case, as plain values for the guards to read."""

from dataclasses import dataclass
from datetime import date


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
    # Days since the case entered its current step (None when unknown): step 5 is the
    # conversation after two weeks, so going on earlier asks for a reason.
    days_in_step: int | None = None

    # Step 6: the meeting with all parents of the group.
    step6_meeting_recorded: bool = False
    step6_led_by_management: bool = False
    step6_teachers_present: bool = False

    # Steps 7 and 8: the consents given for each step and the measure recorded.
    step7_consents: frozenset[str] = frozenset()
    placement: PlacementFacts | None = None
    step8_consents: frozenset[str] = frozenset()
    suspension: SuspensionFacts | None = None
