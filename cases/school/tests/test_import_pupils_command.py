import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from cases.models import Pupil, School, SchoolGroup
from cases.tests.pupil_csv import make_csv
from tests.factories import PupilFactory, SchoolFactory, SchoolGroupFactory

pytestmark = pytest.mark.django_db

ROWS = [
    ("1001", "Sem", "", "Bakker", "5"),
    ("1002", "Lotte", "van", "Dam", "groep 5"),
    ("1003", "Zoë", "", "Çelik", "1/2A"),
]


@pytest.fixture
def csv_file(tmp_path):
    def write(content: bytes):
        path = tmp_path / "leerlingen.csv"
        path.write_bytes(content)
        return str(path)

    return write


def run(*args: str) -> tuple[str, str]:
    # English msgids, so the assertions do not depend on the compiled Dutch catalogue.
    stdout, stderr = io.StringIO(), io.StringIO()
    with translation.override("en"):
        call_command("import_pupils", *args, stdout=stdout, stderr=stderr)
    return stdout.getvalue(), stderr.getvalue()


def run_failing(*args: str) -> tuple[CommandError, str]:
    stderr = io.StringIO()
    with translation.override("en"), pytest.raises(CommandError) as raised:
        call_command("import_pupils", *args, stdout=io.StringIO(), stderr=stderr)
    return raised.value, stderr.getvalue()


def test_it_imports_the_file_and_prints_what_changed(school, csv_file):
    out, err = run(csv_file(make_csv(ROWS)))

    assert "3 new pupils" in out
    assert "2 new groups" in out
    assert "New groups: groep 1/2a, groep 5" in out
    assert "has been updated" in out
    assert err == ""
    assert Pupil.objects.filter(school=school).count() == 3
    assert Pupil.objects.get(student_number="1003").full_name == "Zoë Çelik"


def test_a_dry_run_shows_the_changes_and_saves_nothing(school, group_5, csv_file):
    group_4 = SchoolGroupFactory(school=school, name="groep 4", order=4)
    PupilFactory(
        school=school, group=group_4, student_number="1001", first_name="Sem", last_name="Bakker"
    )
    PupilFactory(
        school=school, group=group_5, student_number="999", first_name="Noah", last_name="Smit"
    )
    before = list(Pupil.objects.values_list("student_number", "group_id", "left_on"))

    out, _err = run(csv_file(make_csv(ROWS[:1])), "--dry-run")

    assert "Moves: Sem Bakker, groep 4 → groep 5" in out
    assert "Leaves: Noah Smit (groep 5)" in out
    assert "Dry run: nothing has been saved." in out
    assert list(Pupil.objects.values_list("student_number", "group_id", "left_on")) == before


def test_it_prints_every_error_with_its_row_and_exits_with_an_error_status(school, csv_file):
    rows = [*ROWS, ("", "Mila", "", "de Boer", "6"), ("1005", "Finn", "", "Visser", "")]

    error, err = run_failing(csv_file(make_csv(rows, encoding="cp1252")))

    assert error.returncode == 1
    assert "2 problems found; nothing has been imported" in str(error)
    assert "Row 5: the student number is missing" in err
    assert "Row 6: the group is missing" in err
    assert not Pupil.objects.exists()
    assert not SchoolGroup.objects.exists()


def test_it_names_the_missing_columns(school, csv_file):
    error, err = run_failing(csv_file(b"leerlingnummer,naam\n1001,Sem\n"))

    assert "“voornaam”" in err and "“groep”" in err
    assert "1 problem found" in str(error)


def test_without_a_school_it_creates_nothing_and_says_so(db, csv_file):
    error, _err = run_failing(csv_file(make_csv(ROWS)))

    assert "There is no school yet" in str(error)
    assert not School.objects.exists()
    assert not Pupil.objects.exists()


def test_with_several_schools_it_asks_for_the_school_id(school, csv_file):
    other = SchoolFactory(name="De Regenboog")
    path = csv_file(make_csv(ROWS))

    error, _err = run_failing(path)
    assert "--school-id" in str(error)
    assert not Pupil.objects.exists()

    run(path, "--school-id", str(other.pk))
    assert Pupil.objects.filter(school=other).count() == 3
    assert not Pupil.objects.filter(school=school).exists()


def test_it_refuses_an_unknown_school_id(school, csv_file):
    error, _err = run_failing(csv_file(make_csv(ROWS)), "--school-id", "9999")

    assert "9999" in str(error)


def test_it_refuses_a_file_that_does_not_exist(school, tmp_path):
    error, _err = run_failing(str(tmp_path / "bestaat-niet.csv"))

    assert "bestaat-niet.csv" in str(error)


def test_it_says_so_when_the_list_is_already_up_to_date(school, group_5, csv_file):
    PupilFactory(
        school=school, group=group_5, student_number="1001", first_name="Sem", last_name="Bakker"
    )

    out, _err = run(csv_file(make_csv(ROWS[:1])))

    assert "already up to date" in out
