import datetime
import re
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.tests.helpers import otp_login, password_login
from cases.models import Incident
from cases.visibility.permissions import visibility_sync
from tests.factories import IncidentFactory, InvolvementFactory, PupilFactory

pytestmark = pytest.mark.django_db

AMS = ZoneInfo("Europe/Amsterdam")
NOW = datetime.datetime(2027, 3, 15, 12, 0, tzinfo=AMS)
URL = reverse("cases:incident_list")


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def logged_in(client, ib, teacher):
    """The IB, who sees every incident: these tests are about the list, not about who sees
    what (that is tests/test_visibility_leaks.py)."""
    otp_login(client, ib)
    return client


def make_incident(*, pupils=(), forms=(), occurred_on=datetime.date(2027, 3, 10), late=False, **kw):
    reported_at = datetime.datetime.combine(occurred_on, datetime.time(9), tzinfo=AMS)
    delay = datetime.timedelta(hours=30 if late else 2)
    incident = IncidentFactory(
        occurred_on=occurred_on,
        reported_at=reported_at,
        registered_at=reported_at + delay,
        **kw,
    )
    for pupil, role in pupils:
        InvolvementFactory(incident=incident, pupil=pupil, role=role)
    incident.forms.set(forms)
    visibility_sync(incidents=[incident])  # as incident_register does
    return incident


def listed(response) -> list[Incident]:
    return list(response.context["incidents"])


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_row_shows_date_pupils_with_roles_forms_classification_and_who_registered(
    logged_in, teacher, pupil_5, pupil_5b, protocol
):
    incident = make_incident(
        pupils=[(pupil_5, "bully"), (pupil_5b, "victim")],
        forms=[protocol["verbal"], protocol["digital"]],
        occurred_on=datetime.date(2027, 3, 10),
        classification="bullying",
        severity="serious",
        registered_by=teacher,
        late=True,
    )

    html = logged_in.get(URL).content.decode()

    row = html[html.index(incident.get_absolute_url()) :]
    row = row[: row.index("</tr>")]
    assert "10-03-2027" in row
    assert re.search(r"Sem Bakker <small[^>]*>\(groep 5, [^)]+\)", row)
    assert re.search(r"Lotte van Dam <small[^>]*>\(groep 5, [^)]+\)", row)
    assert "Verbaal, Digitaal" in row
    assert incident.get_classification_display() in row
    assert incident.get_severity_display() in row
    assert "Anna de Vries" in row
    assert "badge-late" in row


def test_an_incident_registered_on_time_has_no_late_badge(logged_in, pupil_5):
    make_incident(pupils=[(pupil_5, "victim")], late=False)

    assert "badge-late" not in logged_in.get(URL).content.decode()


def test_the_page_offers_a_new_incident_button(logged_in):
    html = logged_in.get(URL).content.decode()

    # On the page, and in the navigation (one link for phones, one for larger screens).
    assert html.count(f'href="{reverse("cases:incident_create")}"') == 3


def test_it_lists_only_what_the_selector_allows(logged_in, pupil_5):
    make_incident(pupils=[(pupil_5, "victim")])

    with mock.patch(
        "cases.incidents.views.incidents.incidents_visible_to", return_value=Incident.objects.none()
    ):
        response = logged_in.get(URL)

    assert listed(response) == []


def test_it_filters_on_group(logged_in, group_7, pupil_5, pupil_7):
    in_5 = make_incident(pupils=[(pupil_5, "victim")])
    in_7 = make_incident(pupils=[(pupil_7, "victim"), (PupilFactory(group=group_7), "bully")])

    assert listed(logged_in.get(URL, {"group": group_7.pk})) == [in_7]
    assert in_5 not in listed(logged_in.get(URL, {"group": group_7.pk}))


def test_it_filters_on_form(logged_in, pupil_5, protocol):
    verbal = make_incident(pupils=[(pupil_5, "victim")], forms=[protocol["verbal"]])
    make_incident(pupils=[(pupil_5, "victim")], forms=[protocol["physical"]])

    assert listed(logged_in.get(URL, {"form": protocol["verbal"].pk})) == [verbal]


def test_it_filters_on_classification(logged_in, pupil_5):
    bullying = make_incident(pupils=[(pupil_5, "victim")], classification="bullying")
    make_incident(pupils=[(pupil_5, "victim")], classification="teasing")

    assert listed(logged_in.get(URL, {"classification": "bullying"})) == [bullying]


def test_the_period_includes_its_first_and_last_day(logged_in, pupil_5):
    before = make_incident(pupils=[(pupil_5, "victim")], occurred_on=datetime.date(2027, 3, 1))
    first = make_incident(pupils=[(pupil_5, "victim")], occurred_on=datetime.date(2027, 3, 2))
    last = make_incident(pupils=[(pupil_5, "victim")], occurred_on=datetime.date(2027, 3, 9))
    after = make_incident(pupils=[(pupil_5, "victim")], occurred_on=datetime.date(2027, 3, 10))

    found = listed(logged_in.get(URL, {"date_from": "2027-03-02", "date_to": "2027-03-09"}))

    assert found == [last, first]
    assert before not in found and after not in found


