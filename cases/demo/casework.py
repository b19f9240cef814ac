"""A handful of demo cases in different steps of the stappenplan, made through the services as
a teacher would, and two reports verified as teasing or aggression with their follow-up.

The services date step changes and deadlines by today's clock. Each case is worked as on one
day in the recent past (its conversations and agreements carry that date), and its step
changes and deadlines are then moved back to that day as well, so the timeline reads as it
happened; the case waiting longest for its first evaluation is overdue.
"""

import datetime
from dataclasses import dataclass

from django.db.models import F
from django.utils import timezone

from accounts.models import User
from cases.incidents.verification import incident_verify
from cases.models import (
    AgreementOutcome,
    Case,
    CaseTransition,
    Classification,
    ContactChannel,
    ConversationKind,
    Incident,
    InvolvementRole,
    Pupil,
    ReporterKind,
    School,
)
from cases.stappenplan.services import (
    agreement_evaluate,
    agreement_record,
    case_transition,
    case_update_assessment,
    conversation_record,
    parent_contact_record,
    team_notice_record,
)
from cases.visibility.history import update_with_history
from protocol.stappenplan import CaseState


@dataclass(frozen=True)
class DemoCase:
    teacher: str  # username of the demo teacher who works the case
    group: str
    days_ago: int  # the day the work was done
    reach: CaseState


# The case of groep 5 at step 4 has waited ten days for its first evaluation: overdue.
DEMO_CASES = [
    DemoCase("leerkracht", "groep 5", 10, CaseState.STEP_4),
    DemoCase("leerkracht", "groep 5", 3, CaseState.STEP_2),
    DemoCase("leerkracht2", "groep 7", 6, CaseState.STEP_5),
    DemoCase("leerkracht2", "groep 7", 1, CaseState.STEP_1),
]
EVALUATION_WAIT = datetime.timedelta(days=7)
TEASING_NOTES = [
    "Met beiden gepraat; het was over en weer en ze hebben het samen uitgepraat.",
    "Kort gesprek in de klas; de grap is gestopt. Over een week vraag ik of het zo blijft.",
]


def _weekday(day: datetime.date) -> datetime.date:
    """The day itself, or the Friday before when it falls in a weekend."""
    return day - datetime.timedelta(days=max(0, day.weekday() - 4))


def _unverified(school: School, group: str, classification: str) -> list[Incident]:
    return list(
        Incident.objects.filter(
            verified_at__isnull=True,
            classification=classification,
            involvements__pupil__school=school,
            involvements__pupil__group__name=group,
        )
        .distinct()
        .order_by("-occurred_on", "-pk")
    )


def _pupils(incident: Incident, role: str) -> list[Pupil]:
    return [i.pupil for i in incident.involvements.select_related("pupil") if i.role == role]


def create_cases(school: School, users: dict[str, User]) -> int:
    """The demo cases; returns how many were opened."""
    today = timezone.localdate()
    opened = 0
    for demo in DEMO_CASES:
        day = _weekday(today - datetime.timedelta(days=demo.days_ago))
        candidates = [
            i
            for i in _unverified(school, demo.group, Classification.BULLYING)
            if i.occurred_on < day - EVALUATION_WAIT
        ]
        if not candidates:
            continue
        case = _work(candidates[0], users[demo.teacher], day, demo.reach)
        _move_back(case, days=(today - day).days)
        opened += 1
    not_bullying = (
        Incident.objects.filter(
            verified_at__isnull=True,
            classification__in=[Classification.TEASING, Classification.AGGRESSION],
            involvements__pupil__school=school,
        )
        .distinct()
        .select_related("registered_by")
        .order_by("-occurred_on", "-pk")
    )
    for incident, note in zip(not_bullying, TEASING_NOTES, strict=False):
        incident_verify(
            incident=incident,
            user=incident.registered_by,
            classification=incident.classification,
            note=note,
        )
    return opened


