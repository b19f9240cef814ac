"""A case's timeline: reports, step changes and records merged in the order they happened."""

from datetime import date, timedelta

import pytest

from cases.models import (
    ActionPlan,
    ActionPlanItem,
    Agreement,
    AgreementOutcome,
    Consent,
    ContactChannel,
    Conversation,
    ConversationKind,
    ParentContact,
    ParentMeeting,
    Placement,
    Suspension,
    TeamNotice,
)
from cases.stappenplan.selectors import case_progress
from cases.stappenplan.services.transition import case_transition
from cases.stappenplan.timeline import case_timeline
from cases.tests.case_steps import finish_step_1, finish_step_2, today
from protocol.stappenplan import StepStatus

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_the_timeline_starts_with_the_report_and_its_verification(case, teacher):
    entries = case_timeline(case)

    assert [e.kind for e in entries] == ["incident", "transition"]
    report, verification = entries
    assert report.title == "Report: Playground"
    assert "Sem Bakker (Bully)" in report.text and "Lotte van Dam (Victim)" in report.text
    assert verification.title == "It is bullying: start step 1"
    assert verification.text == "Het gebeurt al weken, elke pauze."
    assert verification.who == str(teacher)
    assert verification.date == date(2026, 11, 2)


def test_records_are_placed_on_the_day_they_happened(case, teacher, clock):
    finish_step_1(case, teacher)
    clock.shift(timedelta(days=2))
    # Entered on Wednesday, held on the Friday before.
    Conversation.objects.create(
        case=case,
        created_by=teacher,
        kind=ConversationKind.PARENTS,
        held_on=date(2026, 10, 30),
        notes="Moeder kwam langs.",
    )

    kinds_and_dates = [(e.kind, e.date) for e in case_timeline(case)]
    assert kinds_and_dates.index(("conversation", date(2026, 10, 30))) < kinds_and_dates.index(
        ("transition", date(2026, 11, 2))
    )


def test_an_evaluated_agreement_shows_twice(case, teacher):
    finish_step_1(case, teacher)
    finish_step_2(case, teacher)
    agreement = case.agreements.first()
    agreement.outcome = AgreementOutcome.NOT_KEPT
    agreement.evaluated_on = today()
    agreement.save()

    titles = [e.title for e in case_timeline(case)]
    assert titles.count("Agreement with Sem Bakker") == 1
    assert "Agreement evaluated: Not kept" in titles


def test_skipping_step_3_shows_in_the_progress(case, teacher):
    finish_step_1(case, teacher)
    finish_step_2(case, teacher)

    statuses = [p.status for p in case_progress(case)]
    assert statuses[:4] == [
        StepStatus.DONE,
        StepStatus.DONE,
        StepStatus.SKIPPED,
        StepStatus.CURRENT,
    ]


def test_a_reopened_case_shows_a_new_round_in_the_progress(case, teacher, directie):
    finish_step_1(case, teacher)
    finish_step_2(case, teacher)
    case_transition(case=case, name="close_early", user=directie, reason="Rustig")
    case_transition(case=case, name="reopen", user=teacher, reason="Terug")

    statuses = [p.status for p in case_progress(case)]
    assert statuses[0] == StepStatus.CURRENT
    assert StepStatus.SKIPPED not in statuses


def fill(case, teacher, ib, pupil, count) -> None:
    """`count` records of every kind, written straight to the database."""
    on = today()
    for n in range(count):
        conversation = Conversation.objects.create(
            case=case, created_by=teacher, kind="joint", held_on=on, notes=f"Gesprek {n}"
        )
        conversation.pupils.add(pupil)
        Agreement.objects.create(
            case=case,
            created_by=teacher,
            pupil=pupil,
            text=f"Afspraak {n}",
            made_on=on,
            outcome="kept",
            evaluated_on=on,
            updated_by=ib,
        )
        ParentContact.objects.create(
            case=case,
            created_by=teacher,
            pupil=pupil,
            contacted_on=on,
            channel=ContactChannel.EMAIL,
            summary="Mail",
        )
        TeamNotice.objects.create(case=case, created_by=teacher, informed_on=on, note="Team")
        plan = ActionPlan.objects.create(
            case=case,
            created_by=teacher,
            period_start=on,
            period_end=on,
            analysis="A",
            goals="G",
            made_with_ib=ib,
            evaluate_on=on,
        )
        ActionPlanItem.objects.create(plan=plan, track="bully", action="x", who="y", when="z")
        ActionPlanItem.objects.create(plan=plan, track="parents", action="x", who="y", when="z")
        meeting = ParentMeeting.objects.create(
            case=case, created_by=ib, held_on=on, led_by=ib, notes="Avond"
        )
        meeting.teachers_present.add(teacher, ib)
        Consent.objects.create(
            case=case,
            created_by=ib,
            step="step_7" if n % 2 else "step_8",
            party="team",
            given_by="Team",
            given_on=on - timedelta(days=n),
        )
        Placement.objects.create(
            case=case,
            created_by=ib,
            pupil=pupil,
            kind="other_group",
            destination="groep 6",
            start_date=on,
            end_date=on,
            review_on=on,
        )
        Suspension.objects.create(
            case=case,
            created_by=ib,
            pupil=pupil,
            start_date=on,
            end_date=on,
            school_days=1,
            reason="R",
            objection_procedure="B",
        )


@pytest.mark.parametrize("count", [2, 50])
def test_the_timeline_takes_the_same_number_of_queries_however_long_it_is(
    case, teacher, ib, pupil_5, count, django_assert_num_queries
):
    fill(case, teacher, ib, pupil_5, count)

    with django_assert_num_queries(15):
        entries = case_timeline(case)

    # Each record once, each evaluated agreement twice, plus the report and its verification.
    assert len(entries) == 10 * count + 2
    assert entries == sorted(entries, key=lambda e: e.date)
