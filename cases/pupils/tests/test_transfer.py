"""The summary for a pupil's new school: only the parts the directie chose, other pupils as
labels, logged as a transfer."""

import pytest
from django.urls import reverse

from accounts.tests.helpers import otp_login
from cases.models import AccessAction, AccessLog, AccessObject
from cases.pupils.tests.test_inzage import pdf_text

pytestmark = pytest.mark.django_db


def url(pupil) -> str:
    return reverse("cases:pupil_transfer", args=[pupil.pk])


def test_the_directie_chooses_what_is_passed_on(client, directie, pupil_5, pupil_7, record):
    otp_login(client, directie)
    assert client.get(url(pupil_5)).status_code == 200

    response = client.post(url(pupil_5), {"sections": ["incidents", "agreements"]})

    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Sem laat" in text  # the agreement, chosen
    assert "Herhaald pesten." not in text  # the suspension, not chosen
    assert pupil_7.first_name not in text and pupil_7.last_name not in text


def test_it_is_logged_as_a_transfer(client, directie, pupil_5, record):
    otp_login(client, directie)

    client.post(url(pupil_5), {"sections": ["cases"]})

    logged = set(
        AccessLog.objects.filter(action=AccessAction.TRANSFER).values_list(
            "object_type", "object_id"
        )
    )
    assert logged == {(AccessObject.PUPIL, pupil_5.pk), (AccessObject.CASE, record["case"].pk)}


@pytest.mark.parametrize("data", [{}, {"sections": ["nothing"]}, {"sections": "x" * 5000}])
def test_without_a_valid_choice_the_form_comes_back(client, directie, pupil_5, record, data):
    otp_login(client, directie)

    response = client.post(url(pupil_5), data)

    assert response.status_code == 200
    assert response.context["form"].errors["sections"]
    assert not AccessLog.objects.filter(action=AccessAction.TRANSFER).exists()


def test_the_ib_may_not(client, ib, pupil_5, record):
    otp_login(client, ib)

    assert client.post(url(pupil_5), {"sections": ["cases"]}).status_code == 403
