import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.models import Pupil, SchoolGroup
from cases.school.pupil_import import (
    ImportPlan,
    PupilImportError,
    normalise_group_name,
    parse_pupil_csv,
    pupils_import,
    pupils_import_preview,
)
from cases.tests.pupil_csv import HEADER, make_csv, numbered_rows
from tests.factories import PupilFactory, SchoolFactory, SchoolGroupFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2027, 1, 11)

GOOD_ROWS = [
    ("1001", "Sem", "", "Bakker", "5"),
    ("1002", "Lotte", "van", "Dam", "groep 5"),
    ("1003", "Noah", "", "Smit", "Groep 1/2a"),
]


def codes_and_rows(errors) -> list[tuple[str, int | None]]:
    return [(error.code, error.row) for error in errors]


def pupils_by_number(school) -> dict[str, Pupil]:
    return {
        p.student_number: p for p in Pupil.objects.filter(school=school).select_related("group")
    }


# --- reading the file --------------------------------------------------------------------------


@pytest.mark.parametrize("delimiter", [";", ","])
def test_it_reads_a_good_file_with_either_separator(delimiter):
    parsed = parse_pupil_csv(make_csv(GOOD_ROWS, delimiter=delimiter))

    assert parsed.errors == []
    assert parsed.delimiter == delimiter
    assert [(r.row, r.student_number, r.full_name, r.group_name) for r in parsed.rows] == [
        (2, "1001", "Sem Bakker", "groep 5"),
        (3, "1002", "Lotte van Dam", "groep 5"),
        (4, "1003", "Noah Smit", "groep 1/2a"),
    ]


def test_it_finds_columns_by_name_in_any_order_ignoring_case_spaces_and_extra_columns():
    content = make_csv(
        [("Bakker", "2015-03-01", "5", "Sem", "1001", "")],
        header=(
            " Achternaam",
            "Geboortedatum",
            "GROEP",
            "Voornaam ",
            "Leerling nummer",
            "Tussen voegsel",
        ),
    )

    parsed = parse_pupil_csv(content)

    assert parsed.errors == []
    row = parsed.rows[0]
    assert (row.student_number, row.first_name, row.infix, row.last_name, row.group_name) == (
        "1001",
        "Sem",
        "",
        "Bakker",
        "groep 5",
    )


def test_it_keeps_a_quoted_value_that_contains_the_separator():
    content = (
        b'leerlingnummer;voornaam;tussenvoegsel;achternaam;groep\n1001;"Anna; Maria";;Bakker;5\n'
    )

    parsed = parse_pupil_csv(content)

    assert parsed.rows[0].first_name == "Anna; Maria"


def test_it_reads_utf8_with_a_byte_order_mark():
    rows = [("1001", "Zoë", "", "Çelik", "5"), ("1002", "Daniël", "van 't", "Hoëvel", "6")]

    parsed = parse_pupil_csv(make_csv(rows, bom=True))

    assert parsed.errors == []
    assert parsed.encoding == "utf-8"
    assert [r.full_name for r in parsed.rows] == ["Zoë Çelik", "Daniël van 't Hoëvel"]


def test_it_reads_windows_1252():
    rows = [("1001", "Zoë", "", "Çelik", "5"), ("1002", "Daniël", "", "Jansen", "6")]
    content = make_csv(rows, encoding="cp1252")
    with pytest.raises(UnicodeDecodeError):
        content.decode("utf-8")  # the test really exercises the fallback

    parsed = parse_pupil_csv(content)

    assert parsed.errors == []
    assert parsed.encoding == "cp1252"
    assert [r.full_name for r in parsed.rows] == ["Zoë Çelik", "Daniël Jansen"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("5", "groep 5"),
        ("groep 5", "groep 5"),
        ("Groep  5", "groep 5"),
        ("GROEP5", "groep 5"),
        ("05", "groep 5"),
        ("Groep 1/2a", "groep 1/2a"),
        ("1/2A", "groep 1/2a"),
        ("1 / 2 a", "groep 1/2a"),
        ("3-4", "groep 3/4"),
        ("gr. 7b", "groep 7b"),
        ("8", "groep 8"),
    ],
)
def test_it_normalises_group_names_to_the_schools_spelling(value, expected):
    assert normalise_group_name(value) == expected


@pytest.mark.parametrize("value", ["0", "9", "Vlinders", "2/1", "groep", "5ab", "1/2/3", "12"])
def test_it_does_not_recognise_a_group_outside_groep_1_to_8(value):
    assert normalise_group_name(value) is None


