"""The states of a case, who may act on it, and the kinds of consent and deadline.

Plain choices and constants; see the package docstring for how the stappenplan works.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

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
