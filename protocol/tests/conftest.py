"""A Dutch catalogue for tests of user-facing messages.

The Dutch strings of this app are written in PO files (a fragment per branch until they are
merged into the catalogue). Tests that read Dutch compile those PO files into a temporary
catalogue and point Django at it, so they check the translations as they are written.
"""

import ast
import struct
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.utils import translation

LOCALE = Path(django_settings.BASE_DIR) / "locale" / "nl"
CATALOGUES = [
    LOCALE / "LC_MESSAGES" / "django.po",
    LOCALE / "fragments" / "stappenplan-core.po",
]


def parse_po(text: str) -> dict[str, str]:
    """msgid → msgstr for the translated entries of a PO file (no plurals, no contexts)."""
    catalogue: dict[str, str] = {}
    msgid: list[str] | None = None
    msgstr: list[str] | None = None
    current: list[str] | None = None

    def flush() -> None:
        if msgid is not None and msgstr is not None:
            key, value = "".join(msgid), "".join(msgstr)
            if key and value:
                catalogue[key] = value

    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("msgid "):
            flush()
            msgid, msgstr = [ast.literal_eval(line[6:])], None
            current = msgid
        elif line.startswith("msgstr "):
            msgstr = [ast.literal_eval(line[7:])]
            current = msgstr
        elif line.startswith('"') and current is not None:
            current.append(ast.literal_eval(line))
        else:
            raise ValueError(f"unsupported PO line: {raw!r}")
    flush()
    return catalogue


def dutch_catalogue() -> dict[str, str]:
    catalogue: dict[str, str] = {}
    for path in CATALOGUES:
        if path.exists():
            catalogue.update(parse_po(path.read_text(encoding="utf-8")))
    return catalogue


def write_mo(catalogue: dict[str, str], path: Path) -> None:
    """Write a GNU .mo file (the layout of CPython's Tools/i18n/msgfmt.py)."""
    entries = dict(catalogue)
    entries[""] = (
        "Content-Type: text/plain; charset=UTF-8\nPlural-Forms: nplurals=2; plural=(n != 1);\n"
    )
    keys = sorted(entries)
    ids = strs = b""
    offsets = []
    for key in keys:
        key_bytes, value_bytes = key.encode(), entries[key].encode()
        offsets.append((len(ids), len(key_bytes), len(strs), len(value_bytes)))
        ids += key_bytes + b"\0"
        strs += value_bytes + b"\0"
    key_start = 7 * 4 + 16 * len(keys)
    value_start = key_start + len(ids)
    key_table, value_table = [], []
    for key_offset, key_length, value_offset, value_length in offsets:
        key_table += [key_length, key_offset + key_start]
        value_table += [value_length, value_offset + value_start]
    header = struct.pack("Iiiiiii", 0x950412DE, 0, len(keys), 7 * 4, 7 * 4 + len(keys) * 8, 0, 0)
    tables = struct.pack(f"{len(key_table)}i", *key_table)
    tables += struct.pack(f"{len(value_table)}i", *value_table)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(header + tables + ids + strs)


@pytest.fixture
def dutch(settings, tmp_path):
    """Activate Dutch with this app's translations; yields the catalogue (msgid → Dutch)."""
    catalogue = dutch_catalogue()
    write_mo(catalogue, tmp_path / "nl" / "LC_MESSAGES" / "django.mo")
    settings.LOCALE_PATHS = [tmp_path]
    with translation.override("nl"):
        yield catalogue
