"""The handelingsplan: two weeks of actions per track, made with the IB."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from cases.models import ExternalHelp
from cases.stappenplan.services.action_plans import action_plan_record, action_plan_update
from cases.tests.case_steps import today
from protocol.models import SuggestedAction, Track

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def suggestion(db):
    return SuggestedAction.objects.create(
        key="bully-daily-talk",
        track=Track.BULLY,
        text="Dagelijks een kort gesprek met de pester over zijn gedrag",
    )


def record(case, user, ib, **overrides):
    fields = {
        "period_start": today(),
        "analysis": "Het gaat mis bij gym, daar is geen toezicht.",
        "goals": "Lotte voelt zich veilig bij gym.",
        "external_help": [ExternalHelp.SMW],
        "external_help_other": "",
        "made_with_ib": ib,
        "items": [
            {"track": Track.TEACHER, "action": "Toezicht bij gym", "who": "Anna", "when": "di/do"}
        ],
    }
    fields.update(overrides)
    return action_plan_record(case=case, user=user, **fields)


def test_a_plan_runs_two_weeks_and_is_evaluated_on_the_next_school_day(case, teacher, ib):
    plan = record(case, teacher, ib)

    assert plan.period_start == date(2026, 11, 2)
    assert plan.period_end == date(2026, 11, 15)
    assert plan.evaluate_on == date(2026, 11, 16)
    assert plan.made_with_ib == ib
    assert plan.external_help == [ExternalHelp.SMW]
    item = plan.items.get()
    assert (item.track, item.action, item.who, item.when) == (
        Track.TEACHER,
        "Toezicht bij gym",
        "Anna",
        "di/do",
    )


def test_an_action_picked_from_the_protocol_takes_its_text_and_track(case, teacher, ib, suggestion):
    plan = record(
        case,
        teacher,
        ib,
        items=[{"suggested_action": suggestion, "who": "Anna", "when": "elke ochtend"}],
    )

    item = plan.items.get()
    assert item.suggested_action == suggestion
    assert item.track == Track.BULLY
    assert item.action == suggestion.text


def test_a_picked_action_may_be_reworded(case, teacher, ib, suggestion):
    plan = record(
        case,
        teacher,
        ib,
        items=[
            {
                "suggested_action": suggestion.pk,
                "track": Track.BULLY,
                "action": "Elke ochtend vijf minuten met Sem",
                "who": "Anna",
                "when": "elke ochtend",
            }
        ],
    )
    assert plan.items.get().action == "Elke ochtend vijf minuten met Sem"


def test_a_picked_action_stays_in_its_own_track(case, teacher, ib, suggestion):
    with pytest.raises(ValidationError) as raised:
        record(
            case,
            teacher,
            ib,
            items=[
                {"suggested_action": suggestion, "track": Track.PARENTS, "who": "A", "when": "B"}
            ],
        )
    assert raised.value.message_dict["items"] == [
        "Action 1: the suggested action belongs to another track."
    ]


def test_every_action_says_what_who_and_when(case, teacher, ib):
    with pytest.raises(ValidationError) as raised:
        record(case, teacher, ib, items=[{"track": "", "action": " ", "who": "", "when": ""}])
    assert raised.value.message_dict["items"] == [
        "Action 1: choose a track.",
        "Action 1: describe the action.",
        "Action 1: fill in who does it.",
        "Action 1: fill in when.",
    ]


def test_a_plan_has_at_least_one_action(case, teacher, ib):
    with pytest.raises(ValidationError) as raised:
        record(case, teacher, ib, items=[])
    assert raised.value.message_dict["items"] == ["Add at least one action."]
    assert case.action_plans.count() == 0


def test_other_external_help_is_described(case, teacher, ib):
    with pytest.raises(ValidationError) as raised:
        record(case, teacher, ib, external_help=[ExternalHelp.OTHER, "witchcraft"])
    assert set(raised.value.message_dict) == {"external_help", "external_help_other"}


def test_the_plan_is_made_with_an_intern_begeleider(case, teacher, directie):
    with pytest.raises(ValidationError) as raised:
        record(case, teacher, directie)
    assert "made_with_ib" in raised.value.message_dict


def test_a_plan_needs_an_analysis_and_goals(case, teacher, ib):
    with pytest.raises(ValidationError) as raised:
        record(case, teacher, ib, analysis="", goals="  ")
    assert set(raised.value.message_dict) == {"analysis", "goals"}


def test_changing_the_actions_replaces_them_all(case, teacher, ib):
    plan = record(case, teacher, ib)

    plan = action_plan_update(
        record=plan,
        user=ib,
        expected_version=1,
        period_start=date(2026, 11, 9),
        items=[
            {"track": Track.PARENTS, "action": "Ouders bellen", "who": "IB", "when": "vrijdag"},
            {"track": Track.VICTIM, "action": "Maatje in de pauze", "who": "Anna", "when": "dag"},
        ],
    )

    assert plan.version == 2
    assert plan.evaluate_on == date(2026, 11, 23)
    assert sorted(plan.items.values_list("action", flat=True)) == [
        "Maatje in de pauze",
        "Ouders bellen",
    ]


def test_a_refused_change_keeps_the_actions(case, teacher, ib):
    plan = record(case, teacher, ib)
    with pytest.raises(ValidationError):
        action_plan_update(record=plan, user=ib, expected_version=1, items=[])
    assert plan.items.count() == 1
