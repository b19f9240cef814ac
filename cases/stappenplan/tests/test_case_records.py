"""Recording on a case from its workspace: one form per kind of record, each saved through its
service; on a problem the workspace comes back with that form open and the input kept."""

import re

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from cases.models import (
    ActionPlan,
    Agreement,
    AgreementOutcome,
    Case,
    Consent,
    Conversation,
    ConversationKind,
    ParentContact,
    ParentMeeting,
    Placement,
    Suspension,
    TeamNotice,
)
from cases.stappenplan.services.agreements import agreement_record, agreement_update
from cases.stappenplan.services.conversations import conversation_record
from cases.stappenplan.workspace import RECORD_KINDS_BY_SLUG
from cases.tests.case_steps import (
    escalate_to_step_6,
    give_all_consents,
    hold_step_6_meeting,
    today,
    walk_to_step_5,
)
from cases.tests.workspace_helpers import client_for, html, messages_of
from protocol.models import SuggestedAction, Track
from protocol.stappenplan import CaseState

pytestmark = pytest.mark.django_db


def new(case: Case, slug: str) -> str:
    return reverse("cases:record_create", args=[case.pk, slug])


def edit(case: Case, slug: str, pk: int) -> str:
    return reverse("cases:record_edit", args=[case.pk, slug, pk])


def judge(case: Case, slug: str) -> str:
    return reverse("cases:case_judgement", args=[case.pk, slug])


def prefixed(prefix: str, **data) -> dict:
    return {f"{prefix}-{name}": value for name, value in data.items()}


def the_open_form(response, slug: str):
    """The form of kind `slug` as the workspace shows it after a failed save."""
    ws = response.context["ws"]
    entries = [ws.editing, *ws.forms_now, *ws.forms_more]
    entries += [row.evaluation for row in ws.agreements]
    for entry in entries:
        if entry is not None and entry.kind.slug == slug and entry.is_open:
            return entry
    raise AssertionError(f"no open form {slug}")


def assert_saved(response, case: Case, slug: str) -> None:
    assert response.status_code == 302
    assert response.url == f"{case.get_absolute_url()}#tijdlijn"
    assert messages_of(response)[-1] == str(RECORD_KINDS_BY_SLUG[slug].saved)


@pytest.fixture
def anna(teacher):
    return client_for(teacher)


# Conversations.


def test_a_separate_conversation_is_recorded(anna, case, pupil_5, clock):
    response = anna.post(
        new(case, "gesprek"),
        prefixed(
            "gesprek",
            kind=ConversationKind.SEPARATE,
            held_on="2026-11-02",
            pupils=[pupil_5.pk],
            notes="Sem vertelt dat hij Lotte uitscheldt.",
        ),
    )

    assert_saved(response, case, "gesprek")
    conversation = Conversation.objects.get(case=case)
    assert conversation.kind == ConversationKind.SEPARATE
    assert list(conversation.pupils.all()) == [pupil_5]
    assert conversation.held_on.isoformat() == "2026-11-02"


def test_a_dutch_date_is_understood_too(anna, case, pupil_5, clock):
    anna.post(
        new(case, "gesprek"),
        prefixed(
            "gesprek", kind="separate", held_on="30-10-2026", pupils=[pupil_5.pk], notes="Notitie"
        ),
    )

    assert Conversation.objects.get(case=case).held_on.isoformat() == "2026-10-30"


def test_a_conversation_without_notes_comes_back_with_the_input_kept(anna, case, pupil_5):
    response = anna.post(
        new(case, "gesprek"),
        prefixed("gesprek", kind="separate", held_on="2026-11-02", pupils=[pupil_5.pk], notes=""),
    )

    assert response.status_code == 200
    entry = the_open_form(response, "gesprek")
    assert entry.form.errors["notes"] == [
        gettext("Write down what was discussed: the facts, what the pupils said, what you agreed.")
    ]
    page = html(response)
    assert 'value="2026-11-02"' in page
    assert re.search(rf'value="{pupil_5.pk}"\s+id="id_gesprek-pupils_\d" checked', page)
    assert f'id="{entry.dom_id}" open' in page
    assert not Conversation.objects.exists()


