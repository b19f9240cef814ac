"""Two people working on one case: the second save is refused, nothing is overwritten.

The version check is tested on every database. Against PostgreSQL (DATABASE_URL) two threads
also race for real: the first holds the case's row lock while the second waits for it.
"""

import threading
from datetime import timedelta

import pytest
from django.db import connection, transaction

from cases.models import AgreementOutcome, Conversation, ConversationKind
from cases.stappenplan.services.agreements import agreement_evaluate, agreement_record
from cases.stappenplan.services.assessment import case_update_assessment
from cases.stappenplan.services.base import ConcurrentEdit, TransitionRefused
from cases.stappenplan.services.conversations import conversation_record, conversation_update
from cases.stappenplan.services.transition import case_transition
from cases.tests.case_steps import do_step_1_work, today
from protocol.stappenplan import CaseState, Refusal

pytestmark = pytest.mark.usefixtures("english")

ON_POSTGRES = connection.vendor == "postgresql"


def record_conversation(case, user) -> Conversation:
    return conversation_record(
        case=case,
        user=user,
        kind=ConversationKind.CLASS,
        held_on=today(),
        notes="Klassengesprek over veiligheid.",
    )


@pytest.mark.django_db
def test_the_second_of_two_updates_from_the_same_version_is_refused(case, teacher, ib, clock):
    conversation = record_conversation(case, teacher)
    first_copy = Conversation.objects.get(pk=conversation.pk)
    second_copy = Conversation.objects.get(pk=conversation.pk)

    clock.shift(timedelta(minutes=5))
    conversation_update(
        record=first_copy,
        user=ib,
        expected_version=first_copy.version,
        notes="Aangevuld door de IB.",
    )
    with pytest.raises(ConcurrentEdit) as raised:
        conversation_update(
            record=second_copy,
            user=teacher,
            expected_version=second_copy.version,
            notes="Aangevuld door de juf.",
        )

    assert raised.value.changed_by == ib
    assert raised.value.message.startswith("Carla Gebruiker")
    assert "02-11-2026 10:35" in raised.value.message
    conversation.refresh_from_db()
    assert conversation.notes == "Aangevuld door de IB."
    assert conversation.version == 2
    assert conversation.updated_by == ib


@pytest.mark.django_db
def test_a_refused_update_names_the_author_when_nobody_changed_it_since(case, teacher, ib):
    conversation = record_conversation(case, teacher)

    with pytest.raises(ConcurrentEdit) as raised:
        conversation_update(record=conversation, user=ib, expected_version=0, notes="Oud")

    assert raised.value.changed_by == teacher


@pytest.mark.django_db
def test_an_evaluation_of_an_agreement_changed_meanwhile_is_refused(case, teacher, ib):
    agreement = agreement_record(
        case=case, user=teacher, pupil=None, text="Niemand wordt buitengesloten.", made_on=today()
    )
    seen = agreement.version
    agreement_evaluate(
        agreement=agreement,
        user=ib,
        expected_version=seen,
        outcome=AgreementOutcome.KEPT,
        evaluated_on=today(),
    )

    with pytest.raises(ConcurrentEdit):
        agreement_evaluate(
            agreement=agreement,
            user=teacher,
            expected_version=seen,
            outcome=AgreementOutcome.NOT_KEPT,
            evaluated_on=today(),
        )
    agreement.refresh_from_db()
    assert agreement.outcome == AgreementOutcome.KEPT


@pytest.mark.django_db
def test_two_assessments_from_the_same_version_do_not_overwrite_each_other(case, teacher, ib):
    seen = case.version
    case_update_assessment(case=case, user=ib, expected_version=seen, analysis="Analyse van IB")

    with pytest.raises(ConcurrentEdit) as raised:
        case_update_assessment(
            case=case, user=teacher, expected_version=seen, analysis="Analyse van de juf"
        )

    assert raised.value.changed_by == ib
    case.refresh_from_db()
    assert case.analysis == "Analyse van IB"


@pytest.mark.skipif(not ON_POSTGRES, reason="needs PostgreSQL row locks (DATABASE_URL)")
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_transitions_do_not_both_succeed(case, teacher, ib):
    do_step_1_work(case, teacher)
    first_holds_the_lock = threading.Event()
    release_first = threading.Event()
    second_done = threading.Event()
    outcome: dict[str, object] = {}

    def first() -> None:
        try:
            with transaction.atomic():
                case_transition(case=case, name="complete_step_1", user=teacher)
                first_holds_the_lock.set()
                release_first.wait(timeout=10)
            outcome["first"] = "done"
        except Exception as error:  # pragma: no cover - reported by the assertion below
            outcome["first"] = error
        finally:
            connection.close()

    def second() -> None:
        first_holds_the_lock.wait(timeout=10)
        try:
            case_transition(case=case, name="complete_step_1", user=ib)
            outcome["second"] = "done"
        except Exception as error:
            outcome["second"] = error
        finally:
            second_done.set()
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    assert first_holds_the_lock.wait(timeout=10)
    # The second waits for the first's lock on the case row instead of reading step 1.
    assert not second_done.wait(timeout=1)
    release_first.set()
    for thread in threads:
        thread.join(timeout=10)

    assert outcome["first"] == "done"
    assert isinstance(outcome["second"], TransitionRefused)
    assert outcome["second"].decision.refusal == Refusal.ILLEGAL
    case.refresh_from_db()
    assert case.state == CaseState.STEP_2
    assert case.transitions.filter(name="complete_step_1").count() == 1


@pytest.mark.skipif(not ON_POSTGRES, reason="needs PostgreSQL row locks (DATABASE_URL)")
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_updates_from_the_same_version_do_not_both_succeed(case, teacher, ib):
    conversation = record_conversation(case, teacher)
    seen = conversation.version
    results: list[object] = []
    start = threading.Barrier(2)

    def update(user, notes) -> None:
        try:
            start.wait(timeout=10)
            conversation_update(record=conversation, user=user, expected_version=seen, notes=notes)
            results.append("done")
        except Exception as error:
            results.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=update, args=(teacher, "Versie van de juf")),
        threading.Thread(target=update, args=(ib, "Versie van de IB")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)

    assert results.count("done") == 1
    assert sum(isinstance(r, ConcurrentEdit) for r in results) == 1
    conversation.refresh_from_db()
    assert conversation.version == seen + 1