def test_it_reports_a_bad_row_with_its_spreadsheet_row_number_and_reason():
    rows = [GOOD_ROWS[0], ("1002", "", "", "Dam", "5"), GOOD_ROWS[2]]

    parsed = parse_pupil_csv(make_csv(rows))

    assert parsed.rows == []
    assert codes_and_rows(parsed.errors) == [("missing_first_name", 3)]
    [error] = parsed.errors
    assert error.message and error.message in str(error)
    assert "3" in str(error).replace(error.message, "")


def test_it_reports_every_error_in_the_file_not_only_the_first():
    rows = [
        ("", "Sem", "", "Bakker", "5"),
        ("1002", "Lotte", "", "", ""),
        ("1003", "Noah", "", "Smit", "Vlinders"),
        ("1,23E+05", "Mila", "", "de Boer", "6"),
        ("1" * 31, "Finn", "", "Visser", "6"),
        ("1006", "A" * 101, "", "Mulder", "7"),
        ("1007", "Tess", "v" * 31, "Bos", "7"),
        ("1008", "Julia", "", "Smits", "8"),
        ("1008", "Julia", "", "Smits", "8"),
    ]

    parsed = parse_pupil_csv(make_csv(rows))

    assert parsed.rows == []
    assert codes_and_rows(parsed.errors) == [
        ("missing_student_number", 2),
        ("missing_last_name", 3),
        ("missing_group", 3),
        ("invalid_group", 4),
        ("invalid_student_number", 5),
        ("student_number_too_long", 6),
        ("too_long", 7),
        ("too_long", 8),
        ("duplicate_student_number", 10),
    ]


def test_it_names_both_rows_of_a_duplicated_student_number():
    rows = [("1001", "Sem", "", "Bakker", "5"), GOOD_ROWS[1], ("1001", "Sam", "", "Bakker", "6")]

    parsed = parse_pupil_csv(make_csv(rows))

    [error] = parsed.errors
    assert (error.code, error.row) == ("duplicate_student_number", 4)
    assert "1001" in error.message
    assert "2" in error.message and "4" in error.message


def test_it_accepts_letters_and_digits_in_a_student_number_up_to_the_field_length():
    rows = [("AB12cd", "Sem", "", "Bakker", "5"), ("9" * 30, "Lotte", "", "Dam", "5")]

    assert parse_pupil_csv(make_csv(rows)).errors == []


def test_it_names_every_missing_column_in_one_file_error():
    content = make_csv([("1001", "Sem", "Bakker")], header=("leerlingnummer", "voornaam", "naam"))

    parsed = parse_pupil_csv(content)

    [error] = parsed.errors
    assert (error.code, error.row) == ("missing_columns", None)
    for column in ("tussenvoegsel", "achternaam", "groep"):
        assert f"“{column}”" in error.message
    assert "“voornaam”" not in error.message.split(".")[0]


def test_it_reports_a_column_that_appears_twice():
    content = make_csv([("1001", "Sem", "", "Bakker", "5", "6")], header=(*HEADER, "Groep"))

    assert codes_and_rows(parse_pupil_csv(content).errors) == [("duplicate_column", None)]


@pytest.mark.parametrize("content", [b"", b"   \r\n\r\n", b"\xef\xbb\xbf"])
def test_it_reports_an_empty_file(content):
    assert codes_and_rows(parse_pupil_csv(content).errors) == [("empty", None)]


def test_it_reports_a_file_with_only_a_header():
    content = make_csv([]) + b";;;;\r\n"

    assert codes_and_rows(parse_pupil_csv(content).errors) == [("no_pupils", None)]


def test_it_refuses_a_spreadsheet_saved_as_xlsx():
    assert codes_and_rows(parse_pupil_csv(b"PK\x03\x04rest-of-zip").errors) == [("not_csv", None)]


def test_it_refuses_a_file_in_neither_utf8_nor_windows_1252():
    content = make_csv(GOOD_ROWS) + b"1004;\x81;;Bos;5\r\n"

    assert codes_and_rows(parse_pupil_csv(content).errors) == [("encoding", None)]


def test_it_counts_blank_lines_so_row_numbers_match_the_spreadsheet():
    content = make_csv(GOOD_ROWS[:1]) + b"\r\n;;;;\r\n1004;;;Bos;5\r\n"

    parsed = parse_pupil_csv(content)

    assert codes_and_rows(parsed.errors) == [("missing_first_name", 5)]


# --- planning and applying ------------------------------------------------------------------