def test_the_service_refuses_a_separate_conversation_with_two_pupils(anna, case, pupil_5, pupil_5b):
    response = anna.post(
        new(case, "gesprek"),
        prefixed(
            "gesprek",
            kind="separate",
            held_on="2026-11-02",
            pupils=[pupil_5.pk, pupil_5b.pk],
            notes="Met beiden",
        ),
    )

    assert response.status_code == 200
    errors = the_open_form(response, "gesprek").form.errors["pupils"]
    assert errors == [gettext("A separate conversation is held with one pupil: choose one.")]


def test_a_conversation_in_the_future_is_refused(anna, case, pupil_5, clock):
    response = anna.post(
        new(case, "gesprek"),
        prefixed(
            "gesprek", kind="separate", held_on="2026-11-20", pupils=[pupil_5.pk], notes="Later"
        ),
    )

    assert "held_on" in the_open_form(response, "gesprek").form.errors
    assert not Conversation.objects.exists()


def test_a_pupil_who_is_not_involved_cannot_be_chosen(anna, case, pupil_7):
    response = anna.post(
        new(case, "gesprek"),
        prefixed("gesprek", kind="follow_up", held_on="2026-11-02", pupils=[pupil_7.pk], notes="x"),
    )

    assert "pupils" in the_open_form(response, "gesprek").form.errors


def test_a_conversation_is_changed_with_its_version(anna, case, teacher, pupil_5, clock):
    conversation = conversation_record(
        case=case, user=teacher, kind="separate", held_on=today(), pupils=[pupil_5], notes="Eerst"
    )

    page = anna.get(edit(case, "gesprek", conversation.pk))
    assert page.status_code == 200
    assert page.context["ws"].editing.record == conversation
    assert 'name="gesprek-version" value="1"' in html(page)

    response = anna.post(
        edit(case, "gesprek", conversation.pk),
        prefixed(
            "gesprek",
            version=1,
            kind="separate",
            held_on="2026-11-02",
            pupils=[pupil_5.pk],
            notes="Aangevuld",
        ),
    )

    assert_saved(response, case, "gesprek")
    conversation.refresh_from_db()
    assert conversation.notes == "Aangevuld"
    assert conversation.version == 2


def test_a_change_made_meanwhile_is_shown_and_nothing_is_overwritten(
    anna, case, teacher, ib, pupil_5, clock
):
    conversation = conversation_record(
        case=case, user=teacher, kind="separate", held_on=today(), pupils=[pupil_5], notes="Eerst"
    )
    from cases.stappenplan.services.conversations import conversation_update

    conversation_update(
        record=conversation, user=ib, expected_version=1, notes="Aangevuld door de IB"
    )

    response = anna.post(
        edit(case, "gesprek", conversation.pk),
        prefixed(
            "gesprek",
            version=1,
            kind="separate",
            held_on="2026-11-02",
            pupils=[pupil_5.pk],
            notes="Mijn versie",
        ),
    )

    assert response.status_code == 200
    conversation.refresh_from_db()
    assert conversation.notes == "Aangevuld door de IB"
    [message] = messages_of(response)
    assert message == gettext(
        "These details have been changed in the meantime by %(who)s at %(time)s. Look at the "
        "new version; your input is below."
    ) % {"who": str(ib), "time": "10:30"}
    page = html(response)
    assert "Mijn versie" in page  # the user's input, kept
    assert "Aangevuld door de IB" in page  # the new version, shown
    assert 'name="gesprek-version" value="2"' in page


