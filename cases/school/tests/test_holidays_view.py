"""The directie enters the holidays of each school year; deadlines move past them."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext

from cases.models import Holiday
from cases.tests.workspace_helpers import client_for, html, messages_of
from tests.factories import SchoolYearFactory

pytestmark = pytest.mark.django_db

LIST = reverse("cases:holiday_list")


def edit_url(holiday) -> str:
    return reverse("cases:holiday_edit", args=[holiday.pk])


def remove_url(holiday) -> str:
    return reverse("cases:holiday_remove", args=[holiday.pk])


@pytest.fixture
def year(school):
    # 17 August 2026 to 9 July 2027.
    return SchoolYearFactory(school=school)


@pytest.fixture
def christmas(year):
    return Holiday.objects.create(
        school_year=year,
        name="Kerstvakantie",
        start_date=date(2026, 12, 19),
        end_date=date(2027, 1, 3),
    )


@pytest.fixture
def esther(directie):
    return client_for(directie)


def holiday(year, name="Herfstvakantie", start="2026-10-17", end="2026-10-25") -> dict:
    return {"school_year": year.pk, "name": name, "start_date": start, "end_date": end}


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, year):
    response = client.get(LIST)

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("role", ["teacher", "ib", "coordinator"])
def test_only_the_directie_may_enter_holidays(role, request, year, christmas):
    client = client_for(request.getfixturevalue(role))

    assert client.get(LIST).status_code == 403
    assert client.post(LIST, holiday(year)).status_code == 403
    assert client.get(edit_url(christmas)).status_code == 403
    assert client.post(edit_url(christmas), holiday(year)).status_code == 403
    assert client.post(remove_url(christmas)).status_code == 403
    assert Holiday.objects.count() == 1


def test_the_page_lists_the_holidays_per_school_year(esther, year, christmas):
    response = esther.get(LIST)

    assert response.status_code == 200
    page = html(response)
    assert "Kerstvakantie" in page
    assert year.name in page
    assert edit_url(christmas) in page
    assert remove_url(christmas) in page


def test_the_current_school_year_is_chosen_beforehand(esther, year, school, clock):
    SchoolYearFactory(
        school=school, name="2027-2028", start_date=date(2027, 8, 16), end_date=date(2028, 7, 7)
    )

    form = esther.get(LIST).context["form"]

    assert form.initial["school_year"] == str(year.pk)


def test_a_holiday_is_added(esther, year):
    response = esther.post(LIST, holiday(year))

    assert response.status_code == 302
    added = Holiday.objects.get()
    assert (added.name, added.start_date, added.end_date) == (
        "Herfstvakantie",
        date(2026, 10, 17),
        date(2026, 10, 25),
    )
    assert messages_of(response) == [
        gettext("%(name)s has been added to school year %(year)s.")
        % {"name": "Herfstvakantie", "year": year.name}
    ]


def test_a_single_study_day_is_added(esther, year):
    esther.post(LIST, holiday(year, name="Studiedag", start="2027-02-01", end="2027-02-01"))

    assert Holiday.objects.get().start_date == Holiday.objects.get().end_date


def test_the_last_day_before_the_first_is_refused(esther, year):
    response = esther.post(LIST, holiday(year, start="2026-10-25", end="2026-10-17"))

    assert response.status_code == 200
    assert response.context["form"].errors["end_date"] == [
        gettext("The last day cannot be before the first day.")
    ]
    assert not Holiday.objects.exists()
    assert 'value="2026-10-25"' in html(response)


def test_a_holiday_outside_its_school_year_is_refused(esther, year):
    response = esther.post(LIST, holiday(year, name="Kerst", start="2027-12-18", end="2028-01-02"))

    errors = response.context["form"].errors["start_date"]
    assert errors == [
        gettext(
            "These days fall outside school year %(year)s, which runs from %(first)s to "
            "%(last)s (its summer holiday included). Choose the right school year, or check "
            "the dates."
        )
        % {"year": year.name, "first": "17-08-2026", "last": "03-09-2027"}
    ]
    assert not Holiday.objects.exists()


def test_a_holiday_before_the_school_year_starts_is_refused(esther, year):
    response = esther.post(LIST, holiday(year, start="2026-08-01", end="2026-08-10"))

    assert "start_date" in response.context["form"].errors


def test_the_summer_holiday_after_the_last_school_day_belongs_to_the_year(esther, year, school):
    SchoolYearFactory(
        school=school, name="2027-2028", start_date=date(2027, 8, 23), end_date=date(2028, 7, 7)
    )

    response = esther.post(
        LIST, holiday(year, name="Zomervakantie", start="2027-07-10", end="2027-08-22")
    )

    assert response.status_code == 302
    assert Holiday.objects.get().name == "Zomervakantie"


def test_a_summer_holiday_that_runs_into_the_next_school_year_is_refused(esther, year, school):
    SchoolYearFactory(
        school=school, name="2027-2028", start_date=date(2027, 8, 23), end_date=date(2028, 7, 7)
    )

    response = esther.post(
        LIST, holiday(year, name="Zomervakantie", start="2027-07-10", end="2027-08-25")
    )

    assert "end_date" in response.context["form"].errors


def test_an_overlap_with_another_holiday_is_refused(esther, year, christmas):
    response = esther.post(LIST, holiday(year, name="Kerst", start="2026-12-21", end="2026-12-24"))

    assert response.context["form"].errors["start_date"] == [
        gettext(
            "These days overlap with %(name)s (%(start)s to %(end)s). Change the dates, or "
            "change %(name)s instead."
        )
        % {"name": "Kerstvakantie", "start": "19-12-2026", "end": "03-01-2027"}
    ]


def test_a_holiday_needs_a_name(esther, year):
    response = esther.post(LIST, holiday(year, name=""))

    assert response.context["form"].errors["name"] == [
        gettext("Enter the name of the holiday, for example Christmas.")
    ]


def test_a_holiday_is_changed(esther, year, christmas):
    page = esther.get(edit_url(christmas))
    assert page.context["editing"] == christmas
    assert 'value="Kerstvakantie"' in html(page)

    response = esther.post(
        edit_url(christmas),
        holiday(year, name="Kerstvakantie", start="2026-12-19", end="2027-01-04"),
    )

    assert response.status_code == 302
    christmas.refresh_from_db()
    assert christmas.end_date == date(2027, 1, 4)


def test_a_changed_holiday_does_not_overlap_with_itself(esther, year, christmas):
    response = esther.post(
        edit_url(christmas), holiday(year, name="Kerst", start="2026-12-18", end="2027-01-03")
    )

    assert response.status_code == 302


def test_a_change_with_wrong_dates_keeps_the_input(esther, year, christmas):
    response = esther.post(
        edit_url(christmas), holiday(year, name="Kerst", start="2027-01-03", end="2026-12-19")
    )

    assert response.status_code == 200
    assert response.context["editing"] == christmas
    christmas.refresh_from_db()
    assert christmas.name == "Kerstvakantie"


def test_a_holiday_is_deleted(esther, christmas):
    response = esther.post(remove_url(christmas))

    assert response.status_code == 302
    assert not Holiday.objects.exists()


def test_deleting_asks_for_a_post(esther, christmas):
    assert esther.get(remove_url(christmas)).status_code == 405


def test_a_holiday_that_does_not_exist_is_not_found(esther, christmas):
    assert esther.get(reverse("cases:holiday_edit", args=[christmas.pk + 1])).status_code == 404


def test_without_a_school_year_the_page_says_what_to_do(esther):
    response = esther.get(LIST)

    assert response.status_code == 200
    assert response.context["years"] == []


def test_the_page_makes_the_same_number_of_queries_for_2_and_20_holidays(
    esther, year, django_assert_num_queries
):
    def add(count: int, offset: int) -> None:
        for n in range(count):
            day = date(2026, 9, 1) + timedelta(days=2 * (n + offset))
            Holiday.objects.create(school_year=year, name=f"Dag {n}", start_date=day, end_date=day)

    add(2, 0)
    with CaptureQueriesContext(connection) as queries:
        esther.get(LIST)
    add(18, 2)

    with django_assert_num_queries(len(queries)):
        esther.get(LIST)
