"""What has been recorded on a case, as the plain facts the stappenplan's guards read.

Work recorded for a step counts only when it was recorded since the case last entered its
current step (its "stage": the latest step change, kept on every record), so that a new round
needs new work. Facts about the case as a whole — who reported, the severity judgement, the
agreements — look at the whole case. See `protocol.stappenplan` for the guards themselves.

`case_facts` makes the same number of queries however much was recorded.
"""

from collections import Counter
from dataclasses import dataclass

from django.utils import timezone

from accounts.models import Role
from cases.models import (
    ActionPlan,
    Agreement,
    AgreementOutcome,
    Case,
    Classification,
    Consent,
    Conversation,
    ConversationKind,
    Involvement,
    ParentContact,
    ParentMeeting,
    Placement,
    Pupil,
    ReporterKind,
    SchoolGroup,
    Suspension,
    TeamNotice,
)
from protocol.stappenplan import (
    BULLY,
    VICTIM,
    CaseFacts,
    CaseState,
    PlacementFacts,
    SuspensionFacts,
)

# Conversations with the pupils themselves, as opposed to the class, the parents or the team.
PUPIL_CONVERSATIONS = (
    ConversationKind.SEPARATE,
    ConversationKind.JOINT,
    ConversationKind.FOLLOW_UP,
)
# "Meerdere kinderen uit de groep": more pupils of one group than the bully and the victim.
SEVERAL_PUPILS = 3
# Partly kept is not kept: the protocol's question is whether keeping the agreements worked.
NOT_KEPT = (AgreementOutcome.NOT_KEPT, AgreementOutcome.PARTLY)
_AGREEMENT_LABEL_LENGTH = 60


@dataclass(frozen=True)
class CasePupil:
    pupil: Pupil
    roles: frozenset[str]

    @property
    def role(self) -> str:
        """The role that matters for the measures of steps 7 and 8."""
        for role in (BULLY, VICTIM):
            if role in self.roles:
                return role
        return min(self.roles, default="")


def case_pupils(case: Case) -> dict[int, CasePupil]:
    """The pupils of a case and their roles, from the involvements of its incidents (1 query)."""
    roles: dict[int, set[str]] = {}
    pupils: dict[int, Pupil] = {}
    involvements = (
        Involvement.objects.filter(incident__case=case)
        .select_related("pupil")
        .order_by("pupil__last_name", "pupil__first_name", "pupil_id")
    )
    for involvement in involvements:
        pupils[involvement.pupil_id] = involvement.pupil
        roles.setdefault(involvement.pupil_id, set()).add(involvement.role)
    return {pk: CasePupil(pupils[pk], frozenset(roles[pk])) for pk in pupils}


def current_stage_id(case: Case) -> int | None:
    """The step change by which the case entered its current step (1 query)."""
    return case.transitions.order_by("-pk").values_list("pk", flat=True).first()


def case_team_user_ids(case: Case) -> set[int]:
    """The teachers assigned to the case and those of the groups of its pupils (1 query).

    A UNION of two plain joins. One join with an OR over both paths multiplies every assigned
    teacher by every involvement of every pupil they teach: seconds on a school year's data.
    """
    assigned = Case.teachers.through.objects.filter(case=case).values_list("user_id", flat=True)
    of_the_pupils = SchoolGroup.teachers.through.objects.filter(
        schoolgroup__pupils__involvements__incident__case=case
    ).values_list("user_id", flat=True)
    return set(assigned.union(of_the_pupils))


def agreement_label(text: str, pupil: Pupil | None) -> str:
    text = " ".join(text.split())
    if len(text) > _AGREEMENT_LABEL_LENGTH:
        text = text[: _AGREEMENT_LABEL_LENGTH - 1].rstrip() + "…"
    return f"{text} ({pupil.full_name})" if pupil else text


def case_facts(case: Case) -> CaseFacts:
    """What has been recorded on `case`, as the facts the stappenplan's guards read."""
    # The step change by which the case entered its current step, and when (1 query).
    stage, entered = case.transitions.order_by("-pk").values_list("pk", "at").first() or (
        None,
        None,
    )
    in_stage = {"case": case, "stage_id": stage}
    incidents = list(case.incidents.values_list("reporter_kind", "verified_classification"))
    pupils = case_pupils(case)
    return CaseFacts(
        **_report_facts(incidents, pupils),
        # The case team's own judgements.
        has_analysis=bool(case.analysis.strip()),
        severity_judged=case.judged_serious is not None,
        judged_serious=bool(case.judged_serious),
        outcome_positive=case.step5_outcome_positive,
        days_in_step=(
            (timezone.localdate() - timezone.localdate(entered)).days if entered else None
        ),
        **_conversation_facts(case, in_stage, pupils),
        **_agreement_facts(case, stage),
        **_plan_facts(in_stage),
        **_step_6_facts(case, stage, in_stage),
        **_measure_facts(in_stage, pupils),
    )


def _report_facts(incidents: list[tuple[str, str]], pupils: dict[int, CasePupil]) -> dict:
    """The verification of the reports and who is involved."""
    per_group = Counter(p.pupil.group_id for p in pupils.values() if p.pupil.group_id)
    return {
        "classified_as_bullying": any(c == Classification.BULLYING for _, c in incidents),
        "classified_as_not_bullying": any(
            c in (Classification.TEASING, Classification.AGGRESSION) for _, c in incidents
        ),
        "bully_count": sum(1 for p in pupils.values() if BULLY in p.roles),
        "victim_count": sum(1 for p in pupils.values() if VICTIM in p.roles),
        "several_pupils_of_group_involved": any(n >= SEVERAL_PUPILS for n in per_group.values()),
        "parents_reported": any(kind == ReporterKind.PARENT for kind, _ in incidents),
    }


