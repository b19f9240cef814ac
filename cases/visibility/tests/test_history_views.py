"""The directie reads the history and the access log of an incident or case, and answers
"who opened this case between these dates"."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Role
from accounts.tests.helpers import otp_login, password_login
from cases.models import AccessAction, AccessLog, Agreement, Conversation
from cases.visibility.permissions import visibility_sync
from cases.visibility.services import access_log_record
from tests.factories import CaseFactory, IncidentFactory, InvolvementFactory, UserFactory

pytestmark = pytest.mark.django_db

AMS = ZoneInfo("Europe/Amsterdam")


def at(day: int, hour: int = 12) -> datetime.datetime:
    return datetime.datetime(2027, 3, day, hour, 0, tzinfo=AMS)


@pytest.fixture
def incident(teacher, pupil_5):
    incident = IncidentFactory(registered_by=teacher, description="Sem werd uitgescholden.")
    InvolvementFactory(incident=incident, pupil=pupil_5, role="victim")
    visibility_sync(incidents=[incident])
    return incident


@pytest.fixture
def case(incident, teacher):
    case = CaseFactory(opened_by=teacher, title="Buitenspelen")
    incident.case = case
    incident.save()
    visibility_sync(incidents=[incident])
    return case


def incident_url(incident) -> str:
    return reverse("cases:incident_history", args=[incident.pk])


def case_url(case) -> str:
    return reverse("cases:case_history", args=[case.pk])


@pytest.fixture
def as_directie(client, directie):
    otp_login(client, directie)
    return client


def test_the_directie_sees_each_change_of_an_incident_with_old_and_new_value(
    as_directie, incident, directie
):
    incident.classification = "bullying"
    incident._history_user = directie
    incident.save()

    response = as_directie.get(incident_url(incident))

    assert response.status_code == 200
    history = response.context["history"]
    assert [entry.kind for entry in history[:1]] == ["~"]
    (change,) = history[0].changes
    assert (change.label, change.old, change.new) == (
        "eerste duiding",
        "Nog niet bekend",
        "Pesten",
    )
    assert history[0].user == directie
    assert "Sem Bakker" in response.content.decode()  # the pupil involved, by name


def test_the_case_history_shows_the_case_and_its_records(as_directie, case, teacher, pupil_5):
    agreement = Agreement.objects.create(
        case=case, created_by=teacher, text="Sem laat Lotte met rust.", made_on="2027-03-15"
    )
    agreement.outcome = "not_kept"
    agreement.save()
    Conversation.objects.create(
        case=case, created_by=teacher, kind="separate", held_on="2027-03-15", notes="Gesprek."
    ).pupils.add(pupil_5)

    response = as_directie.get(case_url(case))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Sem laat Lotte met rust." in html
    assert "Niet nagekomen" in html
    assert "Buitenspelen" in html
    whats = {entry.what for entry in response.context["history"]}
    assert {"dossier", "afspraak", "gesprek"} <= whats


@pytest.mark.parametrize("role", [Role.TEACHER, Role.IB, Role.COORDINATOR])
def test_someone_who_sees_the_case_but_is_not_directie_is_refused(client, case, teacher, role):
    user = teacher if role == Role.TEACHER else UserFactory(roles=[role])
    (password_login if role == Role.TEACHER else otp_login)(client, user)

    assert client.get(case_url(case)).status_code == 403
    assert client.get(incident_url(case.incidents.get())).status_code == 403


def test_someone_who_does_not_see_it_gets_not_found(client, case, other_teacher, confidant):
    password_login(client, other_teacher)
    assert client.get(case_url(case)).status_code == 404
    otp_login(client, confidant)
    assert client.get(case_url(case)).status_code == 404


def test_a_superuser_without_a_role_gets_not_found(client, case):
    superuser = UserFactory(is_superuser=True, is_staff=True)
    otp_login(client, superuser)

    assert client.get(case_url(case)).status_code == 404


def _open(user, obj, when, action=AccessAction.VIEW):
    with time_machine.travel(when, tick=False):
        access_log_record(user=user, action=action, objects=[obj])


def test_it_answers_who_opened_the_case_between_two_dates(
    as_directie, case, teacher, ib, other_teacher
):
    _open(teacher, case, at(1))
    _open(ib, case, at(10, 8))
    _open(ib, case, at(12, 23), AccessAction.PDF)
    _open(other_teacher, case, at(13, 0))
    _open(teacher, case.incidents.get(), at(11))

    response = as_directie.get(case_url(case), {"date_from": "2027-03-10", "date_to": "2027-03-12"})

    visitors = {v.user: v.count for v in response.context["visitors"]}
    assert visitors == {ib: 2, teacher: 1}
    accesses = list(response.context["page"].object_list)
    assert [a.at for a in accesses] == [at(12, 23), at(11), at(10, 8)]
    html = response.content.decode()
    assert str(AccessAction.PDF.label) in html
    assert "melding" in html  # the incident of the case is named as such


def test_without_dates_it_shows_every_access_including_this_one(as_directie, case, directie):
    _open(directie, case, at(1))

    response = as_directie.get(case_url(case))

    visitors = {v.user: v.count for v in response.context["visitors"]}
    assert visitors == {directie: 2}


def test_reading_the_history_is_itself_logged(as_directie, incident, directie):
    as_directie.get(incident_url(incident))

    assert AccessLog.objects.filter(user=directie, object_id=incident.pk).count() == 1


def test_an_end_date_before_the_start_date_is_explained_and_not_applied(as_directie, case, teacher):
    _open(teacher, case, at(1))

    response = as_directie.get(case_url(case), {"date_from": "2027-03-10", "date_to": "2027-03-01"})

    assert response.context["period_form"].errors["date_to"]
    assert teacher in {v.user for v in response.context["visitors"]}


def test_the_pages_take_the_same_queries_however_long_the_history(
    as_directie, case, teacher, pupil_5
):
    def grow(count):
        for number in range(count):
            agreement = Agreement.objects.create(
                case=case, created_by=teacher, text=f"Afspraak {number}", made_on="2027-03-15"
            )
            agreement.outcome = "kept"
            agreement.save()
            case.title = f"Titel {number}"
            case.save()
            _open(UserFactory(), case, at(2))

    grow(2)
    with CaptureQueriesContext(connection) as few:
        as_directie.get(case_url(case))
    grow(15)
    with CaptureQueriesContext(connection) as many:
        response = as_directie.get(case_url(case))

    assert response.status_code == 200
    assert len(many) == len(few)


def test_the_incident_page_links_to_its_history_for_the_directie_only(
    client, as_directie, incident, teacher
):
    link = f'href="{incident_url(incident)}"'
    assert link in as_directie.get(incident.get_absolute_url()).content.decode()

    password_login(client, teacher)
    assert link not in client.get(incident.get_absolute_url()).content.decode()


def test_the_case_workspace_links_to_its_history_for_the_directie_only(
    client, as_directie, case, teacher
):
    link = f'href="{case_url(case)}"'
    assert link in as_directie.get(case.get_absolute_url()).content.decode()
    assert f'href="{case.get_absolute_url()}"' in as_directie.get(case_url(case)).content.decode()

    password_login(client, teacher)
    assert link not in client.get(case.get_absolute_url()).content.decode()


def test_the_case_history_shows_its_deadlines_being_set_and_met(client, ib, pupil_5, pupil_5b):
    from cases.tests.case_steps import bullying_incident, finish_step_1, finish_step_2, open_case

    teacher = UserFactory(roles=[Role.TEACHER])
    pupil_5.group.teachers.add(teacher)
    case = open_case(bullying_incident(registered_by=teacher, bully=pupil_5, victim=pupil_5b), ib)
    finish_step_1(case, ib)
    finish_step_2(case, ib)
    directie = UserFactory(roles=[Role.DIRECTIE])
    otp_login(client, directie)

    response = client.get(case_url(case))

    deadlines = [e for e in response.context["history"] if e.what == "termijn"]
    assert deadlines
    assert all(c.label != "gezet door" for e in deadlines for c in e.changes)
