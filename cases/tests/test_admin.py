import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.tests.helpers import otp_login
from cases.models import Pupil, School, SchoolGroup, SchoolYear
from tests.factories import (
    IncidentFactory,
    InvolvementFactory,
    PupilFactory,
    SchoolYearFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _url(model, view: str, *args) -> str:
    return reverse(f"admin:cases_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def admin_client_with_data(admin_client, pupil_5, pupil_5b, pupil_7, teacher):
    SchoolYearFactory(school=pupil_5.school)
    return admin_client


@pytest.mark.parametrize(
    "model", [School, SchoolYear, SchoolGroup, Pupil], ids=lambda m: m.__name__
)
def test_the_lists_of_school_data_open(admin_client_with_data, model):
    response = admin_client_with_data.get(_url(model, "changelist"))

    assert response.status_code == 200
    assert str(model.objects.first()) in response.content.decode()


def test_pupils_are_found_by_name(admin_client_with_data):
    response = admin_client_with_data.get(_url(Pupil, "changelist"), {"q": "Lotte van Dam"})

    assert [p.first_name for p in response.context["cl"].result_list] == ["Lotte"]


def test_pupils_are_found_by_student_number(admin_client_with_data, pupil_7):
    response = admin_client_with_data.get(_url(Pupil, "changelist"), {"q": pupil_7.student_number})

    assert list(response.context["cl"].result_list) == [pupil_7]


def test_pupils_are_filtered_by_group(admin_client_with_data, group_7, pupil_7):
    response = admin_client_with_data.get(
        _url(Pupil, "changelist"), {"group__id__exact": group_7.pk}
    )

    assert list(response.context["cl"].result_list) == [pupil_7]


def test_pupils_are_filtered_by_whether_they_left(admin_client_with_data, pupil_5, pupil_5b):
    pupil_5.left_on = "2026-10-01"
    pupil_5.save()
    url = _url(Pupil, "changelist")

    left = admin_client_with_data.get(url, {"left": "yes"}).context["cl"].result_list
    staying = admin_client_with_data.get(url, {"left": "no"}).context["cl"].result_list

    assert list(left) == [pupil_5]
    assert pupil_5 not in list(staying)
    assert pupil_5b in list(staying)


def test_teachers_of_a_group_are_chosen_side_by_side(admin_client_with_data, group_5, teacher):
    response = admin_client_with_data.get(_url(SchoolGroup, "change", group_5.pk))

    content = response.content.decode()
    assert 'class="selectfilter"' in content
    assert f'<option value="{teacher.pk}" selected>' in content


def test_a_group_gets_its_teachers_in_the_admin(admin_client, group_7, other_teacher):
    colleague = UserFactory(username="juf.sanne")

    response = admin_client.post(
        _url(SchoolGroup, "change", group_7.pk),
        {
            "school": group_7.school.pk,
            "name": "groep 7",
            "order": "7",
            "teachers": [other_teacher.pk, colleague.pk],
        },
    )

    assert response.status_code == 302
    assert set(group_7.teachers.all()) == {other_teacher, colleague}


def test_the_group_list_takes_the_same_queries_however_many_teachers(
    admin_client_with_data, group_5, group_7
):
    url = _url(SchoolGroup, "changelist")
    with CaptureQueriesContext(connection) as before:
        admin_client_with_data.get(url)
    for number in range(3):
        group_7.teachers.add(UserFactory(username=f"extra{number}"))
        PupilFactory(school=group_5.school, group=group_5)
    with CaptureQueriesContext(connection) as after:
        admin_client_with_data.get(url)

    assert len(after) == len(before)


def test_the_pupil_list_takes_the_same_queries_however_many_pupils(
    admin_client_with_data, group_5, group_7
):
    url = _url(Pupil, "changelist")
    with CaptureQueriesContext(connection) as before:
        admin_client_with_data.get(url)
    PupilFactory.create_batch(5, school=group_5.school, group=group_7)
    with CaptureQueriesContext(connection) as after:
        admin_client_with_data.get(url)

    assert len(after) == len(before)


def test_pupils_and_schools_cannot_be_deleted_here(admin_client_with_data, pupil_5):
    assert admin_client_with_data.get(_url(Pupil, "delete", pupil_5.pk)).status_code == 403
    assert admin_client_with_data.get(_url(School, "delete", pupil_5.school.pk)).status_code == 403
    assert Pupil.objects.filter(pk=pupil_5.pk).exists()


def test_a_pupils_page_shows_nothing_of_their_incidents(admin_client_with_data, pupil_5):
    incident = IncidentFactory(description="Sem werd in de gymzaal uitgelachen.")
    InvolvementFactory(incident=incident, pupil=pupil_5)

    response = admin_client_with_data.get(_url(Pupil, "change", pupil_5.pk))

    assert response.status_code == 200
    assert "uitgelachen" not in response.content.decode()
    assert "/beheer/cases/incident/" not in response.content.decode()


def test_a_teacher_without_permissions_cannot_open_the_pupils(client, teacher):
    teacher.is_staff = True
    teacher.save(update_fields=["is_staff"])
    otp_login(client, teacher)

    assert client.get(_url(Pupil, "changelist")).status_code == 403