def test_it_imports_a_good_file_and_creates_the_missing_groups(school, directie):
    existing = SchoolGroupFactory(school=school, name="groep 5", order=5)

    result = pupils_import(school=school, content=make_csv(GOOD_ROWS), imported_by=directie)

    assert (result.created, result.groups_created) == (3, 1)
    pupils = pupils_by_number(school)
    assert pupils["1001"].group == existing
    assert pupils["1002"].full_name == "Lotte van Dam"
    assert pupils["1003"].group.name == "groep 1/2a"
    assert pupils["1003"].group.order == 1
    assert all(p.left_on is None for p in pupils.values())
    assert SchoolGroup.objects.filter(school=school).count() == 2


def test_it_imports_nothing_when_one_row_is_bad(school, directie):
    rows = [*GOOD_ROWS, ("1004", "Mila", "", "", "6")]

    with pytest.raises(PupilImportError) as raised:
        pupils_import(school=school, content=make_csv(rows), imported_by=directie)

    assert codes_and_rows(raised.value.errors) == [("missing_last_name", 5)]
    assert not Pupil.objects.exists()
    assert not SchoolGroup.objects.exists()


@time_machine.travel(datetime.datetime(2027, 1, 11, 9, 0, tzinfo=datetime.UTC), tick=False)
def test_a_reimport_moves_renames_marks_leavers_and_welcomes_back_returning_pupils(
    school, group_5, directie
):
    group_4 = SchoolGroupFactory(school=school, name="groep 4", order=4)
    stays = PupilFactory(school=school, group=group_5, student_number="1", first_name="Sem")
    moves = PupilFactory(school=school, group=group_4, student_number="2", first_name="Lotte")
    PupilFactory(
        school=school, group=group_5, student_number="3", first_name="Noa", last_name="Smit"
    )
    PupilFactory(school=school, group=group_5, student_number="4")
    returns = PupilFactory(
        school=school, group=group_4, student_number="5", left_on=datetime.date(2026, 7, 10)
    )
    left_long_ago = PupilFactory(
        school=school, group=group_4, student_number="6", left_on=datetime.date(2025, 7, 10)
    )
    rows = [
        ("1", stays.first_name, "", stays.last_name, "groep 5"),
        ("2", moves.first_name, "", moves.last_name, "5"),
        ("3", "Noah", "", "Smit", "5"),
        ("5", returns.first_name, "", returns.last_name, "6"),
        ("7", "Finn", "", "Visser", "4"),
    ]

    plan = pupils_import_preview(school=school, content=make_csv(rows))
    result = pupils_import(school=school, plan=plan, imported_by=directie)

    assert [m.name for m in plan.moved] == [moves.full_name]
    assert (plan.moved[0].from_group, plan.moved[0].to_group) == ("groep 4", "groep 5")
    assert [(r.old_name, r.new_name) for r in plan.renamed] == [("Noa Smit", "Noah Smit")]
    assert [p.student_number for p in plan.leaving] == ["4"]
    assert [(p.student_number, p.group) for p in plan.returning] == [("5", "groep 6")]
    assert plan.new_groups == ["groep 6"]
    assert (result.created, result.moved, result.renamed, result.returned, result.left) == (
        1,
        1,
        1,
        1,
        1,
    )
    assert result.unchanged == 1

    pupils = pupils_by_number(school)
    assert len(pupils) == 7, "nobody is ever deleted"
    assert pupils["1"].group == group_5 and pupils["1"].left_on is None
    assert pupils["2"].group == group_5
    assert pupils["3"].first_name == "Noah"
    assert pupils["4"].left_on == TODAY
    assert pupils["4"].group == group_5, "a leaver keeps the group for the records"
    assert pupils["5"].left_on is None and pupils["5"].group.name == "groep 6"
    assert pupils["6"].left_on == left_long_ago.left_on, "an earlier leaving date stays"
    assert pupils["7"].group == group_4


def test_it_reuses_an_existing_group_spelled_differently(school, directie):
    existing = SchoolGroupFactory(school=school, name="Groep 1/2A", order=1)

    plan = pupils_import_preview(school=school, content=make_csv(GOOD_ROWS[2:]))
    pupils_import(school=school, plan=plan, imported_by=directie)

    assert plan.new_groups == []
    assert plan.new[0].group == "Groep 1/2A"
    assert Pupil.objects.get(student_number="1003").group == existing
    assert SchoolGroup.objects.count() == 1


def test_an_import_without_changes_changes_nothing(school, group_5, directie):
    rows = [
        (p.student_number, p.first_name, p.infix, p.last_name, "5")
        for p in [
            PupilFactory(school=school, group=group_5),
            PupilFactory(school=school, group=group_5, infix="van der"),
        ]
    ]

    plan = pupils_import_preview(school=school, content=make_csv(rows))

    assert not plan.has_changes
    assert plan.unchanged == 2


