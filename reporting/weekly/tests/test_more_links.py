"""Each section's "meer" link opens the incident or case list with the same rows first."""

import pytest
import time_machine
from django.urls import reverse

from accounts.tests.helpers import otp_login
from cases.models import AccessAction, AccessLog
from reporting.weekly.tests.conftest import TODAY, WEEK, build_school

pytestmark = pytest.mark.django_db


@pytest.fixture
def school(ib, teacher, group_5, school_year):
    with time_machine.travel(TODAY, tick=False):
        made = build_school(scale=1, group=group_5, teacher=teacher, ib=ib)
        yield made


@pytest.fixture
def as_ib(client, ib, school):
    otp_login(client, ib)
    return client


def _page(client):
    return client.get(reverse("reporting:week"), {"week": str(WEEK)})


@pytest.mark.parametrize("section", ["overdue", "escalated", "serious", "placements"])
def test_the_case_list_filter_holds_the_sections_cases(as_ib, section):
    attention = _page(as_ib).context["attention"][section]

    response = as_ib.get(attention.more_url)

    listed = {row["case"].pk for row in response.context["rows"]}
    shown = {getattr(row, "case_id", row.pk) for row in attention.rows}
    assert shown and shown <= listed
    assert response.context["case_filter_label"]


def test_the_registrations_more_link_filters_the_incident_list_on_the_week(as_ib):
    registrations = _page(as_ib).context["registrations"]

    response = as_ib.get(registrations.more_url)

    listed = set(response.context["page"].paginator.object_list.values_list("pk", flat=True))
    assert listed == {row["incident"].pk for row in registrations.rows}


def test_the_csv_holds_the_weeks_registrations_and_is_logged(as_ib, school):
    response = as_ib.get(reverse("reporting:week_export"), {"week": str(WEEK), "late": "on"})

    text = response.content.decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv")
    assert f"weekoverzicht-{WEEK}.csv" in response["Content-Disposition"]
    rows = text.strip().split("\r\n")
    assert [row.split(";")[0] for row in rows[1:]] == [str(school["late"][0].pk)]
    assert AccessLog.objects.filter(action=AccessAction.EXPORT).count() == 1