def _work(incident: Incident, teacher: User, day: datetime.date, reach: CaseState) -> Case:
    case = incident_verify(
        incident=incident,
        user=teacher,
        classification=Classification.BULLYING,
        note="Het gebeurt al een paar weken; de gepeste durft niet meer alleen naar buiten.",
    )
    bullies = _pupils(incident, InvolvementRole.BULLY)
    victims = _pupils(incident, InvolvementRole.VICTIM)
    # A case that got to its evaluation made its agreements a week before.
    early = _weekday(day - EVALUATION_WAIT) if reach == CaseState.STEP_5 else day
    steps = [CaseState.STEP_1, CaseState.STEP_2, CaseState.STEP_4, CaseState.STEP_5]
    for step in steps[1 : steps.index(reach) + 1]:
        case.refresh_from_db()
        if step == CaseState.STEP_2:
            _step_1(case, teacher, early, bullies + victims)
        elif step == CaseState.STEP_4:
            _step_2(case, teacher, early, bullies, victims, parents=incident.reporter_kind)
        else:
            _step_4(
                case,
                teacher,
                day,
                bullies + victims,
                victim=victims[0],
                parents=incident.reporter_kind,
            )
    case.refresh_from_db()
    return case


def _talk(case: Case, teacher: User, day: datetime.date, kind: str, pupils, notes: str) -> None:
    conversation_record(case=case, user=teacher, kind=kind, held_on=day, pupils=pupils, notes=notes)


def _step_1(case: Case, teacher: User, day: datetime.date, pupils: list[Pupil]) -> None:
    for pupil in pupils:
        _talk(
            case,
            teacher,
            day,
            ConversationKind.SEPARATE,
            [pupil],
            f"Apart gesproken met {pupil.first_name}: wat er gebeurde en hoe het voelt.",
        )
    case_update_assessment(
        case=case,
        user=teacher,
        expected_version=case.version,
        analysis="Het speelt vooral in de pauzes, als er weinig toezicht is.",
        judged_serious=False,
    )
    team_notice_record(
        case=case, user=teacher, informed_on=day, note="Extra toezicht op het plein gevraagd."
    )
    case_transition(case=case, name="complete_step_1", user=teacher)


def _step_2(case, teacher, day, bullies, victims, *, parents: str) -> None:
    _talk(
        case,
        teacher,
        day,
        ConversationKind.JOINT,
        bullies + victims,
        "Samen afspraken gemaakt over de pauzes.",
    )
    _talk(
        case,
        teacher,
        day,
        ConversationKind.CLASS,
        [],
        "Klassengesprek over samen spelen en wat je doet als je pesten ziet.",
    )
    for pupil in bullies:
        text = "Ik laat mijn klasgenoot met rust en zoek een ander spel."
        agreement_record(case=case, user=teacher, pupil=pupil, text=text, made_on=day)
    for pupil in victims:
        text = "Ik zeg het meteen tegen de juf of meester als het weer gebeurt."
        agreement_record(case=case, user=teacher, pupil=pupil, text=text, made_on=day)
    if parents != ReporterKind.PARENT:
        case_transition(case=case, name="skip_step_3", user=teacher)
        return
    case_transition(case=case, name="complete_step_2", user=teacher)
    parent_contact_record(
        case=case,
        user=teacher,
        pupil=victims[0],
        contacted_on=day,
        channel=ContactChannel.PHONE,
        summary="Afspraken doorgenomen; na de eerste evaluatie bellen we weer.",
    )
    case_transition(case=case, name="complete_step_3", user=teacher)


def _step_4(case, teacher, day, pupils, *, victim: Pupil, parents: str) -> None:
    _talk(case, teacher, day, ConversationKind.JOINT, pupils, "Evaluatie: de afspraken werken.")
    for agreement in case.agreements.filter(is_active=True, outcome=""):
        agreement_evaluate(
            agreement=agreement,
            user=teacher,
            expected_version=agreement.version,
            outcome=AgreementOutcome.KEPT,
            evaluated_on=day,
            note="Nagekomen, volgens beide kinderen.",
        )
    if parents == ReporterKind.PARENT:
        parent_contact_record(
            case=case,
            user=teacher,
            pupil=victim,
            contacted_on=day,
            channel=ContactChannel.PHONE,
            summary="Ouders gebeld na de evaluatie: het gaat beter.",
        )
    case_transition(case=case, name="complete_step_4", user=teacher)


def _move_back(case: Case, *, days: int) -> None:
    """Date the step changes on the day the work was done. Deadlines stay as the services set
    them: those that follow from a record's date (the first evaluation) already fit."""
    shift = datetime.timedelta(days=days)
    CaseTransition.objects.filter(case=case).update(at=F("at") - shift)
    # Incidents and cases keep a history: the backdating is recorded in it like any change.
    update_with_history(
        Incident.objects.filter(case=case), user=None, verified_at=F("verified_at") - shift
    )
    update_with_history(
        Case.objects.filter(pk=case.pk), user=None, opened_at=F("opened_at") - shift
    )
