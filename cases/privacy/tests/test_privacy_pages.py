"""The privacy page and the retention page: for the directie, generated from the roles,
settings and runs, in a fixed number of queries; confirming a policy."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.tests.helpers import otp_login, password_login
from cases.models import RetentionConfirmation, RetentionRun
from cases.privacy.services import retention_run
from tests.factories import PupilFactory

pytestmark = pytest.mark.django_db

PRIVACY = reverse("cases:privacy")
RETENTION = reverse("cases:retention")


def test_the_privacy_page_shows_roles_periods_and_the_last_run(client, directie, teacher):
    retention_run()
    otp_login(client, directie)

    response = client.get(PRIVACY)

    assert response.status_code == 200
    roles = {label: count for label, count, _access in response.context["roles"]}
    assert roles["Leerkracht"] == 1
    states = {s.policy.key: s for s in response.context["states"]}
    assert states["pupil_records"].last_run.dry_run is True
    assert "2" in str(states["pupil_records"].policy.period())


def test_the_retention_page_shows_what_a_run_would_do_today(client, directie, group_5):
    PupilFactory(school=group_5.school, group=group_5, left_on=datetime.date(2020, 1, 1))
    otp_login(client, directie)

    response = client.get(RETENTION)

    states = {s.policy.key: s for s in response.context["states"]}
    assert states["pupil_records"].preview["pupils"] == 1
    assert states["pupil_records"].confirmation is None


def test_the_directie_confirms_a_policy_once(client, directie):
    otp_login(client, directie)
    url = reverse("cases:retention_confirm", args=["pupil_records"])

    assert client.post(url).status_code == 302
    assert client.post(url).status_code == 302

    confirmation = RetentionConfirmation.objects.get()
    assert confirmation.confirmed_by == directie


def test_an_unknown_policy_is_not_found(client, directie):
    otp_login(client, directie)

    assert client.post(reverse("cases:retention_confirm", args=["everything"])).status_code == 404


@pytest.mark.parametrize("who", ["ib", "coordinator", "teacher"])
def test_only_the_directie(client, request, who):
    user = request.getfixturevalue(who)
    (password_login if who == "teacher" else otp_login)(client, user)

    assert client.get(PRIVACY).status_code == 403
    assert client.get(RETENTION).status_code == 403
    url = reverse("cases:retention_confirm", args=["pupil_records"])
    assert client.post(url).status_code == 403
    assert not RetentionConfirmation.objects.exists()


def test_the_query_counts_are_fixed(client, directie, group_5):
    otp_login(client, directie)
    client.get(PRIVACY)
    with CaptureQueriesContext(connection) as few_privacy:
        client.get(PRIVACY)
    with CaptureQueriesContext(connection) as few_retention:
        client.get(RETENTION)
    for n in range(5):
        PupilFactory(school=group_5.school, group=group_5, left_on=datetime.date(2020, 1, 1))
        RetentionRun.objects.create(
            policy="access_log", ran_at=timezone.now(), dry_run=True, counts={"accesses": n}
        )

    with CaptureQueriesContext(connection) as many_privacy:
        client.get(PRIVACY)
    with CaptureQueriesContext(connection) as many_retention:
        client.get(RETENTION)

    assert len(many_privacy.captured_queries) == len(few_privacy.captured_queries)
    assert len(many_retention.captured_queries) == len(few_retention.captured_queries)
