"""Verifying a report on screen: teasing or aggression gets a follow-up note, bullying opens a
case or joins the open case of the same pupils."""

import pytest
from django.urls import reverse
from django.utils.translation import gettext

from cases.models import Case, Classification, InvolvementRole
from cases.tests.case_steps import bullying_incident, open_case
from cases.tests.workspace_helpers import client_for, html, messages_of
from cases.visibility.permissions import visibility_sync
from protocol.stappenplan import CaseState
from tests.factories import IncidentFactory, InvolvementFactory, PupilFactory

pytestmark = pytest.mark.django_db


def url(incident) -> str:
    return reverse("cases:incident_verify", args=[incident.pk])


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, incident):
    response = client.get(url(incident))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_a_report_that_does_not_exist_is_not_found(teacher, incident):
    response = client_for(teacher).get(reverse("cases:incident_verify", args=[incident.pk + 1]))

    assert response.status_code == 404


def test_a_teacher_of_another_group_does_not_find_the_report(other_teacher, incident):
    client = client_for(other_teacher)

    assert client.get(url(incident)).status_code == 404
    response = client.post(url(incident), {"classification": "teasing", "note": "Opgelost."})
    assert response.status_code == 404
    incident.refresh_from_db()
    assert incident.verified_at is None


def test_someone_who_sees_the_report_but_may_not_verify_it_is_refused(coordinator, incident):
    client = client_for(coordinator)

    assert client.get(url(incident)).status_code == 403
    response = client.post(url(incident), {"classification": "teasing", "note": "Opgelost."})
    assert response.status_code == 403
    incident.refresh_from_db()
    assert incident.verified_at is None


def test_the_page_shows_the_report_and_the_choices(teacher, incident):
    response = client_for(teacher).get(url(incident))

    assert response.status_code == 200
    page = html(response)
    assert incident.description in page
    assert "Sem Bakker" in page and "Lotte van Dam" in page
    assert 'name="classification"' in page
    assert response.context["open_cases"] == []


def test_teasing_is_closed_with_a_follow_up_note(teacher, incident):
    response = client_for(teacher).post(
        url(incident), {"classification": "teasing", "note": "Samen gepraat, weer vrienden."}
    )

    assert response.status_code == 302
    assert response.url == reverse("home")
    incident.refresh_from_db()
    assert incident.verified_classification == Classification.TEASING
    assert incident.follow_up_note == "Samen gepraat, weer vrienden."
    assert incident.case is None
    assert not Case.objects.exists()
    assert messages_of(response) == [
        gettext("The incident has been recorded as %(classification)s, without a case.")
        % {"classification": Classification.TEASING.label.lower()}
    ]


def test_aggression_without_a_note_is_refused_next_to_the_note(teacher, incident):
    response = client_for(teacher).post(url(incident), {"classification": "aggression"})

    assert response.status_code == 200
    assert response.context["form"].errors["note"] == [
        gettext(
            "Write down how the incident was followed up: teasing or aggression is closed "
            "here, without a case."
        )
    ]
    incident.refresh_from_db()
    assert incident.verified_at is None


def test_a_choice_is_required(teacher, incident):
    response = client_for(teacher).post(url(incident), {"note": "x"})

    assert response.context["form"].errors["classification"] == [
        gettext("Choose whether this is teasing, bullying or aggression.")
    ]


def test_bullying_opens_a_case_at_step_1(teacher, incident):
    response = client_for(teacher).post(
        url(incident), {"classification": "bullying", "case": "new"}
    )

    case = Case.objects.get()
    assert response.status_code == 302
    assert response.url == case.get_absolute_url()
    assert case.state == CaseState.STEP_1
    incident.refresh_from_db()
    assert incident.case == case
    assert messages_of(response) == [
        gettext("%(case)s has been opened. Start with step 1: the separate conversations.")
        % {"case": case}
    ]


def test_an_open_case_of_the_same_pupils_is_suggested_and_joined(teacher, incident, pupil_5):
    existing = open_case(incident, teacher)
    second = bullying_incident(registered_by=teacher, bully=pupil_5, victim=PupilFactory())
    client = client_for(teacher)

    page = client.get(url(second))
    assert [case for case, _label in page.context["open_cases"]] == [existing]
    assert f'value="{existing.pk}"' in html(page)

    response = client.post(url(second), {"classification": "bullying", "case": existing.pk})

    assert response.status_code == 302
    assert response.url == existing.get_absolute_url()
    second.refresh_from_db()
    assert second.case == existing
    assert Case.objects.count() == 1
    assert messages_of(response) == [
        gettext("The incident has been added to %(case)s.") % {"case": existing}
    ]


def test_a_case_that_is_not_suggested_cannot_be_chosen(teacher, incident, pupil_7):
    unrelated = open_case(
        bullying_incident(registered_by=teacher, bully=pupil_7, victim=PupilFactory()), teacher
    )

    response = client_for(teacher).post(
        url(incident), {"classification": "bullying", "case": unrelated.pk}
    )

    assert response.status_code == 200
    assert "case" in response.context["form"].errors
    incident.refresh_from_db()
    assert incident.case is None


def test_the_ib_may_verify_any_report(ib, incident):
    response = client_for(ib).post(url(incident), {"classification": "bullying", "case": "new"})

    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.verified_by == ib


def test_a_report_verified_already_is_not_verified_twice(teacher, incident):
    case = open_case(incident, teacher)

    response = client_for(teacher).get(url(incident))

    assert response.status_code == 302
    assert response.url == case.get_absolute_url()
    assert messages_of(response) == [gettext("This incident has already been verified.")]


def test_bullying_without_a_bully_is_refused_at_the_choice_and_nothing_is_opened(teacher, pupil_5b):
    only_a_victim = IncidentFactory(registered_by=teacher)
    InvolvementFactory(incident=only_a_victim, pupil=pupil_5b, role=InvolvementRole.VICTIM)
    visibility_sync(incidents=[only_a_victim])  # as incident_register does

    response = client_for(teacher).post(
        url(only_a_victim),
        {"classification": "bullying", "case": "new", "note": "Lotte werd uitgelachen."},
    )

    assert response.status_code == 200
    errors = response.context["form"].errors["classification"]
    assert len(errors) == 1
    assert "pester" in errors[0] or "bully" in errors[0]
    assert errors[0] in html(response)
    # What was typed stays on the form.
    assert response.context["form"]["note"].value() == "Lotte werd uitgelachen."
    only_a_victim.refresh_from_db()
    assert only_a_victim.verified_at is None and only_a_victim.case is None
    assert not Case.objects.exists()
