"""Recording contacts with parents and the team."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from cases.models import ContactChannel, ReporterKind
from cases.stappenplan.services.parents import (
    parent_contact_record,
    parent_contact_update,
    team_notice_record,
    team_notice_update,
)
from cases.tests.case_steps import (
    bullies,
    bullying_incident,
    finish_step_1,
    finish_step_2,
    finish_step_3,
    open_case,
    talk,
    today,
    victims,
)
from tests.factories import PupilFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def record_contact(case, user, **overrides):
    fields = {
        "pupil": victims(case)[0],
        "contacted_on": today(),
        "channel": ContactChannel.PHONE,
        "summary": "Moeder gebeld over de afspraken.",
    }
    fields.update(overrides)
    return parent_contact_record(case=case, user=user, **fields)


def test_a_parent_contact_names_the_parents_the_channel_and_what_was_said(case, teacher):
    contact = record_contact(case, teacher, about_action_plan=True)

    assert contact.pupil.first_name == "Lotte"
    assert contact.channel == ContactChannel.PHONE
    assert contact.about_action_plan
    assert contact.follow_up_due is None


def test_a_parent_contact_needs_parents_a_channel_a_summary_and_a_past_date(case, teacher):
    with pytest.raises(ValidationError) as raised:
        record_contact(
            case,
            teacher,
            pupil=None,
            channel="pigeon",
            summary="",
            contacted_on=today() + timedelta(days=1),
        )
    assert set(raised.value.message_dict) == {"pupil", "channel", "summary", "contacted_on"}


def test_the_parents_are_those_of_a_pupil_of_the_case(case, teacher):
    with pytest.raises(ValidationError) as raised:
        record_contact(case, teacher, pupil=PupilFactory())
    assert "pupil" in raised.value.message_dict


def test_marking_the_promised_follow_up_done_meets_its_deadline(clock, teacher, pupil_5, pupil_5b):
    incident = bullying_incident(
        registered_by=teacher, bully=pupil_5, victim=pupil_5b, reporter_kind=ReporterKind.PARENT
    )
    case = open_case(incident, teacher)
    finish_step_1(case, teacher)
    finish_step_2(case, teacher)
    finish_step_3(case, teacher)
    talk(case, teacher, "joint", bullies(case) + victims(case))  # the first evaluation
    promised = case.parent_contacts.get()

    parent_contact_update(
        record=promised,
        user=teacher,
        expected_version=promised.version,
        follow_up_done_on=today(),
    )

    assert not case.deadlines.filter(resolved_at__isnull=True).exists()
    case.refresh_from_db()
    assert case.next_deadline is None


def test_a_follow_up_cannot_be_marked_done_in_the_future(case, teacher):
    contact = record_contact(case, teacher)
    with pytest.raises(ValidationError) as raised:
        parent_contact_update(
            record=contact,
            user=teacher,
            expected_version=1,
            follow_up_done_on=date(2030, 1, 1),
        )
    assert "follow_up_done_on" in raised.value.message_dict


def test_the_team_is_informed_with_a_note(case, teacher):
    notice = team_notice_record(
        case=case, user=teacher, informed_on=today(), note="Let op Sem en Lotte bij het plein."
    )
    assert not notice.about_action_plan

    changed = team_notice_update(
        record=notice, user=teacher, expected_version=1, about_action_plan=True
    )
    assert changed.about_action_plan and changed.version == 2


def test_a_team_notice_needs_a_note(case, teacher):
    with pytest.raises(ValidationError) as raised:
        team_notice_record(case=case, user=teacher, informed_on=today(), note=" ")
    assert "note" in raised.value.message_dict
