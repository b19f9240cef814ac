"""A parent's comment added to the record after an inzage: by the directie, shown to the
school-wide roles on the pupil's page and in the next inzage export."""

import pytest
from django.urls import reverse

from accounts.tests.helpers import otp_login, password_login
from cases.models import ParentComment
from cases.pupils.tests.test_inzage import pdf_text

pytestmark = pytest.mark.django_db


def url(pupil) -> str:
    return reverse("cases:pupil_comment_record", args=[pupil.pk])


COMMENT = {
    "given_by": "Moeder van Sem",
    "received_on": "2026-11-20",
    "text": "Sem was niet de enige; Noah deed ook mee.",
}


def test_the_directie_adds_it_and_the_next_export_holds_it(
    client, directie, pupil_5, pupil_7, record
):
    otp_login(client, directie)

    response = client.post(url(pupil_5), COMMENT)

    assert response.status_code == 302
    comment = ParentComment.objects.get()
    assert comment.recorded_by == directie
    text = pdf_text(client.get(reverse("cases:pupil_inzage", args=[pupil_5.pk])).content)
    assert "Moeder van Sem" in text
    assert "Noah" not in text  # another pupil, named in the comment: a label


def test_the_ib_reads_it_on_the_pupils_page_a_teacher_does_not(
    client, directie, ib, teacher, pupil_5, record
):
    otp_login(client, directie)
    client.post(url(pupil_5), COMMENT)
    client.logout()

    otp_login(client, ib)
    assert (
        "Moeder van Sem"
        in client.get(reverse("cases:pupil_detail", args=[pupil_5.pk])).content.decode()
    )
    client.logout()
    password_login(client, teacher)
    assert (
        "Moeder van Sem"
        not in client.get(reverse("cases:pupil_detail", args=[pupil_5.pk])).content.decode()
    )


@pytest.mark.parametrize("who", ["ib", "teacher"])
def test_only_the_directie_adds_one(client, request, who, pupil_5, record):
    user = request.getfixturevalue(who)
    (password_login if who == "teacher" else otp_login)(client, user)

    assert client.post(url(pupil_5), COMMENT).status_code == 403
    assert not ParentComment.objects.exists()


def test_a_wrong_form_comes_back_with_the_input(client, directie, pupil_5, record):
    otp_login(client, directie)

    response = client.post(url(pupil_5), {**COMMENT, "given_by": "", "received_on": "2099-01-01"})

    assert response.status_code == 200
    form = response.context["comment_form"]
    assert "given_by" in form.errors
    assert form["text"].value() == COMMENT["text"]
    assert not ParentComment.objects.exists()