def test_a_record_of_another_case_cannot_be_changed_here(anna, case, teacher, clock, pupil_7):
    from cases.tests.case_steps import bullying_incident, open_case
    from tests.factories import PupilFactory

    other = open_case(
        bullying_incident(registered_by=teacher, bully=pupil_7, victim=PupilFactory()), teacher
    )
    conversation = conversation_record(
        case=other, user=teacher, kind="separate", held_on=today(), pupils=[pupil_7], notes="x"
    )

    assert anna.get(edit(case, "gesprek", conversation.pk)).status_code == 404


# The analysis and the severity (on the case itself).


def test_the_analysis_and_severity_are_saved(anna, case):
    response = anna.post(
        judge(case, "analyse"),
        prefixed(
            "analyse",
            version=case.version,
            analysis="Sem scheldt Lotte elke pauze uit.",
            judged_serious="yes",
        ),
    )

    assert_saved(response, case, "analyse")
    case.refresh_from_db()
    assert case.analysis == "Sem scheldt Lotte elke pauze uit."
    assert case.judged_serious is True


def test_the_severity_must_be_judged_with_the_analysis(anna, case):
    response = anna.post(
        judge(case, "analyse"),
        prefixed("analyse", version=case.version, analysis="Iets"),
    )

    errors = the_open_form(response, "analyse").form.errors
    assert errors["judged_serious"] == [gettext("Choose how serious the situation is.")]
    assert "Iets" in html(response)


def test_an_analysis_on_a_case_that_changed_meanwhile_is_kept_for_the_teacher(anna, case, ib):
    from cases.stappenplan.services.assessment import case_update_assessment

    case_update_assessment(case=case, user=ib, expected_version=case.version, analysis="IB")

    response = anna.post(
        judge(case, "analyse"),
        prefixed("analyse", version=1, analysis="Mijn analyse", judged_serious="no"),
    )

    assert response.status_code == 200
    case.refresh_from_db()
    assert case.analysis == "IB"
    assert "Mijn analyse" in html(response)
    assert the_open_form(response, "analyse").conflict is not None


# Team notices, agreements, parent contacts.


def test_the_team_notice_is_recorded(anna, case):
    response = anna.post(
        new(case, "team"),
        prefixed("team", informed_on="2026-11-02", note="Extra toezicht bij het klimrek."),
    )

    assert_saved(response, case, "team")
    assert TeamNotice.objects.get(case=case).note == "Extra toezicht bij het klimrek."


def test_a_team_notice_needs_what_the_team_was_told(anna, case):
    response = anna.post(new(case, "team"), prefixed("team", informed_on="2026-11-02", note=""))

    assert the_open_form(response, "team").form.errors["note"] == [
        gettext("Write down what the team was told, for example what to watch for at break.")
    ]


def test_an_agreement_is_recorded_with_a_pupil(anna, case, pupil_5):
    response = anna.post(
        new(case, "afspraak"),
        prefixed(
            "afspraak", pupil=pupil_5.pk, text="Sem laat Lotte met rust.", made_on="2026-11-02"
        ),
    )

    assert_saved(response, case, "afspraak")
    agreement = Agreement.objects.get(case=case)
    assert agreement.pupil == pupil_5
    assert agreement.evaluate_on is not None


def test_an_agreement_with_the_whole_group_is_recorded_without_a_pupil(anna, case):
    response = anna.post(
        new(case, "afspraak"),
        prefixed("afspraak", pupil="", text="Niemand wordt uitgelachen.", made_on="2026-11-02"),
    )

    assert_saved(response, case, "afspraak")
    agreement = Agreement.objects.get(case=case)
    assert agreement.pupil is None
    assert agreement.text == "Niemand wordt uitgelachen."


def test_a_refused_agreement_keeps_what_was_typed(anna, case):
    response = anna.post(
        new(case, "afspraak"),
        prefixed("afspraak", pupil="", text="Niemand wordt uitgelachen.", made_on="2026-02-30"),
    )

    form = the_open_form(response, "afspraak").form
    assert "made_on" in form.errors
    assert form["text"].value() == "Niemand wordt uitgelachen."
    assert "Niemand wordt uitgelachen." in html(response)
    assert not Agreement.objects.filter(case=case).exists()