def _conversation_facts(case: Case, in_stage: dict, pupils: dict[int, CasePupil]) -> dict:
    """The conversations of the current step (1 query)."""
    conversations = list(
        Conversation.objects.filter(**in_stage).values_list(
            "kind", "held_on", "reported_to_ib", "pupils"
        )
    )
    talked_to_separately = {
        pupil_id for kind, _, _, pupil_id in conversations if kind == ConversationKind.SEPARATE
    }
    kinds = {kind for kind, _, _, _ in conversations}
    pupil_talks_on = [
        held_on for kind, held_on, _, _ in conversations if kind in PUPIL_CONVERSATIONS
    ]
    return {
        "bullies_without_separate_talk": tuple(
            p.pupil.full_name
            for pk, p in pupils.items()
            if BULLY in p.roles and pk not in talked_to_separately
        ),
        "victims_without_separate_talk": tuple(
            p.pupil.full_name
            for pk, p in pupils.items()
            if VICTIM in p.roles and pk not in talked_to_separately
        ),
        "has_joint_conversation": ConversationKind.JOINT in kinds,
        "class_conversation_recorded_or_waived": (
            ConversationKind.CLASS in kinds or bool(case.class_conversation_waived_reason.strip())
        ),
        "step4_conversation": bool(pupil_talks_on),
        "reported_to_ib": any(reported for _, _, reported, _ in conversations),
        "step5_conversation": bool(pupil_talks_on),
        "last_conversation_on": max(pupil_talks_on, default=None),
    }


def _agreement_facts(case: Case, stage: int | None) -> dict:
    """The agreements in force, over the whole case (1 query)."""
    agreements = list(
        Agreement.objects.filter(case=case, is_active=True).select_related("pupil").order_by("pk")
    )
    return {
        "agreement_count": len(agreements),
        "agreements_made_on": max((a.made_on for a in agreements), default=None),
        # Agreements made or adjusted during this step are evaluated at the next conversation.
        "unevaluated_agreements": tuple(
            agreement_label(a.text, a.pupil)
            for a in agreements
            if not a.outcome and (a.stage_id != stage or stage is None)
        ),
        "any_agreement_not_kept": any(a.outcome in NOT_KEPT for a in agreements),
    }


def _plan_facts(in_stage: dict) -> dict:
    """The parents and the team informed, and the action plans, of the current step
    (3 queries)."""
    parent_contacts = list(
        ParentContact.objects.filter(**in_stage).values_list("about_action_plan")
    )
    team_notices = list(TeamNotice.objects.filter(**in_stage).values_list("about_action_plan"))
    plans = list(ActionPlan.objects.filter(**in_stage).values_list("analysis", "made_with_ib_id"))
    return {
        "team_informed": bool(team_notices),
        "parent_contact_recorded": bool(parent_contacts),
        "has_analysis_of_failure": any(analysis.strip() for analysis, _ in plans),
        "action_plan_with_ib_for_two_weeks": any(ib is not None for _, ib in plans),
        "team_informed_of_plan": any(about for (about,) in team_notices),
        "parents_informed_of_plan": any(about for (about,) in parent_contacts),
        "new_action_plan_recorded": bool(plans),
    }


def _step_6_facts(case: Case, stage: int | None, in_stage: dict) -> dict:
    """The meeting with all parents of the group in the current step (3 queries)."""
    meeting_leaders = list(
        ParentMeeting.objects.filter(**in_stage).values_list("pk", "led_by__groups__name")
    )
    present = set(
        ParentMeeting.teachers_present.through.objects.filter(
            parentmeeting__case=case, parentmeeting__stage_id=stage
        ).values_list("user_id", flat=True)
    )
    team = case_team_user_ids(case)
    return {
        "step6_meeting_recorded": bool(meeting_leaders),
        "step6_led_by_management": any(
            role in (Role.DIRECTIE, Role.IB) for _, role in meeting_leaders
        ),
        "step6_teachers_present": bool(present & team),
    }


def _measure_facts(in_stage: dict, pupils: dict[int, CasePupil]) -> dict:
    """The consents and the latest placement and suspension of the current step (3 queries)."""
    consents = list(Consent.objects.filter(**in_stage).values_list("step", "party"))
    placement = Placement.objects.filter(**in_stage).select_related("pupil").order_by("-pk").first()
    suspension = (
        Suspension.objects.filter(**in_stage).select_related("pupil").order_by("-pk").first()
    )

    def role_of(pupil_id: int) -> str:
        return pupils[pupil_id].role if pupil_id in pupils else ""

    return {
        "step7_consents": frozenset(party for step, party in consents if step == CaseState.STEP_7),
        "placement": (
            PlacementFacts(
                pupil_name=placement.pupil.full_name,
                role=role_of(placement.pupil_id),
                starts_on=placement.start_date,
                ends_on=placement.end_date,
                review_on=placement.review_on,
            )
            if placement
            else None
        ),
        "step8_consents": frozenset(party for step, party in consents if step == CaseState.STEP_8),
        "suspension": (
            SuspensionFacts(
                pupil_name=suspension.pupil.full_name,
                role=role_of(suspension.pupil_id),
                school_days=suspension.school_days,
            )
            if suspension
            else None
        ),
    }
