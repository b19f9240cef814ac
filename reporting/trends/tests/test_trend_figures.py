"""Every figure of the trends page checked against the hand-built school of conftest.py."""

from datetime import date, timedelta

import pytest
from django.utils import translation

from reporting.trends import conformance, selectors
from reporting.trends.scope import scope_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """Labels compared in English: the Dutch comes from the catalogue, tested apart."""
    with translation.override("en"):
        yield


@pytest.fixture
def scope(years):
    return scope_for(years[0])


def _figures(rows):
    return {row["label"]: (row["current"], row["previous"]) for row in rows if _any(row)}


def _any(row):
    return row["current"] or row["previous"]


def test_the_previous_window_is_the_same_dates_a_year_earlier(years):
    scope = scope_for(years[0], start=date(2026, 9, 1), end=date(2027, 2, 28))

    assert scope.previous.start == date(2025, 9, 1)
    assert scope.previous.end == date(2026, 2, 28)


def test_a_period_outside_the_year_is_cut_to_the_year(years):
    scope = scope_for(years[0], start=date(2026, 1, 1), end=date(2028, 1, 1))

    assert (scope.current.start, scope.current.end) == (date(2026, 8, 17), date(2027, 7, 9))


def test_totals_and_repeat_involvement(school_data, coordinator, scope):
    assert selectors.totals(coordinator, scope)["current"] == 3
    assert selectors.totals(coordinator, scope)["previous"] == 1
    repeat = selectors.repeat_involvement(coordinator, scope)
    assert (repeat["current"], repeat["previous"]) == (1, 0)


def test_per_month_in_school_year_order(school_data, coordinator, scope):
    rows = selectors.per_month(coordinator, scope)

    assert [row["label"] for row in rows][:3] == ["August", "September", "October"]
    assert _figures(rows) == {"September": (2, 1), "October": (1, 0)}
    assert len(rows) == 12


def test_per_location_group_weekday_and_part_of_day(school_data, coordinator, scope):
    assert _figures(selectors.per_location(coordinator, scope)) == {
        "Playground": (2, 0),
        "Classroom": (1, 0),
        "Gym": (0, 1),
    }
    assert _figures(selectors.per_group(coordinator, scope)) == {
        "groep 5": (3, 1),
        "groep 7": (1, 0),
    }
    assert _figures(selectors.per_weekday(coordinator, scope)) == {
        "Monday": (2, 0),
        "Tuesday": (1, 0),
        "Wednesday": (0, 1),
    }
    parts = selectors.per_part_of_day(coordinator, scope)
    assert _figures(parts) == {
        "Before school (before 8:30)": (0, 1),
        "Morning (8:30–12:00)": (1, 0),
        "Lunch break (12:00–13:00)": (1, 0),
        "Time not known": (1, 0),
    }


def test_per_form_example_platform_classification_and_role(school_data, coordinator, scope):
    assert _figures(selectors.per_form(coordinator, scope)) == {
        "Verbaal": (1, 0),
        "Digitaal": (1, 0),
    }
    assert _figures(selectors.per_example(coordinator, scope)) == {
        "Verbaal: Bijnaam gebruiken": (1, 0)
    }
    assert _figures(selectors.per_platform(coordinator, scope)) == {"WhatsApp": (1, 0)}
    assert _figures(selectors.per_classification(coordinator, scope)) == {
        "Bullying": (1, 0),
        "Teasing": (1, 0),
        "Not yet verified": (1, 1),
    }
    assert _figures(selectors.per_role(coordinator, scope)) == {
        "Victim": (3, 1),
        "Bully": (1, 0),
    }


def test_a_group_counts_only_incidents_of_its_pupils(school_data, coordinator, years, group_7):
    scope = scope_for(years[0], group=group_7)

    assert selectors.totals(coordinator, scope)["current"] == 1
    assert _figures(selectors.per_group(coordinator, scope)) == {
        "groep 5": (1, 0),
        "groep 7": (1, 0),
    }


def test_registration_within_24_hours_counts_the_boundary_as_in_time(
    school_data, coordinator, scope
):
    assert conformance.registered_in_time(coordinator, scope) == {
        "current": (2, 3),
        "previous": (1, 1),
    }


def test_median_time_to_verification(school_data, coordinator, scope):
    figures = conformance.time_to_verification(coordinator, scope)

    assert figures["current"] == (timedelta(hours=36), 2)
    assert figures["previous"] == (None, 0)


def test_deadlines_met_on_the_last_day_count_and_replaced_ones_do_not(
    school_data, coordinator, scope
):
    figures = conformance.deadlines_met(coordinator, scope)

    assert figures["first_evaluation"]["current"] == (1, 1)
    assert figures["parent_followup"]["current"] == (0, 1)
    assert figures["next_conversation"]["current"] == (0, 1)
    assert figures["placement_review"]["current"] == (0, 0)


def test_cases_opened_closed_escalated_and_their_duration(school_data, coordinator, scope):
    counts = conformance.case_counts(coordinator, scope)

    assert counts["opened"] == {"current": 2, "previous": 0}
    assert counts["closed"] == {"current": 1, "previous": 0}
    assert counts["step_6"] == {"current": 1, "previous": 0}
    assert counts["step_7"] == {"current": 0, "previous": 0}
    assert counts["reopened"] == {"current": 0, "previous": 0}
    assert conformance.case_duration(coordinator, scope)["current"] == (
        timedelta(days=84, hours=1),  # September is summer time, December is not
        1,
    )
    assert conformance.cases_per_step_now(coordinator, scope) == {"step_2": 1}


def test_the_median_of_an_odd_number_is_the_middle_one(school_data, coordinator, scope, ib):
    selectors.Incident.objects.filter(pk=school_data["c"].pk).update(
        verified_at=school_data["c"].reported_at + timedelta(hours=100)
    )

    assert conformance.time_to_verification(coordinator, scope)["current"] == (
        timedelta(hours=48),
        3,
    )
