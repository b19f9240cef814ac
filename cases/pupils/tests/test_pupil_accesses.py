"""Who opened a pupil's record: for the directie, with a period filter."""

import pytest
from django.urls import reverse

from accounts.tests.helpers import otp_login, password_login

pytestmark = pytest.mark.django_db


def test_the_directie_reads_who_opened_and_exported_the_record(
    client, teacher, directie, pupil_5, record
):
    password_login(client, teacher)
    client.get(reverse("cases:pupil_detail", args=[pupil_5.pk]))
    client.logout()
    otp_login(client, directie)
    client.get(reverse("cases:pupil_inzage", args=[pupil_5.pk]))

    response = client.get(reverse("cases:pupil_accesses", args=[pupil_5.pk]))

    assert response.status_code == 200
    assert {v.user for v in response.context["visitors"]} == {teacher, directie}
    assert {a.action for a in response.context["page"].object_list} == {"view", "export"}


def test_a_period_without_accesses_shows_nobody(client, teacher, directie, pupil_5, record):
    password_login(client, teacher)
    client.get(reverse("cases:pupil_detail", args=[pupil_5.pk]))
    client.logout()
    otp_login(client, directie)

    response = client.get(
        reverse("cases:pupil_accesses", args=[pupil_5.pk]), {"date_to": "2000-01-01"}
    )

    assert response.context["visitors"] == []


@pytest.mark.parametrize("who", ["ib", "teacher"])
def test_only_the_directie(client, request, who, pupil_5, record):
    user = request.getfixturevalue(who)
    (password_login if who == "teacher" else otp_login)(client, user)

    assert client.get(reverse("cases:pupil_accesses", args=[pupil_5.pk])).status_code == 403
