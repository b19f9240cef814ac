"""Recording and changing a conversation on a case."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cases.models import ConversationKind
from cases.stappenplan.services.conversations import conversation_record, conversation_update
from cases.stappenplan.services.transition import case_transition
from cases.tests.case_steps import today
from tests.factories import PupilFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def record(case, user, **overrides):
    fields = {
        "kind": ConversationKind.SEPARATE,
        "held_on": today(),
        "pupils": [],
        "notes": "Sem vertelt dat hij Lotte uitscheldt omdat anderen lachen.",
    }
    fields.update(overrides)
    return conversation_record(case=case, user=user, **fields)


def errors(raised) -> dict:
    return raised.value.message_dict


def test_a_separate_conversation_is_recorded_during_the_current_step(case, teacher, pupil_5):
    conversation = record(case, teacher, pupils=[pupil_5], other_participants=" IB ")

    assert list(conversation.pupils.all()) == [pupil_5]
    assert conversation.created_by == teacher
    assert conversation.other_participants == "IB"
    assert conversation.stage == case.transitions.get()
    assert conversation.version == 1


def test_a_separate_conversation_is_held_with_exactly_one_pupil(case, teacher, pupil_5, pupil_5b):
    with pytest.raises(ValidationError) as raised:
        record(case, teacher, pupils=[pupil_5, pupil_5b])
    assert "one pupil" in errors(raised)["pupils"][0]


def test_a_joint_conversation_is_held_with_at_least_two_pupils(case, teacher, pupil_5):
    with pytest.raises(ValidationError) as raised:
        record(case, teacher, kind=ConversationKind.JOINT, pupils=[pupil_5])
    assert "bully and the victim" in errors(raised)["pupils"][0]


def test_a_class_conversation_needs_no_pupils(case, teacher):
    conversation = record(case, teacher, kind=ConversationKind.CLASS)
    assert conversation.pupils.count() == 0


def test_the_pupils_must_be_involved_in_the_case(case, teacher):
    stranger = PupilFactory(first_name="Fleur", last_name="Mol")
    with pytest.raises(ValidationError) as raised:
        record(case, teacher, pupils=[stranger])
    assert errors(raised)["pupils"] == ["Fleur Mol is not involved in this case."]


def test_a_conversation_cannot_be_held_in_the_future(case, teacher, pupil_5):
    with pytest.raises(ValidationError) as raised:
        record(case, teacher, pupils=[pupil_5], held_on=today() + timedelta(days=1))
    assert errors(raised)["held_on"] == ["The date of the conversation lies in the future."]


def test_a_conversation_needs_notes_and_a_kind(case, teacher, pupil_5):
    with pytest.raises(ValidationError) as raised:
        record(case, teacher, pupils=[pupil_5], notes="   ", kind="chat", held_on=None)
    assert set(errors(raised)) == {"notes", "kind", "held_on"}
    assert case.conversations.count() == 0


def test_the_directie_may_record_a_conversation(case, directie, pupil_5):
    assert record(case, directie, pupils=[pupil_5]).created_by == directie


@pytest.mark.parametrize("who", ["other_teacher", "coordinator", "confidant"])
def test_someone_without_a_role_on_the_case_cannot_record(case, who, request, pupil_5):
    with pytest.raises(PermissionDenied):
        record(case, request.getfixturevalue(who), pupils=[pupil_5])


def test_nothing_is_recorded_on_a_closed_case(case, teacher, directie, pupil_5):
    case_transition(case=case, name="close_early", user=directie, reason="Verhuisd.")
    with pytest.raises(ValidationError, match="closed"):
        record(case, teacher, pupils=[pupil_5])


def test_a_conversation_is_changed_with_its_version(case, teacher, ib, pupil_5, pupil_5b):
    conversation = record(case, teacher, pupils=[pupil_5])

    changed = conversation_update(
        record=conversation,
        user=ib,
        expected_version=1,
        kind=ConversationKind.JOINT,
        pupils=[pupil_5, pupil_5b],
        held_on=date(2026, 10, 30),
    )

    assert changed.version == 2
    assert changed.updated_by == ib
    assert set(changed.pupils.all()) == {pupil_5, pupil_5b}
    assert changed.held_on == date(2026, 10, 30)


def test_a_change_is_checked_like_a_new_conversation(case, teacher, pupil_5, pupil_5b):
    conversation = record(case, teacher, kind=ConversationKind.JOINT, pupils=[pupil_5, pupil_5b])

    # Changing only the kind checks it against the pupils already recorded.
    with pytest.raises(ValidationError) as raised:
        conversation_update(
            record=conversation, user=teacher, expected_version=1, kind=ConversationKind.SEPARATE
        )
    assert "pupils" in errors(raised)
    conversation.refresh_from_db()
    assert conversation.kind == ConversationKind.JOINT and conversation.version == 1


def test_fields_that_cannot_be_changed_are_refused(case, teacher, pupil_5):
    conversation = record(case, teacher, pupils=[pupil_5])
    with pytest.raises(TypeError):
        conversation_update(record=conversation, user=teacher, expected_version=1, case=None)
