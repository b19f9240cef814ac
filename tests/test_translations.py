"""The Dutch catalogue covers every string a user can read, and the compiled file matches it."""

import gettext
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from scripts.merge_po_fragments import read_po, translations

BASE_DIR = Path(__file__).resolve().parent.parent
CATALOGUE = Path("locale") / "nl" / "LC_MESSAGES" / "django.po"

# The same extraction as `make messages` in the Makefile.
MAKEMESSAGES = [
    "makemessages",
    "--locale",
    "nl",
    "--no-location",
    "--no-obsolete",
    "--ignore",
    ".venv/*",
    "--ignore",
    "var/*",
    "--ignore",
    "static/vendor/*",
    "--ignore",
    "tests/*",
    "--ignore",
    "conftest.py",
]
NOT_SOURCE = shutil.ignore_patterns(
    ".git",
    ".venv",
    "venv",
    "var",
    "node_modules",
    "test-results",
    "staticfiles",
    "__pycache__",
    ".pytest_cache",
    ".ruff_cache",
    "*.pyc",
    "*.mo",
)
HOW_TO_FIX = (
    "Run `make messages`, translate these in locale/nl/LC_MESSAGES/django.po (or add them to "
    "locale/nl/fragments/<branch>.po and run scripts/merge_po_fragments.py), remove any "
    "'fuzzy' flag once checked, then run `make messages` again to compile."
)


def require_gettext() -> None:
    if shutil.which("xgettext") and shutil.which("msgmerge"):
        return
    if os.environ.get("CI"):
        pytest.fail("GNU gettext (xgettext, msgmerge) must be installed in CI")
    pytest.skip("GNU gettext is not installed (apt-get install gettext) to extract strings")


def test_every_string_in_the_source_has_a_dutch_translation(tmp_path):
    require_gettext()
    source = tmp_path / "src"
    # Extract from a copy, so the committed catalogue is what is checked and left untouched.
    shutil.copytree(BASE_DIR, source, ignore=NOT_SOURCE, symlinks=True)
    env = {**os.environ, "DEBUG": "1"}
    result = subprocess.run(
        [sys.executable, "manage.py", *MAKEMESSAGES],
        cwd=source,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr

    catalogues = sorted(p.relative_to(source) for p in source.rglob("django.po"))
    assert catalogues == [CATALOGUE], f"strings were extracted into {catalogues}"
    missing = [
        entry.label() + (" [fuzzy]" if entry.is_fuzzy else "")
        for entry in read_po(source / CATALOGUE)
        if not entry.is_header and not entry.obsolete and not entry.is_translated
    ]
    assert not missing, (
        f"{len(missing)} string(s) have no Dutch translation:\n  "
        + "\n  ".join(missing)
        + f"\n{HOW_TO_FIX}"
    )


def test_the_compiled_catalogue_matches_the_translations():
    committed = translations(read_po(BASE_DIR / CATALOGUE))
    compiled_path = BASE_DIR / CATALOGUE.with_suffix(".mo")
    assert compiled_path.exists(), "django.mo is missing: run `make messages` and commit it"
    with compiled_path.open("rb") as compiled_file:
        # The same reader Django uses to load translations.
        compiled = gettext.GNUTranslations(compiled_file)._catalog
    compiled = {key: value for key, value in compiled.items() if key != ""}

    stale = sorted(
        str(key)
        for key in committed.keys() | compiled.keys()
        if committed.get(key) != compiled.get(key)
    )
    assert not stale, (
        "django.mo does not match django.po for:\n  "
        + "\n  ".join(stale)
        + "\nRun `make messages` (or `manage.py compilemessages --locale nl`) and commit django.mo."
    )


@pytest.mark.django_db
def test_pages_speak_dutch(client):
    # A page with an English msgid comes out in Dutch when the catalogue is loaded.
    response = client.get("/inloggen/")
    assert response.status_code == 200
    assert "<h1" in response.text
    assert "Inloggen" in response.text
    assert "Log in" not in response.text