def test_an_agreement_needs_its_text(anna, case):
    response = anna.post(new(case, "afspraak"), prefixed("afspraak", made_on="2026-11-02"))

    assert the_open_form(response, "afspraak").form.errors["text"] == [
        gettext("Write down the agreement, as concretely as possible.")
    ]


def test_a_parent_contact_is_recorded(anna, case, pupil_5b):
    response = anna.post(
        new(case, "oudercontact"),
        prefixed(
            "oudercontact",
            pupil=pupil_5b.pk,
            contacted_on="2026-11-02",
            channel="phone",
            summary="Moeder gebeld over de afspraken.",
        ),
    )

    assert_saved(response, case, "oudercontact")
    assert ParentContact.objects.get(case=case).pupil == pupil_5b


def test_a_parent_contact_needs_whose_parents(anna, case):
    response = anna.post(
        new(case, "oudercontact"),
        prefixed("oudercontact", contacted_on="2026-11-02", channel="phone", summary="x"),
    )

    assert the_open_form(response, "oudercontact").form.errors["pupil"] == [
        gettext("Choose whose parents you spoke to.")
    ]


# The class conversation that is not needed (step 2).


def test_the_reason_no_class_conversation_is_needed_is_saved(anna, case):
    response = anna.post(
        judge(case, "klassengesprek"),
        prefixed(
            "klassengesprek",
            version=case.version,
            class_conversation_waived_reason="Alleen deze twee zijn betrokken.",
        ),
    )

    assert_saved(response, case, "klassengesprek")
    case.refresh_from_db()
    assert case.class_conversation_waived_reason == "Alleen deze twee zijn betrokken."


def test_the_waiver_needs_a_reason(anna, case):
    response = anna.post(
        judge(case, "klassengesprek"),
        prefixed("klassengesprek", version=case.version, class_conversation_waived_reason=" "),
    )

    assert response.status_code == 200
    errors = the_open_form(response, "klassengesprek").form.errors
    assert errors["class_conversation_waived_reason"] == [
        gettext("Write down why a class conversation is not needed.")
    ]


# Evaluations of agreements.


def test_an_agreement_is_evaluated(anna, case, teacher, pupil_5, clock):
    agreement = agreement_record(
        case=case, user=teacher, pupil=pupil_5, text="Met rust laten", made_on=today()
    )

    response = anna.post(
        edit(case, "evaluatie", agreement.pk),
        prefixed(
            f"evaluatie-{agreement.pk}",
            version=agreement.version,
            outcome=AgreementOutcome.NOT_KEPT,
            evaluated_on="2026-11-02",
            note="Gisteren weer gescholden.",
        ),
    )

    assert_saved(response, case, "evaluatie")
    agreement.refresh_from_db()
    assert agreement.outcome == AgreementOutcome.NOT_KEPT
    assert agreement.evaluation_note == "Gisteren weer gescholden."


def test_an_evaluation_needs_the_outcome(anna, case, teacher, pupil_5, clock):
    agreement = agreement_record(
        case=case, user=teacher, pupil=pupil_5, text="Met rust laten", made_on=today()
    )

    response = anna.post(
        edit(case, "evaluatie", agreement.pk),
        prefixed(f"evaluatie-{agreement.pk}", version=1, evaluated_on="2026-11-02"),
    )

    entry = the_open_form(response, "evaluatie")
    assert entry.record == agreement
    assert entry.form.errors["outcome"] == [gettext("Choose whether the agreement was kept.")]


