import pytest
from django.utils import timezone

from accounts.models import Role
from confidential.services import report_submit
from tests.factories import UserFactory


@pytest.fixture
def superuser(db):
    return UserFactory(username="admin", is_staff=True, is_superuser=True)


@pytest.fixture
def confidant_and_directie(db):
    """The head who is also the aanspreekpersoon, as at Kindcentrum Mozaïek."""
    return UserFactory(
        username="esther.warmerdam",
        first_name="Esther",
        last_name="Warmerdam",
        roles=[Role.DIRECTIE, Role.CONFIDANT],
    )


@pytest.fixture
def submitted(db):
    """An anonymous report by a pupil and its follow-up code, as the reporter received it."""
    return report_submit(
        reporter_kind="pupil",
        is_anonymous=True,
        message="Ze pakken steeds mijn tas af in de gang.",
        consent_to_forward=False,
    )


@pytest.fixture
def report(submitted):
    return submitted[0]


@pytest.fixture
def code(submitted):
    return submitted[1]


@pytest.fixture
def consenting(db):
    """A parent's report with name and contact details, who agreed to passing it on."""
    return report_submit(
        reporter_kind="parent",
        is_anonymous=False,
        reporter_name="Marieke de Boer",
        reporter_contact="06-12345678",
        message="Mijn dochter wordt in de klassenapp buitengesloten. Haar naam is Sanne.",
        consent_to_forward=True,
    )


@pytest.fixture
def consenting_report(consenting):
    return consenting[0]


@pytest.fixture
def incident_facts(pupil_5, pupil_5b):
    """What the confidant fills in to pass a report on as an incident, as the service takes it."""
    return {
        "occurred_on": timezone.localdate(),
        "occurred_time": None,
        "reporter_kind": "parent",
        "reporter_name": "",
        "location": "online",
        "description": "Een leerling uit groep 5 wordt buitengesloten in een groepsapp.",
        "forms": [],
        "examples": [],
        "platforms": [],
        "digital_description": "",
        "marks": [],
        "classification": "undetermined",
        "severity": "light",
        "involvements": [(pupil_5, "bully"), (pupil_5b, "victim")],
    }
