"""One voice in Dutch: staff are addressed with "je", parents with "u".

Checked over the Dutch catalogue as the integrator leaves it: `django.po` with the fragments of
`locale/nl/fragments/` laid over it (a fragment's pair is the correction the integrator copies
in). What parents read is found in the letters' templates and in the few texts of letters
that the code holds; every other string is read by staff (or, on the public report pages, by
pupils, who are addressed with "je" as well).
"""

import re
from pathlib import Path

from django.utils import translation

from cases.stappenplan.forms.escalation import DEFAULT_OBJECTION
from scripts.merge_po_fragments import read_po

BASE_DIR = Path(__file__).resolve().parent.parent
LOCALE = BASE_DIR / "locale" / "nl"
# Letters to parents: their every string speaks to the parents.
PARENT_TEMPLATES = [
    *sorted((BASE_DIR / "templates" / "pdf").glob("parent_letter*.html")),
    BASE_DIR / "templates" / "pdf" / "suspension_letter.html",
]
PARENT_TEXTS_IN_CODE = [DEFAULT_OBJECTION]

FORMAL = re.compile(r"\b(?:u|uw)\b", re.IGNORECASE)
INFORMAL = re.compile(r"\b(?:je|jij|jou|jouw|jullie)\b", re.IGNORECASE)

TRANSLATE = re.compile(r"""{%\s*translate\s+(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')""")
BLOCK = re.compile(
    r"{%\s*blocktranslate\b([^%]*)%}(.*?){%\s*(?:plural|endblocktranslate)\s*%}", re.DOTALL
)
VARIABLE = re.compile(r"{{\s*(\w+)\s*}}")


def msgids_in_template(text: str) -> set[str]:
    """The msgids `makemessages` extracts from a template (translate and blocktranslate)."""
    found = {double or single for double, single in TRANSLATE.findall(text)}
    for options, body in BLOCK.findall(text):
        msgid = VARIABLE.sub(r"%(\1)s", body)
        if "trimmed" in options:
            msgid = " ".join(msgid.split())
        found.add(msgid)
    return found


def parent_msgids() -> set[str]:
    found: set[str] = set()
    for path in PARENT_TEMPLATES:
        found |= msgids_in_template(path.read_text(encoding="utf-8"))
    with translation.override(None):
        found |= {str(text) for text in PARENT_TEXTS_IN_CODE}
    return found


def dutch() -> dict[str, str]:
    """msgid → every Dutch form of it, the fragments' pairs laid over the catalogue."""
    catalogue: dict[str, str] = {}
    paths = [LOCALE / "LC_MESSAGES" / "django.po", *sorted((LOCALE / "fragments").glob("*.po"))]
    for path in paths:
        for entry in read_po(path):
            if entry.is_header or entry.obsolete or not entry.is_translated:
                continue
            forms = [entry.msgstr, *entry.msgstr_plural.values()]
            catalogue[entry.msgid] = " / ".join(form for form in forms if form)
    return catalogue


def test_the_parent_letters_are_found():
    found = parent_msgids()

    assert "Subject: suspension of your child" in found
    assert any(msgid.startswith("We inform you that") for msgid in found)


def test_staff_are_addressed_with_je():
    parents = parent_msgids()

    formal = {
        msgid: text
        for msgid, text in dutch().items()
        if msgid not in parents and FORMAL.search(text)
    }

    assert formal == {}, "Staff read these: address them with je/jouw, not u/uw."


def test_parents_are_addressed_with_u():
    catalogue = dutch()

    informal = {
        msgid: catalogue[msgid]
        for msgid in parent_msgids()
        if msgid in catalogue and INFORMAL.search(catalogue[msgid])
    }

    assert informal == {}, "Parents read these: address them with u/uw, not je/jij."


def test_the_words_are_told_apart_from_parts_of_words():
    assert not FORMAL.search("Uitgelachen in de pauze, bij de uitgang")
    assert FORMAL.search("Wat hebt u gedaan?")
    assert INFORMAL.search("Kies wat je hebt afgesproken.")
    assert not INFORMAL.search("Jesse en Jenny")