def test_an_agreement_is_changed_and_may_be_ended(anna, case, teacher, pupil_5, clock):
    agreement = agreement_record(
        case=case, user=teacher, pupil=pupil_5, text="Met rust laten", made_on=today()
    )
    agreement_update(record=agreement, user=teacher, expected_version=1, text="Bijgesteld")

    response = anna.post(
        edit(case, "afspraak", agreement.pk),
        prefixed(
            "afspraak",
            version=2,
            pupil=pupil_5.pk,
            text="Nog eens bijgesteld",
            is_active="",
            made_on="2026-11-02",
        ),
    )

    assert_saved(response, case, "afspraak")
    agreement.refresh_from_db()
    assert agreement.text == "Nog eens bijgesteld"
    assert agreement.is_active is False


# The action plan.


@pytest.fixture
def suggestion(db):
    return SuggestedAction.objects.create(
        key="bully-daily-talk", track=Track.BULLY, text="Dagelijks kort gesprek met de pester"
    )


def plan_data(ib, suggestion, **overrides) -> dict:
    rows = {
        "items-TOTAL_FORMS": "6",
        "items-INITIAL_FORMS": "0",
        "items-MIN_NUM_FORMS": "0",
        "items-MAX_NUM_FORMS": "40",
    }
    for index, track in enumerate(Track):
        rows[f"items-{index}-track"] = track.value
    rows.update(
        {
            "items-1-suggested_action": str(suggestion.pk),
            "items-1-who": "Juf Anna",
            "items-1-when": "elke ochtend",
            "items-4-action": "Ouders van Lotte bellen",
            "items-4-who": "IB",
            "items-4-when": "vrijdag",
        }
    )
    data = prefixed(
        "handelingsplan",
        period_start="2026-11-02",
        analysis="In de gymzaal gaat het mis.",
        goals="Lotte voelt zich veilig bij gym.",
        external_help=["sova"],
        external_help_other="Buurtsportcoach",
        made_with_ib=ib.pk,
    )
    data.update(rows)
    data.update(overrides)
    return data


def test_an_action_plan_is_saved_with_actions_per_track(anna, case, ib, suggestion, clock):
    response = anna.post(new(case, "handelingsplan"), plan_data(ib, suggestion))

    assert_saved(response, case, "handelingsplan")
    plan = ActionPlan.objects.get(case=case)
    assert plan.made_with_ib == ib
    assert plan.external_help == ["sova", "other"]
    assert plan.external_help_other == "Buurtsportcoach"
    items = {item.track: item for item in plan.items.all()}
    assert set(items) == {Track.BULLY, Track.PARENTS}
    assert items[Track.BULLY].suggested_action == suggestion
    assert items[Track.BULLY].action == suggestion.text
    assert items[Track.PARENTS].action == "Ouders van Lotte bellen"


def test_an_action_without_who_is_refused_in_its_row(anna, case, ib, suggestion):
    response = anna.post(
        new(case, "handelingsplan"), plan_data(ib, suggestion, **{"items-4-who": ""})
    )

    entry = the_open_form(response, "handelingsplan")
    assert entry.formset.forms[4].errors["who"] == [gettext("Write down who does this.")]
    assert "Ouders van Lotte bellen" in html(response)
    assert not ActionPlan.objects.exists()


def test_a_plan_without_any_action_is_refused(anna, case, ib, suggestion):
    data = plan_data(ib, suggestion)
    for row in range(6):
        for field in ("suggested_action", "action", "who", "when"):
            data.pop(f"items-{row}-{field}", None)

    response = anna.post(new(case, "handelingsplan"), data)

    entry = the_open_form(response, "handelingsplan")
    assert entry.formset.non_form_errors() == [
        gettext("Fill in at least one action, for example one for the pupil who bullies.")
    ]


def test_a_suggestion_of_another_track_is_refused(anna, case, ib, suggestion):
    response = anna.post(
        new(case, "handelingsplan"),
        plan_data(ib, suggestion, **{"items-1-track": Track.VICTIM}),
    )

    entry = the_open_form(response, "handelingsplan")
    assert "suggested_action" in entry.formset.forms[1].errors


