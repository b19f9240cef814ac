"""Walk a case through the stappenplan the way a school would, through the services only.

Each `finish_step_n` records the work the protocol asks for in that step and fires the step
change; the tests leave out one piece of that work to see a guard refuse.
"""

from collections.abc import Iterable
from datetime import date, timedelta

from django.utils import timezone

from accounts.models import User
from cases.incidents.verification import incident_verify
from cases.models import (
    AgreementOutcome,
    Case,
    Classification,
    ConsentParty,
    ContactChannel,
    ConversationKind,
    Incident,
    InvolvementRole,
    Pupil,
    ReporterKind,
)
from cases.stappenplan.facts import case_pupils
from cases.stappenplan.services.action_plans import action_plan_record
from cases.stappenplan.services.agreements import agreement_evaluate, agreement_record
from cases.stappenplan.services.assessment import case_update_assessment
from cases.stappenplan.services.conversations import conversation_record
from cases.stappenplan.services.escalation import consent_record, parent_meeting_record
from cases.stappenplan.services.measures import suspension_record
from cases.stappenplan.services.parents import parent_contact_record, team_notice_record
from cases.stappenplan.services.transition import case_transition
from cases.visibility.permissions import visibility_sync
from protocol.models import Track
from tests.factories import IncidentFactory, InvolvementFactory


def bullying_incident(
    *,
    registered_by: User,
    bully: Pupil,
    victim: Pupil,
    reporter_kind: str = ReporterKind.PUPIL,
    others: Iterable[tuple[Pupil, str]] = (),
) -> Incident:
    incident = IncidentFactory(registered_by=registered_by, reporter_kind=reporter_kind)
    InvolvementFactory(incident=incident, pupil=bully, role=InvolvementRole.BULLY)
    InvolvementFactory(incident=incident, pupil=victim, role=InvolvementRole.VICTIM)
    for pupil, role in others:
        InvolvementFactory(incident=incident, pupil=pupil, role=role)
    visibility_sync(incidents=[incident])  # as incident_register does
    return incident


def open_case(incident: Incident, user: User) -> Case:
    return incident_verify(
        incident=incident,
        user=user,
        classification=Classification.BULLYING,
        note="Het gebeurt al weken, elke pauze.",
    )


def pupils_with(case: Case, role: str) -> list[Pupil]:
    return [p.pupil for p in case_pupils(case).values() if role in p.roles]


def bullies(case: Case) -> list[Pupil]:
    return pupils_with(case, InvolvementRole.BULLY)


def victims(case: Case) -> list[Pupil]:
    return pupils_with(case, InvolvementRole.VICTIM)


def today() -> date:
    return timezone.localdate()


def talk(case: Case, user: User, kind: str, pupils: Iterable[Pupil], **extra) -> None:
    conversation_record(
        case=case,
        user=user,
        kind=kind,
        held_on=extra.pop("held_on", today()),
        pupils=list(pupils),
        notes=extra.pop("notes", "Gesprek gevoerd; zie afspraken."),
        **extra,
    )


def do_step_1_work(case: Case, user: User, *, judged_serious: bool = False) -> None:
    for pupil in bullies(case) + victims(case):
        talk(case, user, ConversationKind.SEPARATE, [pupil])
    case_update_assessment(
        case=case,
        user=user,
        expected_version=case.version,
        analysis="Sem scheldt Lotte uit tijdens de pauze, drie keer deze week.",
        judged_serious=judged_serious,
    )
    team_notice_record(
        case=case, user=user, informed_on=today(), note="Extra toezicht op het plein."
    )


def finish_step_1(case: Case, user: User, *, judged_serious: bool = False) -> None:
    do_step_1_work(case, user, judged_serious=judged_serious)
    case_transition(case=case, name="complete_step_1", user=user)


def do_step_2_work(case: Case, user: User, *, made_on: date | None = None) -> None:
    talk(case, user, ConversationKind.JOINT, bullies(case) + victims(case))
    for pupil in bullies(case):
        agreement_record(
            case=case,
            user=user,
            pupil=pupil,
            text="Ik laat Lotte met rust in de pauze.",
            made_on=made_on or today(),
        )
    for pupil in victims(case):
        agreement_record(
            case=case,
            user=user,
            pupil=pupil,
            text="Ik meld het meteen bij de juf als het weer gebeurt.",
            made_on=made_on or today(),
        )


