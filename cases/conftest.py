"""Fixtures for the cases tests: uploaded files in a temporary media root, the protocol's
reference rows, small real files of each kind, and for the case services a frozen clock, a
bullying report in groep 5 and its case."""

import io
from datetime import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from cases.models import Case, Incident
from cases.tests.case_steps import bullying_incident, escalate_to_step_6, open_case
from protocol.calendar import AMSTERDAM
from tests.factories import (
    BullyingFormFactory,
    BullyingMarkFactory,
    DigitalPlatformFactory,
    FormExampleFactory,
    SchoolYearFactory,
)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded files go to a temporary directory, never to var/media."""
    root = tmp_path / "media"
    root.mkdir()
    settings.MEDIA_ROOT = str(root)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(root)},
        },
    }
    return root


@pytest.fixture
def protocol(db):
    """The reference rows the incident form offers: forms with examples, platforms, marks."""
    verbal = BullyingFormFactory(code="verbal", order=1)
    physical = BullyingFormFactory(code="physical", order=3)
    digital = BullyingFormFactory(code="digital", order=4)
    return {
        "verbal": verbal,
        "physical": physical,
        "digital": digital,
        "name_calling": FormExampleFactory(form=verbal, text="Steeds het slachtoffer uitschelden."),
        "nickname": FormExampleFactory(form=verbal, text="Een bijnaam gebruiken."),
        "hitting": FormExampleFactory(form=physical, text="Slaan of schoppen."),
        "group_app": FormExampleFactory(form=digital, text="Uitsluiting in groepsapps."),
        "whatsapp": DigitalPlatformFactory(name="WhatsApp"),
        "tiktok": DigitalPlatformFactory(name="TikTok"),
        "repeated": BullyingMarkFactory(text="Herhaalde actie."),
        "power": BullyingMarkFactory(text="Er is sprake van machtsongelijkheid."),
    }


def image_bytes(image_format: str = "PNG", size: tuple[int, int] = (8, 8)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color=(200, 30, 30)).save(buffer, format=image_format)
    return buffer.getvalue()


def pdf_bytes() -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture
def png_upload():
    return upload("screenshot.png", image_bytes("PNG"), "image/png")


@pytest.fixture
def dutch():
    """Read the screens in Dutch, as teachers do (the default language; named for clarity)."""
    with translation.override("nl"):
        yield


# Monday 2 November 2026, during a lesson break.
NOW = datetime(2026, 11, 2, 10, 30, tzinfo=AMSTERDAM)


@pytest.fixture
def english():
    """Compare messages with their English msgids."""
    with translation.override("en"):
        yield


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def school_year(school):
    return SchoolYearFactory(school=school)


@pytest.fixture
def incident(clock, teacher, pupil_5, pupil_5b) -> Incident:
    """Sem (groep 5) bullies Lotte (groep 5); registered by their teacher Anna."""
    return bullying_incident(registered_by=teacher, bully=pupil_5, victim=pupil_5b)


@pytest.fixture
def case(incident, teacher) -> Case:
    """The case opened when Anna verified the report as bullying: at step 1."""
    return open_case(incident, teacher)


@pytest.fixture
def case_at_step_6(case, teacher, ib) -> Case:
    """Effects not positive after step 5; the IB escalated to the meeting of step 6."""
    escalate_to_step_6(case, teacher, ib)
    return case
