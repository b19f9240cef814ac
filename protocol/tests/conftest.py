"""Dutch for tests of user-facing messages: the project's compiled catalogue."""

from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.utils import translation

from scripts.merge_po_fragments import read_po, translations

CATALOGUE = Path(django_settings.BASE_DIR) / "locale" / "nl" / "LC_MESSAGES" / "django.po"


@pytest.fixture
def dutch():
    """Activate Dutch; yields the catalogue (msgid → Dutch)."""
    with translation.override("nl"):
        yield translations(read_po(CATALOGUE))


@pytest.fixture(autouse=True)
def english_unless_dutch_is_asked():
    """Most tests here compare the English msgids; the `dutch` fixture switches to Dutch."""
    with translation.override("en"):
        yield