def test_the_plan_needs_the_ib(anna, case, ib, suggestion):
    response = anna.post(
        new(case, "handelingsplan"),
        plan_data(ib, suggestion, **{"handelingsplan-made_with_ib": ""}),
    )

    assert the_open_form(response, "handelingsplan").form.errors["made_with_ib"] == [
        gettext("Choose the IB with whom you made this plan.")
    ]


def test_an_action_plan_is_changed_and_its_actions_replaced(anna, case, ib, suggestion, clock):
    anna.post(new(case, "handelingsplan"), plan_data(ib, suggestion))
    plan = ActionPlan.objects.get(case=case)

    page = anna.get(edit(case, "handelingsplan", plan.pk))
    assert page.context["ws"].editing.formset.total_form_count() == 3

    data = plan_data(ib, suggestion, **{"handelingsplan-version": "1", "items-4-who": "Juf"})
    response = anna.post(edit(case, "handelingsplan", plan.pk), data)

    assert_saved(response, case, "handelingsplan")
    plan.refresh_from_db()
    assert plan.version == 2
    assert plan.items.get(track=Track.PARENTS).who == "Juf"
    assert plan.items.count() == 2


# The effects after two weeks (step 5).


def test_the_effects_are_judged_in_step_5(anna, case, teacher):
    walk_to_step_5(case, teacher)

    response = anna.post(
        judge(case, "effecten"),
        prefixed("effecten", version=case.version, step5_outcome_positive="yes"),
    )

    assert_saved(response, case, "effecten")
    case.refresh_from_db()
    assert case.step5_outcome_positive is True


def test_the_effects_form_is_only_offered_in_step_5(anna, case):
    ws = anna.get(case.get_absolute_url()).context["ws"]

    assert "effecten" not in [entry.kind.slug for entry in ws.forms_now + ws.forms_more]


# Steps 6–8: for the directie and the IB.


@pytest.fixture
def escalated(case, teacher, ib):
    escalate_to_step_6(case, teacher, ib)
    return case


def test_a_teacher_cannot_record_a_measure(anna, escalated, pupil_5):
    response = anna.post(
        new(escalated, "schorsing"),
        prefixed("schorsing", pupil=pupil_5.pk, start_date="2026-11-09", end_date="2026-11-10"),
    )

    assert response.status_code == 403
    assert not Suspension.objects.exists()


def test_the_meeting_with_all_parents_is_recorded(escalated, directie, teacher):
    response = client_for(directie).post(
        new(escalated, "ouderavond"),
        prefixed(
            "ouderavond",
            held_on="2026-11-02",
            led_by=directie.pk,
            teachers_present=[teacher.pk],
            notes="Ouders geïnformeerd.",
        ),
    )

    assert_saved(response, escalated, "ouderavond")
    meeting = ParentMeeting.objects.get(case=escalated)
    assert list(meeting.teachers_present.all()) == [teacher]


def test_the_meeting_needs_the_teachers_present(escalated, directie):
    response = client_for(directie).post(
        new(escalated, "ouderavond"),
        prefixed("ouderavond", held_on="2026-11-02", led_by=directie.pk, notes="x"),
    )

    assert the_open_form(response, "ouderavond").form.errors["teachers_present"] == [
        gettext("Tick the teachers of the group who were present.")
    ]


def test_a_consent_is_recorded(escalated, directie):
    response = client_for(directie).post(
        new(escalated, "toestemming"),
        prefixed(
            "toestemming",
            step="step_8",
            party="parents",
            given_by="Moeder van Sem",
            given_on="2026-11-02",
        ),
    )

    assert_saved(response, escalated, "toestemming")
    assert Consent.objects.get(case=escalated).party == "parents"


def test_a_consent_needs_who_gave_it(escalated, directie):
    response = client_for(directie).post(
        new(escalated, "toestemming"),
        prefixed("toestemming", step="step_8", party="parents", given_on="2026-11-02"),
    )

    assert the_open_form(response, "toestemming").form.errors["given_by"] == [
        gettext("Write down who gave the consent.")
    ]


