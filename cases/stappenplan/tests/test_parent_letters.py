"""Letters to parents from the case workspace: a PDF in the school's name that names only its
own pupil, kept on the case as a contact with the parents by letter."""

import io

import pytest
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from cases.models import ContactChannel, ParentContact
from cases.tests.workspace_helpers import client_for, html

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def dutch(text: str) -> str:
    """The text as the letters and the case show it: in Dutch."""
    with translation.override("nl"):
        return translation.gettext(text)


def url(case) -> str:
    return reverse("cases:parent_letter", args=[case.pk])


def text_of(response) -> str:
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_the_letter_to_the_parents_of_the_gepeste_names_only_her(case, teacher, pupil_5b):
    response = client_for(teacher).post(
        url(case), {"pupil": pupil_5b.pk, "kind": "advice"}, follow=True
    )

    assert response["Content-Type"] == "application/pdf"
    text = text_of(response)
    assert "Lotte van Dam" in text
    assert "Sem" not in text  # the pester is not named
    assert dutch("Keep talking with your child, and keep the conversation open.") in text
    assert case.incidents.first().involvements.first().pupil.school.name in text


def test_the_pesters_parents_get_the_advice_for_parents_of_a_pester(case, teacher, pupil_5):
    response = client_for(teacher).post(
        url(case), {"pupil": pupil_5.pk, "kind": "advice"}, follow=True
    )

    text = text_of(response)
    assert dutch("Take your child's problem seriously.") in text
    assert "Lotte" not in text


def test_making_a_letter_records_the_contact_on_the_case(case, teacher, pupil_5):
    response = client_for(teacher).post(url(case), {"pupil": pupil_5.pk, "kind": "feedback"})

    contact = ParentContact.objects.get(case=case)
    assert response.url == reverse(
        "cases:parent_letter_pdf", args=[case.pk, contact.pk, "feedback"]
    )
    assert (contact.pupil, contact.channel) == (pupil_5, ContactChannel.LETTER)
    assert dutch("Feedback on the agreements (steps 3 and 4)") in contact.summary


def test_the_coordinator_reads_along_but_makes_no_letters(case, coordinator, pupil_5):
    response = client_for(coordinator).post(url(case), {"pupil": pupil_5.pk, "kind": "advice"})

    assert response.status_code == 403
    assert not ParentContact.objects.exists()


def test_the_workspace_says_that_no_email_goes_to_parents(case, teacher):
    page = html(client_for(teacher).get(case.get_absolute_url()))

    assert 'id="brieven"' in page
    assert 'id="no-email-to-parents"' in page


def test_downloading_the_letter_again_writes_nothing(case, teacher, pupil_5):
    client = client_for(teacher)
    response = client.post(url(case), {"pupil": pupil_5.pk, "kind": "advice"})

    again = client.get(response.url)

    assert again["Content-Type"] == "application/pdf"
    assert ParentContact.objects.count() == 1