def test_it_filters_on_late_and_on_time(logged_in, pupil_5):
    late = make_incident(pupils=[(pupil_5, "victim")], late=True)
    on_time = make_incident(pupils=[(pupil_5, "victim")], late=False)

    assert listed(logged_in.get(URL, {"late": "yes"})) == [late]
    assert listed(logged_in.get(URL, {"late": "no"})) == [on_time]


def test_exactly_24_hours_counts_as_on_time_in_the_filter(logged_in, pupil_5):
    reported = datetime.datetime(2027, 3, 10, 9, 0, tzinfo=AMS)
    exactly = IncidentFactory(
        reported_at=reported, registered_at=reported + datetime.timedelta(hours=24)
    )
    minute_more = IncidentFactory(
        reported_at=reported, registered_at=reported + datetime.timedelta(hours=24, minutes=1)
    )

    assert listed(logged_in.get(URL, {"late": "no"})) == [exactly]
    assert listed(logged_in.get(URL, {"late": "yes"})) == [minute_more]


def test_filters_combine(logged_in, group_7, pupil_5, pupil_7, protocol):
    make_incident(pupils=[(pupil_7, "victim")], forms=[protocol["verbal"]], late=False)
    match = make_incident(pupils=[(pupil_7, "victim")], forms=[protocol["verbal"]], late=True)
    make_incident(pupils=[(pupil_5, "victim")], forms=[protocol["verbal"]], late=True)

    found = listed(
        logged_in.get(URL, {"group": group_7.pk, "form": protocol["verbal"].pk, "late": "yes"})
    )

    assert found == [match]


def test_an_end_date_before_the_start_date_is_explained_and_not_applied(logged_in, pupil_5):
    incident = make_incident(pupils=[(pupil_5, "victim")], occurred_on=datetime.date(2027, 3, 5))

    response = logged_in.get(URL, {"date_from": "2027-03-01", "date_to": "2027-02-01"})

    assert response.context["filter_form"].errors["date_to"]
    assert listed(response) == [incident]


def test_an_unknown_filter_value_is_ignored(logged_in, pupil_5):
    incident = make_incident(pupils=[(pupil_5, "victim")])

    response = logged_in.get(URL, {"group": "999", "late": "maybe"})

    assert listed(response) == [incident]


def test_it_shows_25_incidents_per_page_and_keeps_the_filters_in_the_page_links(logged_in, pupil_5):
    for day in range(1, 28):
        make_incident(pupils=[(pupil_5, "victim")], occurred_on=datetime.date(2027, 3, day))

    first = logged_in.get(URL, {"classification": "undetermined", "late": "no"})

    assert len(listed(first)) == 25
    html = first.content.decode()
    assert 'href="?classification=undetermined&amp;late=no&amp;page=2"' in html

    second = logged_in.get(URL, {"classification": "undetermined", "late": "no", "page": "2"})
    assert [i.occurred_on.day for i in listed(second)] == [2, 1]
    assert 'href="?classification=undetermined&amp;late=no&amp;page=1"' in second.content.decode()


def test_a_page_number_out_of_range_shows_the_last_page(logged_in, pupil_5):
    make_incident(pupils=[(pupil_5, "victim")])

    response = logged_in.get(URL, {"page": "99"})

    assert response.status_code == 200
    assert len(listed(response)) == 1


def _fill(count, pupils, forms, users):
    for number in range(count):
        make_incident(
            pupils=[(pupils[number % 2], "bully"), (pupils[(number + 1) % 2], "victim")],
            forms=forms[: number % 3 + 1],
            occurred_on=datetime.date(2027, 1, 1) + datetime.timedelta(days=number % 60),
            late=number % 4 == 0,
            registered_by=users[number % len(users)],
        )


def _queries(client, params) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, params)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("viewer", ["teacher", "ib"])
@pytest.mark.parametrize(
    "params",
    [{}, {"late": "yes", "date_from": "2027-01-01"}],
    ids=["unfiltered", "filtered"],
)
def test_the_number_of_queries_does_not_grow_with_the_number_of_incidents(
    client,
    django_assert_num_queries,
    teacher,
    other_teacher,
    ib,
    pupil_5,
    pupil_7,
    protocol,
    params,
    viewer,
):
    # The teacher sees through a permission per incident, the IB through the role.
    if viewer == "teacher":
        password_login(client, teacher)
    else:
        otp_login(client, ib)
    logged_in = client
    forms = [protocol["verbal"], protocol["physical"], protocol["digital"]]
    _fill(10, [pupil_5, pupil_7], forms, [teacher, other_teacher])
    with_ten = _queries(logged_in, params)

    _fill(190, [pupil_5, pupil_7], forms, [teacher, other_teacher])
    with django_assert_num_queries(with_ten):
        response = logged_in.get(URL, params)

    assert response.context["page"].paginator.count >= 25


def test_it_filters_on_awaiting_verification(logged_in, pupil_5):
    waiting = make_incident(pupils=[(pupil_5, "victim")])
    make_incident(pupils=[(pupil_5, "victim")], verified_at=NOW)

    assert listed(logged_in.get(URL, {"verification": "awaiting"})) == [waiting]
