"""Correcting a registered incident (art. 16 AVG): who may, what the history keeps, and what
a correction does to visibility and to the case's steps."""

import datetime

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from cases.incidents.corrections import incident_correct, incident_may_correct
from cases.incidents.selectors import incidents_visible_to
from cases.models import Incident, IncidentCorrection, Involvement
from cases.tests.case_steps import finish_step_1
from cases.visibility.selectors import incident_history

pytestmark = pytest.mark.django_db


def as_is(incident: Incident) -> dict:
    """The service's arguments for the incident as it stands."""
    return {
        "occurred_on": incident.occurred_on,
        "occurred_time": incident.occurred_time,
        "reporter_kind": incident.reporter_kind,
        "reporter_name": incident.reporter_name,
        "location": incident.location,
        "description": incident.description,
        "digital_description": incident.digital_description,
        "classification": incident.classification,
        "severity": incident.severity,
        "forms": list(incident.forms.all()),
        "examples": list(incident.examples.all()),
        "platforms": list(incident.platforms.all()),
        "marks": list(incident.marks.all()),
        "involvements": [(i.pupil, i.role) for i in incident.involvements.select_related("pupil")],
    }


def correct(incident, by, reason="De ouders wezen op een fout.", **changes):
    return incident_correct(
        incident=incident, by=by, reason=reason, **{**as_is(incident), **changes}
    )


def test_the_teacher_who_registered_it_corrects_within_24_hours(incident, teacher, clock):
    clock.shift(datetime.timedelta(hours=23))

    correction = correct(incident, teacher, location="gym")

    incident.refresh_from_db()
    assert incident.location == "gym"
    assert correction.corrected_by == teacher
    assert correction.fields == ["location"]
    assert correction.reason == "De ouders wezen op een fout."


def test_after_24_hours_only_the_ib_may(incident, teacher, ib, clock):
    clock.shift(datetime.timedelta(hours=24, minutes=1))

    assert not incident_may_correct(incident=incident, user=teacher)
    with pytest.raises(PermissionDenied):
        correct(incident, teacher, location="gym")
    assert correct(incident, ib, location="gym") is not None


@pytest.mark.parametrize("who", ["other_teacher", "directie", "coordinator", "confidant"])
def test_nobody_else_may_correct(incident, request, who):
    user = request.getfixturevalue(who)

    with pytest.raises(PermissionDenied):
        correct(incident, user, location="gym")
    assert not IncidentCorrection.objects.exists()


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_reason_is_required(incident, teacher, reason):
    with pytest.raises(ValidationError) as error:
        correct(incident, teacher, reason=reason, location="gym")

    assert "reason" in error.value.error_dict
    incident.refresh_from_db()
    assert incident.location != "gym"


def test_wrong_input_is_refused_and_nothing_is_saved(incident, teacher, pupil_5):
    with pytest.raises(ValidationError) as error:
        correct(
            incident,
            teacher,
            description=" ",
            location="moon",
            occurred_on=datetime.date(2099, 1, 1),
            involvements=[(pupil_5, "bully"), (pupil_5, "victim")],
        )

    assert {"description", "location", "occurred_on", "involvements"} <= set(error.value.error_dict)
    assert not IncidentCorrection.objects.exists()
    assert incident.involvements.count() == 2


def test_a_correction_without_a_change_records_nothing(incident, teacher):
    assert correct(incident, teacher) is None
    assert not IncidentCorrection.objects.exists()
    assert incident.history.count() == 1


def test_the_history_keeps_every_earlier_version_with_its_checklists(
    incident, teacher, ib, protocol, clock
):
    correct(incident, teacher, forms=[protocol["verbal"]], marks=[protocol["repeated"]])
    clock.shift(datetime.timedelta(days=3))
    correct(
        incident,
        ib,
        forms=[protocol["physical"]],
        examples=[protocol["hitting"]],
        marks=[protocol["repeated"], protocol["power"]],
        reason="Het was slaan, niet schelden.",
    )

    versions = list(incident.history.order_by("history_id"))
    assert [v.history_type for v in versions] == ["+", "~", "~"]
    assert [set(v.forms.values_list("bullyingform_id", flat=True)) for v in versions] == [
        set(),
        {protocol["verbal"].pk},
        {protocol["physical"].pk},
    ]
    assert set(versions[2].marks.values_list("bullyingmark_id", flat=True)) == {
        protocol["repeated"].pk,
        protocol["power"].pk,
    }
    assert versions[2].history_user == ib
    assert versions[2].history_change_reason == "Het was slaan, niet schelden."


