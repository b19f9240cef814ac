"""The staff's pupil search: only pupils the user may see, paginated, in a fixed number of
queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.tests.helpers import otp_login, password_login
from cases.pupils.views import PUPILS_PER_PAGE
from tests.factories import PupilFactory

pytestmark = pytest.mark.django_db

URL = reverse("cases:pupil_list")


def test_a_teacher_finds_only_her_groups_pupils(client, teacher, pupil_5, pupil_5b, pupil_7):
    password_login(client, teacher)

    response = client.get(URL)

    assert list(response.context["pupils"]) == [pupil_5, pupil_5b]
    assert pupil_7.full_name not in response.content.decode()


def test_a_search_for_another_groups_pupil_finds_nothing(client, teacher, pupil_5, pupil_7):
    password_login(client, teacher)

    response = client.get(URL, {"q": "Noah Smit"})

    assert list(response.context["pupils"]) == []
    assert response.context["page"].paginator.count == 0
    assert reverse("cases:pupil_detail", args=[pupil_7.pk]) not in response.content.decode()


def test_the_ib_finds_a_pupil_by_name(client, ib, pupil_5, pupil_5b, pupil_7):
    otp_login(client, ib)

    response = client.get(URL, {"q": "noah"})

    assert list(response.context["pupils"]) == [pupil_7]
    assert reverse("cases:pupil_detail", args=[pupil_7.pk]) in response.content.decode()


@pytest.mark.parametrize("query", ["x" * 500, "%", "_", "\\", "' or 1=1 --", "\x00"])
def test_odd_input_never_fails(client, ib, pupil_5, query):
    otp_login(client, ib)

    assert client.get(URL, {"q": query}).status_code == 200


def test_the_list_is_paginated_and_its_query_count_is_fixed(client, ib, group_5, pupil_5):
    otp_login(client, ib)
    client.get(URL)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    PupilFactory.create_batch(PUPILS_PER_PAGE + 5, school=group_5.school, group=group_5)

    with CaptureQueriesContext(connection) as many:
        response = client.get(URL, {"page": 2})

    assert len(response.context["pupils"]) == 6
    assert len(many.captured_queries) == len(few.captured_queries)
