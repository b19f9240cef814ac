"""Guards: what a transition still needs, read from a case's facts.

Also the rules for the measures of steps 7 and 8, which the services that record them use
too. The guards themselves (names starting with an underscore) are for the transition table
of this package only.
"""

from collections.abc import Callable, Iterable
from datetime import date

from django.utils.translation import gettext_lazy as _

from protocol.stappenplan.facts import CaseFacts
from protocol.stappenplan.states import BULLY, MAX_SUSPENSION_SCHOOL_DAYS, VICTIM, ConsentParty

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


# Step 5 is "the conversation after two weeks" (§11, step 5): what ends it sooner asks for a
# reason, kept on the timeline.
STEP_5_WAIT_DAYS = 14


def before_two_weeks(f: CaseFacts) -> bool:
    return f.days_in_step is not None and f.days_in_step < STEP_5_WAIT_DAYS