def test_the_directie_reads_the_correction_in_the_history(incident, teacher, protocol, clock):
    clock.shift(datetime.timedelta(hours=1))
    correct(incident, teacher, forms=[protocol["verbal"]])

    latest = incident_history(incident)[0]
    assert latest.user == teacher
    assert [(c.label, c.new) for c in latest.changes] == [("vormen", "Verbaal")]


def test_a_pupils_role_and_the_pupils_are_corrected_with_history(
    incident, teacher, pupil_5, pupil_5b, pupil_7
):
    correct(incident, teacher, involvements=[(pupil_5, "follower"), (pupil_7, "victim")])

    assert dict(incident.involvements.values_list("pupil_id", "role")) == {
        pupil_5.pk: "follower",
        pupil_7.pk: "victim",
    }
    kept = Involvement.history.filter(incident_id=incident.pk).order_by("history_id")
    assert [(h.pupil_id, h.history_type, h.role) for h in kept][-3:] == [
        (pupil_5.pk, "~", "follower"),
        (pupil_5b.pk, "-", "victim"),
        (pupil_7.pk, "+", "victim"),
    ]


def test_visibility_follows_the_pupils(incident, teacher, other_teacher, pupil_5, pupil_7):
    assert not incidents_visible_to(other_teacher).filter(pk=incident.pk).exists()

    correct(incident, teacher, involvements=[(pupil_5, "bully"), (pupil_7, "victim")])

    assert incidents_visible_to(other_teacher).filter(pk=incident.pk).exists()


def test_a_pupil_who_left_stays_but_is_not_added(incident, teacher, pupil_5, pupil_5b, pupil_7):
    pupil_5b.left_on = datetime.date(2026, 10, 1)
    pupil_5b.save()
    pupil_7.left_on = datetime.date(2026, 10, 1)
    pupil_7.save()

    correct(incident, teacher, location="gym")  # Lotte stays on it
    with pytest.raises(ValidationError):
        correct(incident, teacher, involvements=[(pupil_5, "bully"), (pupil_7, "victim")])


def test_at_step_1_the_cases_facts_follow_the_correction(case, teacher, pupil_5, pupil_5b):
    incident = case.incidents.get()

    correct(incident, teacher, involvements=[(pupil_5, "victim"), (pupil_5b, "bully")])

    assert dict(incident.involvements.values_list("pupil_id", "role")) == {
        pupil_5.pk: "victim",
        pupil_5b.pk: "bully",
    }


def test_past_step_1_a_change_of_the_pupils_is_refused_with_the_reason(
    case, teacher, pupil_5, pupil_5b, english
):
    finish_step_1(case, teacher)
    incident = case.incidents.get()

    with pytest.raises(ValidationError) as error:
        correct(incident, teacher, involvements=[(pupil_5, "victim"), (pupil_5b, "bully")])

    assert error.value.code == "case_guards"
    assert f"case #{case.pk}" in error.value.message % error.value.params
    assert incident.involvements.get(pupil=pupil_5).role == "bully"
    assert not IncidentCorrection.objects.exists()


def test_past_step_1_who_reported_it_is_not_corrected_either(case, teacher):
    finish_step_1(case, teacher)

    with pytest.raises(ValidationError):
        correct(case.incidents.get(), teacher, reporter_kind="parent")


def test_past_step_1_the_other_facts_are_still_corrected(case, teacher):
    finish_step_1(case, teacher)
    incident = case.incidents.get()

    correct(incident, teacher, description="Sem duwde Lotte van de glijbaan.")

    incident.refresh_from_db()
    assert incident.description == "Sem duwde Lotte van de glijbaan."


def test_a_correction_is_not_counted_as_a_late_registration(incident, ib, clock):
    registered_at = incident.registered_at
    with time_machine.travel(registered_at + datetime.timedelta(days=10), tick=False):
        correct(incident, ib, location="gym")

    incident.refresh_from_db()
    assert incident.registered_at == registered_at
