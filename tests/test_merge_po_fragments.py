"""scripts/merge_po_fragments.py: reading PO files and filling the catalogue from fragments."""

import gettext
import os
import shutil
import subprocess
import textwrap

import pytest

from scripts.merge_po_fragments import POSyntaxError, main, merge, parse_po, read_po, translations

HEADER = textwrap.dedent(
    """\
    msgid ""
    msgstr ""
    "Language: nl\\n"
    "Content-Type: text/plain; charset=UTF-8\\n"
    "Plural-Forms: nplurals=2; plural=(n != 1);\\n"
    """
)

CATALOGUE = HEADER + textwrap.dedent(
    """\

    msgid "Teacher"
    msgstr "Leerkracht"

    msgid "Playground"
    msgstr ""

    #, python-format
    msgid "Incident %(number)s"
    msgstr ""

    #, fuzzy
    #| msgid "Corridor"
    msgid "Corridor or toilets"
    msgstr "Gang"

    msgctxt "school subject"
    msgid "Gym"
    msgstr ""

    msgid "Gym"
    msgstr ""

    msgid ""
    "First line of a long help text.\\n"
    "Second line with a \\"quote\\"."
    msgstr ""

    #, python-format
    msgid "%(count)s pupil"
    msgid_plural "%(count)s pupils"
    msgstr[0] ""
    msgstr[1] ""

    msgid "Never translated"
    msgstr ""
    """
)

FRAGMENT = textwrap.dedent(
    """\
    msgid "Teacher"
    msgstr "Juf of meester"

    msgid "Playground"
    msgstr "Schoolplein"

    msgid "Incident %(number)s"
    msgstr "Melding %(number)s"

    msgid "Corridor or toilets"
    msgstr "Gang of toiletten"

    msgctxt "school subject"
    msgid "Gym"
    msgstr "Gym"

    msgid "Gym"
    msgstr "Gymzaal"

    msgid ""
    "First line of a long help text.\\n"
    "Second line with a \\"quote\\"."
    msgstr ""
    "Eerste regel van een lange helptekst.\\n"
    "Tweede regel met een \\"citaat\\"."

    msgid "%(count)s pupil"
    msgid_plural "%(count)s pupils"
    msgstr[0] "%(count)s leerling"
    msgstr[1] "%(count)s leerlingen"

    msgid "Only in a fragment"
    msgstr "Alleen in een fragment"
    """
)


@pytest.fixture
def catalogue(tmp_path):
    path = tmp_path / "LC_MESSAGES" / "django.po"
    path.parent.mkdir()
    path.write_text(CATALOGUE, encoding="utf-8")
    return path


@pytest.fixture
def fragments(tmp_path):
    directory = tmp_path / "fragments"
    directory.mkdir()
    (directory / "incidents.po").write_text(FRAGMENT, encoding="utf-8")
    return directory


def by_key(entries):
    return {entry.key: entry for entry in entries}


def test_it_reads_multi_line_strings_contexts_plurals_and_flags():
    entries = by_key(parse_po(CATALOGUE))

    help_text = entries[(None, 'First line of a long help text.\nSecond line with a "quote".')]
    assert help_text.msgstr == ""
    assert entries[("school subject", "Gym")].msgctxt == "school subject"
    assert entries[(None, "Gym")].msgctxt is None
    plural = entries[(None, "%(count)s pupil")]
    assert plural.msgid_plural == "%(count)s pupils"
    assert plural.msgstr_plural == {0: "", 1: ""}
    assert plural.flags == {"python-format"}
    fuzzy = entries[(None, "Corridor or toilets")]
    assert fuzzy.is_fuzzy and not fuzzy.is_translated
    assert entries[(None, "Teacher")].is_translated
    assert entries[(None, "")].is_header


def test_it_skips_obsolete_entries_when_building_the_translations():
    text = HEADER + '\nmsgid "Live"\nmsgstr "Levend"\n\n#~ msgid "Gone"\n#~ msgstr "Weg"\n'
    entries = parse_po(text)

    assert [e.msgid for e in entries if e.obsolete] == ["Gone"]
    assert translations(entries) == {"Live": "Levend"}


def test_it_keys_translations_like_pythons_gettext():
    text = FRAGMENT
    result = translations(parse_po(text))

    assert result["school subject\x04Gym"] == "Gym"
    assert result["Gym"] == "Gymzaal"
    assert result[("%(count)s pupil", 1)] == "%(count)s leerlingen"


def test_it_refuses_a_string_that_is_not_quoted():
    with pytest.raises(POSyntaxError, match="line 2"):
        parse_po('msgid "Teacher"\nmsgstr Leerkracht\n')