def finish_step_2(case: Case, user: User, *, made_on: date | None = None) -> None:
    """Step 2 done; on to step 3 when it is required, otherwise to step 4."""
    do_step_2_work(case, user, made_on=made_on)
    facts_need_step_3 = (
        case.judged_serious or case.incidents.filter(reporter_kind=ReporterKind.PARENT).exists()
    )
    name = "complete_step_2" if facts_need_step_3 else "skip_step_3"
    case_transition(case=case, name=name, user=user)


def finish_step_3(case: Case, user: User) -> None:
    parent_contact_record(
        case=case,
        user=user,
        pupil=victims(case)[0],
        contacted_on=today(),
        channel=ContactChannel.PHONE,
        summary="Afspraken doorgenomen; na de eerste evaluatie bellen we weer.",
    )
    case_transition(case=case, name="complete_step_3", user=user)


def evaluate_all(case: Case, user: User, outcome: str) -> None:
    for agreement in case.agreements.filter(is_active=True, outcome=""):
        agreement_evaluate(
            agreement=agreement,
            user=user,
            expected_version=agreement.version,
            outcome=outcome,
            evaluated_on=today(),
            note="Besproken in het evaluatiegesprek.",
        )


def record_action_plan(case: Case, user: User, ib: User | None) -> None:
    action_plan_record(
        case=case,
        user=user,
        period_start=today(),
        analysis="In de gymzaal is geen toezicht; daar gaat het mis.",
        goals="Lotte voelt zich weer veilig in de pauze en bij gym.",
        external_help=[],
        made_with_ib=ib,
        items=[
            {
                "track": Track.BULLY,
                "action": "Dagelijks kort gesprek",
                "who": "Juf Anna",
                "when": "elke ochtend",
            },
            {
                "track": Track.PARENTS,
                "action": "Ouders van Lotte bellen",
                "who": "IB",
                "when": "vrijdag",
            },
        ],
    )


def do_step_4_work(case: Case, user: User, *, kept: bool = True, ib: User | None = None) -> None:
    talk(case, user, ConversationKind.JOINT, bullies(case) + victims(case))
    evaluate_all(case, user, AgreementOutcome.KEPT if kept else AgreementOutcome.NOT_KEPT)
    if not kept:
        record_action_plan(case, user, ib)
        team_notice_record(
            case=case,
            user=user,
            informed_on=today(),
            note="Handelingsplan besproken in de teamvergadering.",
            about_action_plan=True,
        )
        parent_contact_record(
            case=case,
            user=user,
            pupil=victims(case)[0],
            contacted_on=today(),
            channel=ContactChannel.CONVERSATION,
            summary="Handelingsplan besproken met de ouders.",
            about_action_plan=True,
        )


def finish_step_4(case: Case, user: User, *, kept: bool = True, ib: User | None = None) -> None:
    do_step_4_work(case, user, kept=kept, ib=ib)
    case_transition(case=case, name="complete_step_4", user=user)


def do_step_5_work(case: Case, user: User, *, positive: bool) -> None:
    talk(
        case,
        user,
        ConversationKind.FOLLOW_UP,
        bullies(case) + victims(case),
        reported_to_ib=True,
        # These walks run on one day, before step 5's two weeks are over.
        early_reason="Op verzoek van de ouders eerder gesproken.",
    )
    case_update_assessment(
        case=case, user=user, expected_version=case.version, step5_outcome_positive=positive
    )


def walk_to_step_5(case: Case, user: User) -> None:
    finish_step_1(case, user)
    finish_step_2(case, user)
    finish_step_4(case, user)


def give_all_consents(case, user, step) -> None:
    for party in ConsentParty:
        consent_record(
            case=case,
            user=user,
            step=step,
            party=party,
            given_by=f"namens {party.label}",
            given_on=today(),
        )


def hold_step_6_meeting(case, user, teacher) -> None:
    parent_meeting_record(
        case=case,
        user=user,
        held_on=today(),
        led_by=user,
        teachers_present=[teacher],
        notes="Ouders geïnformeerd over het pestprobleem in de groep.",
    )


def suspend(case, user, pupil, days=2):
    start = today() + timedelta(days=7)  # Monday 9 November
    return suspension_record(
        case=case,
        user=user,
        pupil=pupil,
        start_date=start,
        end_date=start + timedelta(days=days - 1),
        reason="Aanhoudend pestgedrag ondanks alle afspraken.",
        objection_procedure="Bezwaar binnen zes weken bij het bestuur.",
    )


def escalate_to_step_6(case, teacher, ib) -> None:
    walk_to_step_5(case, teacher)
    do_step_5_work(case, teacher, positive=False)
    case_transition(case=case, name="escalate_to_step_6", user=ib)