def test_a_consents_step_and_party_cannot_be_changed(escalated, directie):
    client = client_for(directie)
    client.post(
        new(escalated, "toestemming"),
        prefixed(
            "toestemming", step="step_8", party="parents", given_by="Moeder", given_on="2026-11-02"
        ),
    )
    consent = Consent.objects.get()

    response = client.post(
        edit(escalated, "toestemming", consent.pk),
        prefixed(
            "toestemming",
            version=1,
            step="step_7",
            party="team",
            given_by="Moeder van Sem",
            given_on="2026-11-02",
        ),
    )

    assert_saved(response, escalated, "toestemming")
    consent.refresh_from_db()
    assert (consent.step, consent.party, consent.given_by) == (
        "step_8",
        "parents",
        "Moeder van Sem",
    )


def test_a_placement_is_recorded_and_reviewed(escalated, directie, pupil_5, clock):
    client = client_for(directie)
    response = client.post(
        new(escalated, "plaatsing"),
        prefixed(
            "plaatsing",
            pupil=pupil_5.pk,
            kind="other_group",
            destination="groep 6",
            start_date="2026-11-09",
            end_date="2026-11-20",
            review_on="2026-11-16",
        ),
    )
    assert_saved(response, escalated, "plaatsing")
    placement = Placement.objects.get()
    assert "plaatsing-reviewed_on" not in html(client.get(escalated.get_absolute_url()))

    response = client.post(
        edit(escalated, "plaatsing", placement.pk),
        prefixed(
            "plaatsing",
            version=1,
            kind="other_group",
            destination="groep 6",
            start_date="2026-11-09",
            end_date="2026-11-20",
            review_on="2026-11-16",
            reviewed_on="2026-11-02",
            review_note="Gaat goed.",
        ),
    )

    assert_saved(response, escalated, "plaatsing")
    placement.refresh_from_db()
    assert placement.review_note == "Gaat goed."


def test_a_placement_needs_its_end(escalated, directie, pupil_5):
    response = client_for(directie).post(
        new(escalated, "plaatsing"),
        prefixed(
            "plaatsing",
            pupil=pupil_5.pk,
            kind="other_group",
            destination="groep 6",
            start_date="2026-11-09",
            review_on="2026-11-16",
        ),
    )

    assert the_open_form(response, "plaatsing").form.errors["end_date"] == [
        gettext("Enter the date.")
    ]


def suspension_data(pupil, **overrides) -> dict:
    data = prefixed(
        "schorsing",
        pupil=pupil.pk,
        start_date="2026-11-09",
        end_date="2026-11-10",
        reason="Aanhoudend pestgedrag.",
        objection_procedure="Bezwaar binnen zes weken.",
    )
    data.update(overrides)
    return data


def test_a_suspension_is_recorded(escalated, directie, pupil_5, clock):
    response = client_for(directie).post(new(escalated, "schorsing"), suspension_data(pupil_5))

    assert_saved(response, escalated, "schorsing")
    suspension = Suspension.objects.get()
    assert suspension.school_days == 2


def test_a_suspension_longer_than_five_school_days_is_refused(escalated, directie, pupil_5):
    response = client_for(directie).post(
        new(escalated, "schorsing"),
        suspension_data(pupil_5, **{"schorsing-end_date": "2026-11-17"}),
    )

    errors = the_open_form(response, "schorsing").form.errors["end_date"]
    assert errors == [
        gettext("A suspension lasts at most five school days; this one lasts %(days)s.")
        % {"days": 7}
    ]


def test_only_a_bully_can_be_chosen_for_a_suspension(escalated, directie, pupil_5b):
    response = client_for(directie).post(new(escalated, "schorsing"), suspension_data(pupil_5b))

    assert "pupil" in the_open_form(response, "schorsing").form.errors


