"""The records of steps 6 and 7: the meeting with all parents, consents and placements."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cases.models import ConsentParty, InvolvementRole, PlacementKind
from cases.stappenplan.services.escalation import (
    consent_record,
    consent_update,
    parent_meeting_record,
    parent_meeting_update,
)
from cases.stappenplan.services.measures import placement_record
from cases.tests.case_steps import today
from tests.factories import InvolvementFactory, PupilFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def meeting(case, user, **overrides):
    fields = {
        "held_on": today(),
        "led_by": user,
        "teachers_present": [],
        "notes": "Ouderavond over het pestprobleem in groep 5.",
    }
    fields.update(overrides)
    return parent_meeting_record(case=case, user=user, **fields)


def consent(case, user, party=ConsentParty.PARENTS, step="step_7", **overrides):
    fields = {"given_by": "Ouders van Sem", "given_on": today()}
    fields.update(overrides)
    return consent_record(case=case, user=user, step=step, party=party, **fields)


def place(case, user, pupil, **overrides):
    fields = {
        "kind": PlacementKind.OTHER_GROUP,
        "destination": "groep 6",
        "start_date": date(2026, 11, 9),
        "end_date": date(2026, 11, 20),
        "review_on": date(2026, 11, 16),
    }
    fields.update(overrides)
    return placement_record(case=case, user=user, pupil=pupil, **fields)


def test_the_meeting_is_led_by_the_directie_with_the_teachers_present(
    case_at_step_6, directie, teacher
):
    recorded = meeting(case_at_step_6, directie, teachers_present=[teacher])

    assert recorded.led_by == directie
    assert list(recorded.teachers_present.all()) == [teacher]


def test_the_meeting_is_not_led_by_a_teacher(case_at_step_6, directie, teacher):
    with pytest.raises(ValidationError) as raised:
        meeting(case_at_step_6, directie, led_by=teacher, teachers_present=[teacher])
    assert "led_by" in raised.value.message_dict


def test_the_meeting_needs_the_teachers_present(case_at_step_6, directie):
    with pytest.raises(ValidationError) as raised:
        meeting(case_at_step_6, directie)
    assert "teachers_present" in raised.value.message_dict


def test_a_teacher_cannot_record_the_meeting(case_at_step_6, teacher):
    with pytest.raises(PermissionDenied):
        meeting(case_at_step_6, teacher, teachers_present=[teacher])


def test_the_meeting_belongs_to_step_6(case, directie, teacher):
    with pytest.raises(ValidationError, match="from step 6 on"):
        meeting(case, directie, teachers_present=[teacher])


def test_a_meeting_is_changed_with_its_version(case_at_step_6, directie, ib, teacher):
    recorded = meeting(case_at_step_6, directie, teachers_present=[teacher])

    changed = parent_meeting_update(
        record=recorded, user=ib, expected_version=1, teachers_present=[teacher, ib]
    )
    assert set(changed.teachers_present.all()) == {teacher, ib}


def test_each_party_consents_once_per_step(case_at_step_6, directie):
    consent(case_at_step_6, directie)

    with pytest.raises(ValidationError) as raised:
        consent(case_at_step_6, directie)
    assert raised.value.message_dict["party"] == [
        "The consent of “Parents” for Step 7 – temporary placement elsewhere has already "
        "been recorded."
    ]
    # The same party may consent to step 8 as well.
    consent(case_at_step_6, directie, step="step_8")


def test_consent_is_for_step_7_or_8_from_a_known_party(case_at_step_6, directie):
    with pytest.raises(ValidationError) as raised:
        consent(case_at_step_6, directie, party="neighbours", step="step_5", given_by="")
    assert set(raised.value.message_dict) == {"party", "step", "given_by"}


def test_a_consent_note_can_be_changed_but_not_its_party(case_at_step_6, directie):
    given = consent(case_at_step_6, directie)

    changed = consent_update(record=given, user=directie, expected_version=1, note="Per mail")
    assert changed.note == "Per mail"
    with pytest.raises(TypeError):
        consent_update(record=given, user=directie, expected_version=2, party="team")


def test_a_teacher_cannot_record_a_consent(case_at_step_6, teacher):
    with pytest.raises(PermissionDenied):
        consent(case_at_step_6, teacher)


@pytest.mark.parametrize("pupil", ["pupil_5", "pupil_5b"])
def test_a_bully_or_a_victim_may_be_placed_elsewhere(case_at_step_6, directie, pupil, request):
    placed = place(case_at_step_6, directie, request.getfixturevalue(pupil))
    assert placed.destination == "groep 6"


def test_a_follower_is_not_placed_elsewhere(case_at_step_6, directie, group_5):
    follower = PupilFactory(school=group_5.school, group=group_5)
    InvolvementFactory(
        incident=case_at_step_6.incidents.first(), pupil=follower, role=InvolvementRole.FOLLOWER
    )
    with pytest.raises(ValidationError) as raised:
        place(case_at_step_6, directie, follower)
    assert raised.value.message_dict["pupil"] == [
        "Only a bully or a victim can be placed elsewhere."
    ]


def test_the_review_falls_within_the_placement(case_at_step_6, directie, pupil_5):
    with pytest.raises(ValidationError) as raised:
        place(case_at_step_6, directie, pupil_5, review_on=date(2026, 11, 30))
    assert raised.value.message_dict["review_on"] == [
        "The review date must fall within the placement."
    ]


def test_a_placement_ends_after_it_starts(case_at_step_6, directie, pupil_5):
    with pytest.raises(ValidationError) as raised:
        place(case_at_step_6, directie, pupil_5, end_date=date(2026, 11, 6))
    assert "end_date" in raised.value.message_dict
