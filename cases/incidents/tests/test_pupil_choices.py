"""The pupils a teacher chooses from on the incident form: their own groups first, pupils with
the same name told apart, in one query however many pupils the school has."""

import pytest

from cases.incidents.forms import PupilChoices
from tests.factories import PupilFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def labels(choices: PupilChoices) -> list[tuple[str, list[str]]]:
    return [(group, [name for _pk, name in rows]) for group, rows in choices.choices[1:]]


def test_the_teachers_own_groups_come_first(other_teacher, pupil_5, pupil_7):
    assert [group for group, _names in labels(PupilChoices.load(other_teacher))] == [
        "groep 7",
        "groep 5",
    ]
    assert [group for group, _names in labels(PupilChoices.load())] == ["groep 5", "groep 7"]


def test_pupils_with_the_same_name_carry_the_end_of_their_student_number(group_7, teacher):
    for number in ("20071234", "20075678"):
        PupilFactory(
            school=group_7.school,
            group=group_7,
            first_name="Finn",
            infix="van",
            last_name="Dijk",
            student_number=number,
        )
    PupilFactory(school=group_7.school, group=group_7, first_name="Noor", last_name="Visser")

    ((_group, names),) = labels(PupilChoices.load(teacher))

    assert sorted(names) == sorted(
        [
            "Finn van Dijk (student no. …1234)",
            "Finn van Dijk (student no. …5678)",
            "Noor Visser",
        ]
    )


def test_loading_takes_one_query_whatever_the_size(teacher, group_5, django_assert_num_queries):
    PupilFactory.create_batch(30, school=group_5.school, group=group_5)

    with django_assert_num_queries(1):
        PupilChoices.load(teacher)