def test_the_suspension_flags_are_shown_on_the_workspace(escalated, directie, pupil_5, clock):
    client = client_for(directie)
    client.post(new(escalated, "schorsing"), suspension_data(pupil_5))
    give_all_consents(escalated, directie, "step_8")
    hold_step_6_meeting(escalated, directie, directie)

    page = html(client.get(escalated.get_absolute_url()))

    assert (
        gettext(
            "A suspension of more than one school day: report it to the Inspectie van het "
            "Onderwijs."
        )
        in page
    )


# The rules every record shares.


def test_nothing_is_recorded_on_a_closed_case(anna, case, ib):
    from cases.stappenplan.services.transition import case_transition

    case_transition(case=case, name="close_early", user=ib, reason="Verhuisd.")

    response = anna.post(
        new(case, "team"), prefixed("team", informed_on="2026-11-02", note="Toezicht")
    )

    assert response.status_code == 302
    assert messages_of(response) == [
        gettext("This case is closed. Reopen it first to record on it.")
    ]
    assert not TeamNotice.objects.exists()


def test_an_unknown_kind_of_record_is_not_found(anna, case):
    assert anna.post(new(case, "dagboek"), {}).status_code == 404
    assert anna.post(new(case, "evaluatie"), {}).status_code == 404
    assert anna.post(judge(case, "gesprek"), {}).status_code == 404


def test_a_record_form_only_accepts_posts(anna, case):
    assert anna.get(new(case, "gesprek")).status_code == 405
    assert anna.get(judge(case, "analyse")).status_code == 405


def test_a_teacher_of_another_group_does_not_find_the_case_to_record_on(other_teacher, case):
    response = client_for(other_teacher).post(
        new(case, "team"), prefixed("team", informed_on="2026-11-02", note="Toezicht")
    )

    assert response.status_code == 404
    assert not TeamNotice.objects.exists()


def test_someone_who_sees_the_case_but_is_not_on_it_cannot_record(coordinator, case):
    response = client_for(coordinator).post(
        new(case, "team"), prefixed("team", informed_on="2026-11-02", note="Toezicht")
    )

    assert response.status_code == 403
    assert not TeamNotice.objects.exists()


def test_an_anonymous_post_is_sent_to_the_login_page(client, case):
    response = client.post(new(case, "team"), prefixed("team", note="x"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_a_post_to_a_case_that_does_not_exist_is_not_found(anna, case):
    response = anna.post(
        reverse("cases:record_create", args=[case.pk + 1, "team"]), prefixed("team", note="x")
    )

    assert response.status_code == 404


def test_the_default_kind_of_conversation_follows_the_step(anna, case, teacher):
    ws = anna.get(case.get_absolute_url()).context["ws"]
    form = next(entry.form for entry in ws.forms_now if entry.kind.slug == "gesprek")
    assert form.initial["kind"] == ConversationKind.SEPARATE

    walk_to_step_5(case, teacher)
    ws = anna.get(case.get_absolute_url()).context["ws"]
    form = next(e.form for e in ws.forms_now + ws.forms_more if e.kind.slug == "gesprek")
    assert form.initial["kind"] == ConversationKind.FOLLOW_UP
    assert case.state == CaseState.STEP_5


def test_a_plan_whose_suggestion_was_retired_can_still_be_changed(
    anna, case, ib, suggestion, clock
):
    anna.post(new(case, "handelingsplan"), plan_data(ib, suggestion))
    plan = ActionPlan.objects.get(case=case)
    SuggestedAction.objects.filter(pk=suggestion.pk).update(is_active=False)

    page = anna.get(edit(case, "handelingsplan", plan.pk))
    rows = page.context["ws"].editing.formset.forms
    bully_row = next(row for row in rows if row.initial.get("track") == Track.BULLY)
    assert bully_row.initial["suggested_action"] == ""
    assert bully_row.initial["action"] == suggestion.text