def test_it_refuses_an_entry_without_msgstr():
    with pytest.raises(POSyntaxError, match="no msgstr"):
        parse_po('msgid "Teacher"\n\nmsgid "Pupil"\nmsgstr "Leerling"\n')


def test_it_fills_empty_and_fuzzy_entries_and_keeps_existing_translations(catalogue, fragments):
    report = merge(catalogue, sorted(fragments.glob("*.po")))

    entries = by_key(read_po(catalogue))
    assert entries[(None, "Teacher")].msgstr == "Leerkracht"
    assert entries[(None, "Playground")].msgstr == "Schoolplein"
    assert entries[(None, "Incident %(number)s")].flags == {"python-format"}
    assert entries[(None, "Corridor or toilets")].msgstr == "Gang of toiletten"
    assert not entries[(None, "Corridor or toilets")].is_fuzzy
    assert entries[("school subject", "Gym")].msgstr == "Gym"
    assert entries[(None, "Gym")].msgstr == "Gymzaal"
    help_text = entries[(None, 'First line of a long help text.\nSecond line with a "quote".')]
    assert (
        help_text.msgstr == 'Eerste regel van een lange helptekst.\nTweede regel met een "citaat".'
    )
    assert entries[(None, "%(count)s pupil")].msgstr_plural == {
        0: "%(count)s leerling",
        1: "%(count)s leerlingen",
    }
    assert len(report.filled) == 7
    assert [e.msgid for _, e in report.kept] == ["Teacher"]
    assert [e.msgid for _, e in report.unknown] == ["Only in a fragment"]
    assert [e.msgid for e in report.untranslated] == ["Never translated"]
    assert not report.ok


def test_it_leaves_the_rest_of_the_file_as_it_was(catalogue, fragments):
    merge(catalogue, sorted(fragments.glob("*.po")))
    text = catalogue.read_text(encoding="utf-8")

    assert text.startswith(HEADER)
    assert "#| msgid" not in text
    assert '#, python-format\nmsgid "Incident %(number)s"\nmsgstr "Melding %(number)s"\n\n' in text
    assert text.endswith('msgid "Never translated"\nmsgstr ""\n')
    # Merging again finds nothing left to fill.
    assert merge(catalogue, sorted(fragments.glob("*.po"))).filled == []


def test_it_leaves_an_entry_empty_when_fragments_disagree(catalogue, fragments):
    (fragments / "other.po").write_text('msgid "Playground"\nmsgstr "Speelplaats"\n')

    report = merge(catalogue, sorted(fragments.glob("*.po")))

    assert [(e.msgid, [p.name for p in paths]) for e, paths in report.conflicts] == [
        ("Playground", ["incidents.po", "other.po"])
    ]
    assert by_key(read_po(catalogue))[(None, "Playground")].msgstr == ""


def test_a_dry_run_changes_nothing(catalogue, fragments):
    before = catalogue.read_bytes()

    report = merge(catalogue, sorted(fragments.glob("*.po")), write=False)

    assert len(report.filled) == 7
    assert catalogue.read_bytes() == before


def test_the_command_reports_and_exits_1_while_anything_is_untranslated(
    catalogue, fragments, capsys
):
    status = main(["--catalogue", str(catalogue), "--fragments", str(fragments)])

    out = capsys.readouterr().out
    assert status == 1
    assert "Filled 7 translation(s) from 1 fragment file(s)." in out
    assert "not in the catalogue: 'Only in a fragment' (incidents.po)" in out
    assert "still untranslated: 'Never translated'" in out


def test_the_command_exits_0_once_the_catalogue_is_complete(catalogue, fragments, capsys):
    (fragments / "last.po").write_text('msgid "Never translated"\nmsgstr "Eindelijk vertaald"\n')

    assert main(["--catalogue", str(catalogue), "--fragments", str(fragments)]) == 0


def test_the_merged_catalogue_compiles_to_what_it_says(catalogue, fragments, tmp_path):
    if not shutil.which("msgfmt"):
        if os.environ.get("CI"):
            pytest.fail("GNU gettext (msgfmt) must be installed in CI")
        pytest.skip("GNU gettext (msgfmt) is not installed")
    merge(catalogue, sorted(fragments.glob("*.po")))
    compiled = tmp_path / "django.mo"

    subprocess.run(["msgfmt", "--check", "-o", str(compiled), str(catalogue)], check=True)

    with compiled.open("rb") as f:
        loaded = gettext.GNUTranslations(f)
    assert loaded.gettext("Playground") == "Schoolplein"
    assert loaded.pgettext("school subject", "Gym") == "Gym"
    assert loaded.ngettext("%(count)s pupil", "%(count)s pupils", 3) == "%(count)s leerlingen"
    expected = translations(read_po(catalogue))
    assert {k: v for k, v in loaded._catalog.items() if k != ""} == expected
