"""A teacher makes a letter to the parents of a pupil of her case, in Chromium: a PDF comes down
and the case keeps the contact."""

import re

import pytest

from accounts.models import Role
from cases.incidents.verification import incident_verify
from cases.models import ContactChannel, InvolvementRole, ParentContact
from cases.visibility.permissions import visibility_sync
from tests.factories import (
    IncidentFactory,
    InvolvementFactory,
    PupilFactory,
    SchoolGroupFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery"


@pytest.fixture
def case():
    group = SchoolGroupFactory(name="groep 5", order=5)
    teacher = UserFactory(username="leerkracht", first_name="Sanne", roles=[Role.TEACHER])
    group.teachers.add(teacher)
    sem = PupilFactory(school=group.school, group=group, first_name="Sem", last_name="Bakker")
    lotte = PupilFactory(school=group.school, group=group, first_name="Lotte", last_name="Dam")
    incident = IncidentFactory(registered_by=teacher)
    InvolvementFactory(incident=incident, pupil=sem, role=InvolvementRole.BULLY)
    InvolvementFactory(incident=incident, pupil=lotte, role=InvolvementRole.VICTIM)
    visibility_sync(incidents=[incident])
    return incident_verify(
        incident=incident, user=teacher, classification="bullying", note="Al weken."
    )


def test_a_teacher_makes_a_letter_for_the_parents(page, case):
    page.goto(case.get_absolute_url())
    page.fill("input[name$=username]", "leerkracht")
    page.fill("input[name$=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/dossiers/\d+/$"))
    lotte = case.incidents.get().involvements.get(role=InvolvementRole.VICTIM).pupil

    page.select_option("#letter-pupil", str(lotte.pk))
    page.select_option("#letter-kind", "advice")
    with page.expect_download() as download:
        page.click("#brieven button[type=submit]")

    assert download.value.suggested_filename.endswith("-advice.pdf")
    assert download.value.path().read_bytes().startswith(b"%PDF")
    contact = ParentContact.objects.get(case=case)
    assert (contact.pupil, contact.channel) == (lotte, ContactChannel.LETTER)