def test_the_preview_writes_nothing(school, group_5, pupil_5, directie):
    before = list(Pupil.objects.values_list("pk", "student_number", "group_id", "left_on"))

    plan = pupils_import_preview(school=school, content=make_csv([("9", "A", "", "B", "8")]))

    assert [p.name for p in plan.leaving] == [pupil_5.full_name]
    assert list(Pupil.objects.values_list("pk", "student_number", "group_id", "left_on")) == before
    assert SchoolGroup.objects.count() == 1


def test_apply_plans_again_against_the_database_as_it_is_now(school, group_5, directie):
    plan = pupils_import_preview(school=school, content=make_csv(GOOD_ROWS[:1]))
    assert [p.student_number for p in plan.new] == ["1001"]
    # Someone adds the same pupil by hand between the preview and the confirm.
    PupilFactory(school=school, group=group_5, student_number="1001", first_name="Semmie")

    result = pupils_import(school=school, plan=plan, imported_by=directie)

    assert (result.created, result.renamed) == (0, 1)
    assert Pupil.objects.get(student_number="1001").first_name == "Sem"


def test_it_leaves_the_pupils_of_another_school_alone(school, group_5, directie):
    other_school = SchoolFactory(name="De Regenboog")
    outsider = PupilFactory(school=other_school, student_number="1001", first_name="Ander")

    pupils_import(school=school, content=make_csv(GOOD_ROWS[:1]), imported_by=directie)

    outsider.refresh_from_db()
    assert outsider.left_on is None and outsider.first_name == "Ander"
    assert Pupil.objects.filter(school=school, student_number="1001").exists()


def test_it_refuses_a_plan_made_for_another_school(school, directie):
    other_school = SchoolFactory(name="De Regenboog")
    plan = pupils_import_preview(school=other_school, content=make_csv(GOOD_ROWS))

    with pytest.raises(ValueError):
        pupils_import(school=school, plan=plan, imported_by=directie)


def test_it_refuses_a_plan_with_errors(school, directie):
    plan = pupils_import_preview(school=school, content=b"")
    assert isinstance(plan, ImportPlan) and not plan.is_valid

    with pytest.raises(PupilImportError):
        pupils_import(school=school, plan=plan, imported_by=directie)


def test_it_warns_when_most_pupils_would_be_marked_as_left(school, group_5):
    for _ in range(10):
        PupilFactory(school=school, group=group_5)

    plan = pupils_import_preview(school=school, content=make_csv(GOOD_ROWS[:1]))

    assert len(plan.leaving) == 10
    assert len(plan.warnings) == 1
    assert "10" in plan.warnings[0]


# Savepoint, lock, groups, pupils, insert groups, insert pupils, update pupils, release: 8 on
# PostgreSQL whatever the size. SQLite caps a statement at 999 parameters, so Django splits
# the bulk statements for 200 pupils into batches there (3 more). Never one query per pupil.
# Then the visibility of the moved pupils' incidents
# (cases.visibility.permissions.visibility_sync): its
# savepoint, content types and permissions, one query per reason to see an incident or case
# and the existing rows of each: at most 15, however many pupils or incidents.
MAX_APPLY_QUERIES = 11 + 15


@pytest.mark.parametrize("count", [20, 200])
def test_applying_takes_a_number_of_queries_independent_of_the_number_of_pupils(
    count, school, directie, django_assert_max_num_queries
):
    group_4 = SchoolGroupFactory(school=school, name="groep 4", order=4)
    Pupil.objects.bulk_create(
        [
            Pupil(
                school=school,
                group=group_4,
                student_number=str(n),
                first_name="A",
                last_name=f"B{n}",
            )
            for n in range(2 * count)
        ]
    )
    # Half move to a new group under a new name, half leave, and as many new pupils come in.
    rows = [(str(n), "Anne", "", f"B{n}", "5") for n in range(count)]
    rows += numbered_rows(count, group="6", start=100000)

    with django_assert_max_num_queries(MAX_APPLY_QUERIES):
        result = pupils_import(school=school, content=make_csv(rows), imported_by=directie)

    assert (result.created, result.moved, result.renamed, result.left) == (
        count,
        count,
        count,
        count,
    )


def test_the_preview_takes_the_same_number_of_queries_for_20_and_200_pupils(school, directie):
    counts = []
    for count, start in ((20, 0), (200, 10000)):
        rows = numbered_rows(count, start=start)
        with CaptureQueriesContext(connection) as queries:
            pupils_import_preview(school=school, content=make_csv(rows))
        counts.append(len(queries))
    assert counts[0] == counts[1]
