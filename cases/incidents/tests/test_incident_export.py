"""The incident list as a CSV file (meldingen/export/). What a teacher may not see never
reaches it: tests/test_visibility_leaks.py."""

import csv
import datetime
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.tests.helpers import otp_login
from cases.models import AccessAction, AccessLog, AccessObject
from tests.factories import IncidentFactory, InvolvementFactory, PupilFactory

pytestmark = pytest.mark.django_db

EXPORT = reverse("cases:incident_export")
AMS = ZoneInfo("Europe/Amsterdam")


@pytest.fixture
def as_ib(client, ib):
    otp_login(client, ib)
    return client


def rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def make(pupil, **kwargs):
    incident = IncidentFactory(**kwargs)
    InvolvementFactory(incident=incident, pupil=pupil, role="victim")
    return incident


def test_it_is_a_download_a_dutch_spreadsheet_opens_as_columns(client, ib, pupil_5):
    make(pupil_5)

    with time_machine.travel(datetime.datetime(2027, 3, 15, 12, tzinfo=AMS)):
        otp_login(client, ib)
        response = client.get(EXPORT)

    assert response.content.startswith("\ufeff".encode())
    assert response["Content-Disposition"] == 'attachment; filename="meldingen-2027-03-15.csv"'
    assert len(rows(response)[0]) == 14


def test_a_row_holds_the_lists_columns_and_not_what_happened(as_ib, pupil_5, protocol):
    incident = make(
        pupil_5,
        occurred_on=datetime.date(2027, 3, 10),
        reported_at=datetime.datetime(2027, 3, 10, 9, tzinfo=AMS),
        registered_at=datetime.datetime(2027, 3, 11, 15, tzinfo=AMS),
        description="Sem werd uitgescholden bij het hek.",
    )
    incident.forms.set([protocol["verbal"]])

    (_header, row) = rows(as_ib.get(EXPORT))

    assert row[0] == str(incident.pk)
    assert row[1] == "10-03-2027"
    assert (
        row[4] == f"{pupil_5.full_name} ({incident.involvements.get().get_role_display().lower()})"
    )
    assert row[5] == "groep 5"
    assert row[6] == protocol["verbal"].name
    assert row[9:11] == ["10-03-2027 09:00", "11-03-2027 15:00"]
    assert "uitgescholden" not in as_ib.get(EXPORT).content.decode("utf-8-sig")


def test_it_keeps_the_lists_filters(as_ib, pupil_5, pupil_7, group_7):
    make(pupil_5)
    in_7 = make(pupil_7)

    exported = rows(as_ib.get(EXPORT, {"group": group_7.pk}))

    assert [row[0] for row in exported[1:]] == [str(in_7.pk)]


def test_an_export_is_logged_once_with_its_filters_and_how_many_incidents(
    as_ib, ib, pupil_5, group_5
):
    make(pupil_5), make(pupil_5)

    response = as_ib.get(EXPORT, {"group": group_5.pk, "unknown": "x"})

    (logged,) = AccessLog.objects.filter(user=ib, action=AccessAction.EXPORT)
    assert (logged.object_type, logged.object_id) == (AccessObject.INCIDENT_LIST, None)
    assert logged.filters == f"group={group_5.pk}"
    assert logged.row_count == 2 == len(rows(response)) - 1


def test_the_file_is_streamed_in_chunks(as_ib, group_5, monkeypatch):
    monkeypatch.setattr("cases.incidents.export.CHUNK", 2)
    made = [make(PupilFactory(school=group_5.school, group=group_5)) for _ in range(5)]

    response = as_ib.get(EXPORT)

    assert response.streaming
    chunks = list(response.streaming_content)
    assert len(chunks) == 3
    text = b"".join(chunks).decode("utf-8-sig")
    exported = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert sorted(row[0] for row in exported[1:]) == sorted(str(i.pk) for i in made)
    assert all(row[4] for row in exported[1:])


def test_a_cell_that_a_spreadsheet_would_run_is_defused(as_ib, pupil_5):
    pupil_5.first_name = "=HYPERLINK(1)"
    pupil_5.save()
    make(pupil_5)

    (_header, row) = rows(as_ib.get(EXPORT))

    assert row[4].startswith("'=HYPERLINK")


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_names_starting_like_a_formula_are_text_in_every_column(
    as_ib, ib, teacher, pupil_5, group_5, start
):
    pupil_5.first_name = f'{start}HYPERLINK("https://evil.example")'
    pupil_5.save()
    group_5.name = f"{start}1+1"
    group_5.save()
    teacher.first_name = f"{start}SUM(1)"
    teacher.save()
    make(pupil_5, registered_by=teacher)

    (header, row) = rows(as_ib.get(EXPORT))

    columns = dict(zip(header, row, strict=True))
    for cell in columns.values():
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
    assert row[4].startswith("'" + pupil_5.first_name)
    assert row[5] == "'" + group_5.name
    # The full name loses a leading tab or line break; what is left is kept whole.
    assert row[12].removeprefix("'") == str(teacher)


def test_it_takes_the_same_queries_however_many_incidents(as_ib, group_5, protocol):
    def fill(count):
        for _n in range(count):
            incident = make(PupilFactory(school=group_5.school, group=group_5))
            incident.forms.set([protocol["verbal"], protocol["physical"]])

    fill(2)
    with CaptureQueriesContext(connection) as few:
        rows(as_ib.get(EXPORT))
    fill(40)
    with CaptureQueriesContext(connection) as many:
        exported = rows(as_ib.get(EXPORT))

    assert len(exported) == 43
    assert len(many) == len(few)


def test_the_list_links_to_the_export_with_its_filters(as_ib, pupil_5, group_5):
    make(pupil_5)

    html = as_ib.get(reverse("cases:incident_list"), {"group": group_5.pk}).content.decode()

    assert f'href="{EXPORT}?group={group_5.pk}"' in html


def test_each_row_gets_its_own_pupils_and_forms_also_on_the_same_day(
    as_ib, group_5, protocol, monkeypatch
):
    monkeypatch.setattr("cases.incidents.export.CHUNK", 2)
    same_moment = datetime.datetime(2027, 3, 10, 9, tzinfo=AMS)
    expected = {}
    for n in range(5):
        pupil = PupilFactory(school=group_5.school, group=group_5, first_name=f"Kind{n}")
        incident = make(pupil, occurred_on=same_moment.date(), reported_at=same_moment)
        if n % 2:
            incident.forms.set([protocol["verbal"]])
        expected[str(incident.pk)] = (pupil.full_name, protocol["verbal"].name if n % 2 else "")

    exported = rows(as_ib.get(EXPORT))[1:]

    assert {row[0]: (row[4].split(" (")[0], row[6]) for row in exported} == expected
    assert [row[0] for row in exported] == sorted(expected, key=int, reverse=True)
