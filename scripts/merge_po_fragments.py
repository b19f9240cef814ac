"""Fill the Dutch catalogue's missing translations from fragment files.

Each feature ships the Dutch for the strings it adds in `locale/nl/fragments/<branch>.po`
(plain msgid/msgstr pairs). After `make messages` has extracted the new strings into
`locale/nl/LC_MESSAGES/django.po`, this script copies the fragments' translations into the
catalogue's entries that have none yet (empty, or a fuzzy guess by msgmerge). Translations
already in the catalogue are never overwritten.

It reports msgids found in fragments but not in the catalogue (a typo, or a branch not merged
yet), fragments that disagree with each other, and entries that are still untranslated; it exits
1 when anything is still untranslated or in conflict. Compile afterwards with `make messages`.

    python scripts/merge_po_fragments.py [--catalogue PATH] [--fragments DIR] [--dry-run]

Standard library only; the PO reader here is also used by the tests of the catalogue.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_CATALOGUE = BASE_DIR / "locale" / "nl" / "LC_MESSAGES" / "django.po"
DEFAULT_FRAGMENTS = BASE_DIR / "locale" / "nl" / "fragments"

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b"}
_ESCAPES.update({"f": "\f", "v": "\v"})
_KEYWORD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(\".*)$")


class POSyntaxError(ValueError):
    pass


@dataclass
class Entry:
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: str = ""
    msgstr_plural: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False
    # Lines [start, end) of the file hold this entry, comments included; the msgstr part
    # starts at msgstr_line. Used to rewrite an entry in place.
    start: int = 0
    end: int = 0
    msgstr_line: int = 0

    @property
    def key(self) -> tuple[str | None, str]:
        return (self.msgctxt, self.msgid)

    @property
    def is_header(self) -> bool:
        return self.msgid == "" and self.msgctxt is None

    @property
    def is_fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @property
    def is_translated(self) -> bool:
        if self.is_fuzzy:
            return False
        if self.msgid_plural is not None:
            return bool(self.msgstr_plural) and all(self.msgstr_plural.values())
        return self.msgstr != ""

    def label(self) -> str:
        text = repr(self.msgid)
        return f"{text} (context {self.msgctxt!r})" if self.msgctxt is not None else text


def _unquote(token: str, lineno: int) -> str:
    token = token.strip()
    if len(token) < 2 or not (token.startswith('"') and token.endswith('"')):
        raise POSyntaxError(f"line {lineno}: expected a quoted string, got {token!r}")
    body = token[1:-1]
    out: list[str] = []
    i = 0
    while i < len(body):
        char = body[i]
        if char == "\\":
            if i + 1 >= len(body):
                raise POSyntaxError(f"line {lineno}: string ends in a backslash")
            nxt = body[i + 1]
            if nxt not in _ESCAPES:
                raise POSyntaxError(f"line {lineno}: unknown escape \\{nxt}")
            out.append(_ESCAPES[nxt])
            i += 2
        elif char == '"':
            raise POSyntaxError(f"line {lineno}: unescaped quote in {token!r}")
        else:
            out.append(char)
            i += 1
    return "".join(out)


def quote(text: str) -> str:
    escaped = (
        text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\r", "\\r")
    )
    return '"' + escaped.replace("\n", "\\n") + '"'


def format_msgstr(keyword: str, text: str) -> list[str]:
    """PO lines for one msgstr; text with line breaks is split after each break, as gettext does."""
    if "\n" not in text.rstrip("\n"):
        return [f"{keyword} {quote(text)}"]
    parts = text.splitlines(keepends=True)
    return [f'{keyword} ""'] + [quote(part) for part in parts]


@dataclass
class _Reader:
    """The state of `parse_po` between one line and the next."""

    entries: list[Entry] = field(default_factory=list)
    current: Entry | None = None
    field_name: str | None = None  # the keyword whose string continuation lines extend
    plural_index: int | None = None
    seen_msgstr: bool = False
    pending_start: int | None = None  # first comment line of the next entry
    pending_flags: set[str] = field(default_factory=set)

    def finish(self, end: int) -> None:
        if self.current is not None:
            self.current.end = end
            self.entries.append(self.current)
        self.current = None

    def read(self, raw: str, index: int) -> None:
        lineno = index + 1
        line = raw.strip()
        obsolete = False
        if line.startswith("#~"):
            obsolete = True
            line = line[2:].strip()
            if line.startswith("|"):  # previous msgid of an obsolete entry
                return
        if not line:
            if self.current is not None and self.seen_msgstr:
                self.finish(index)
            return
        if line.startswith("#"):
            self.comment(line, index)
            return
        if line.startswith('"'):
            if self.current is None or self.field_name is None:
                raise POSyntaxError(f"line {lineno}: string outside an entry")
            _append(self.current, self.field_name, self.plural_index, _unquote(line, lineno))
            return
        match = _KEYWORD.match(line)
        if not match:
            raise POSyntaxError(f"line {lineno}: cannot read {raw!r}")
        self.keyword(match, index, obsolete)

    def comment(self, line: str, index: int) -> None:
        if self.current is not None and self.seen_msgstr:
            self.finish(index)
        if self.pending_start is None:
            self.pending_start = index
        if line.startswith("#,"):
            self.pending_flags |= {flag.strip() for flag in line[2:].split(",") if flag.strip()}

    def keyword(self, match: re.Match[str], index: int, obsolete: bool) -> None:
        lineno = index + 1
        keyword, number, rest = match.group(1), match.group(2), match.group(3)
        if keyword == "msgid" and self.field_name in ("msgid", "msgid_plural"):
            raise POSyntaxError(f"line {lineno}: the entry before has no msgstr")
        starts_entry = keyword in ("msgctxt", "msgid")
        if starts_entry and (self.current is None or self.seen_msgstr or keyword == "msgctxt"):
            start = self.pending_start if self.pending_start is not None else index
            self.finish(start)
            self.current = Entry(start=start)
            self.current.flags = self.pending_flags
            self.current.obsolete = obsolete
            self.pending_start, self.pending_flags, self.seen_msgstr = None, set(), False
        current = self.current
        if current is None:
            raise POSyntaxError(f"line {lineno}: {keyword} before msgid")
        value = _unquote(rest, lineno)
        if keyword.startswith("msgstr"):
            if not self.seen_msgstr:
                current.msgstr_line = index
            self.seen_msgstr = True
            self.field_name = "msgstr"
            self.plural_index = int(number) if number is not None else None
            if self.plural_index is not None:
                current.msgstr_plural[self.plural_index] = ""
        else:
            self.field_name = keyword
            self.plural_index = None
            if keyword == "msgctxt":
                current.msgctxt = ""
            elif keyword == "msgid_plural":
                current.msgid_plural = ""
        _append(current, self.field_name, self.plural_index, value)


def parse_po(text: str) -> list[Entry]:
    """Read PO text into entries (header included, obsolete `#~` entries marked as such)."""
    lines = text.splitlines()
    reader = _Reader()
    for index, raw in enumerate(lines):
        reader.read(raw, index)
    reader.finish(len(lines))
    for entry in reader.entries:
        if not entry.msgstr_line:
            raise POSyntaxError(f"entry {entry.label()} has no msgstr")
    return reader.entries


def _append(entry: Entry, field_name: str, plural_index: int | None, value: str) -> None:
    if field_name == "msgstr" and plural_index is not None:
        entry.msgstr_plural[plural_index] += value
    else:
        setattr(entry, field_name, getattr(entry, field_name) + value)


def read_po(path: Path) -> list[Entry]:
    try:
        return parse_po(path.read_text(encoding="utf-8"))
    except POSyntaxError as error:
        raise POSyntaxError(f"{path}: {error}") from None


def translations(entries: list[Entry]) -> dict:
    """The catalogue as gettext compiles it: translated, non-fuzzy, live entries only.

    Keys follow Python's gettext: "context\\x04msgid" for a msgctxt, (msgid, n) for plurals.
    """
    catalogue: dict = {}
    for entry in entries:
        if entry.is_header or entry.obsolete or not entry.is_translated:
            continue
        key = entry.msgid if entry.msgctxt is None else f"{entry.msgctxt}\x04{entry.msgid}"
        if entry.msgid_plural is not None:
            for number, text in entry.msgstr_plural.items():
                catalogue[(key, number)] = text
        else:
            catalogue[key] = entry.msgstr
    return catalogue


@dataclass
class MergeReport:
    filled: list[Entry] = field(default_factory=list)
    unknown: list[tuple[Path, Entry]] = field(default_factory=list)
    conflicts: list[tuple[Entry, list[Path]]] = field(default_factory=list)
    kept: list[tuple[Path, Entry]] = field(default_factory=list)
    untranslated: list[Entry] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.untranslated and not self.conflicts


def merge(catalogue_path: Path, fragment_paths: list[Path], *, write: bool = True) -> MergeReport:
    report = MergeReport()
    lines = catalogue_path.read_text(encoding="utf-8").splitlines()
    catalogue = [e for e in parse_po("\n".join(lines)) if not e.obsolete]
    by_key = {entry.key: entry for entry in catalogue if not entry.is_header}

    offers: dict[tuple[str | None, str], list[tuple[Path, Entry]]] = {}
    for path in fragment_paths:
        for entry in read_po(path):
            if entry.is_header or entry.obsolete or not entry.is_translated:
                continue
            if entry.key not in by_key:
                report.unknown.append((path, entry))
                continue
            offers.setdefault(entry.key, []).append((path, entry))

    replacements: dict[int, tuple[Entry, Entry]] = {}
    for key, offered in offers.items():
        target = by_key[key]
        if target.is_translated:
            report.kept.extend((p, e) for p, e in offered if _text(e) != _text(target))
            continue
        if len({_text(e) for _, e in offered}) > 1:
            report.conflicts.append((target, [p for p, _ in offered]))
            continue
        replacements[target.start] = (target, offered[0][1])

    # Rewrite from the bottom up so earlier line numbers stay valid.
    for _, (target, source) in sorted(replacements.items(), reverse=True):
        lines[target.start : target.end] = _rewritten(lines, target, source)
        report.filled.append(target)
    report.filled.reverse()

    filled_keys = {entry.key for entry in report.filled}
    report.untranslated = [
        e for e in catalogue if not e.is_header and not e.is_translated and e.key not in filled_keys
    ]
    if write and report.filled:
        catalogue_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return report


def _text(entry: Entry) -> tuple:
    if entry.msgid_plural is not None:
        return tuple(sorted(entry.msgstr_plural.items()))
    return (entry.msgstr,)


def _rewritten(lines: list[str], target: Entry, source: Entry) -> list[str]:
    head: list[str] = []
    for line in lines[target.start : target.msgstr_line]:
        stripped = line.strip()
        if stripped.startswith("#|"):
            continue  # msgmerge's previous msgid, meaningless once translated
        if stripped.startswith("#,"):
            flags = [
                f.strip() for f in stripped[2:].split(",") if f.strip() and f.strip() != "fuzzy"
            ]
            if not flags:
                continue
            line = "#, " + ", ".join(flags)
        head.append(line)
    if target.msgid_plural is not None:
        count = max(len(target.msgstr_plural), len(source.msgstr_plural))
        body: list[str] = []
        for number in range(count):
            text = source.msgstr_plural.get(number, "")
            body += format_msgstr(f"msgstr[{number}]", text)
    else:
        body = format_msgstr("msgstr", source.msgstr)
    return head + body


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--catalogue", type=Path, default=DEFAULT_CATALOGUE)
    parser.add_argument("--fragments", type=Path, default=DEFAULT_FRAGMENTS)
    parser.add_argument("--dry-run", action="store_true", help="report only, change nothing")
    args = parser.parse_args(argv)

    fragments = sorted(args.fragments.glob("*.po"))
    if not args.catalogue.exists():
        print(f"No catalogue at {args.catalogue}: run `make messages` first.", file=sys.stderr)
        return 2
    try:
        report = merge(args.catalogue, fragments, write=not args.dry_run)
    except POSyntaxError as error:
        print(f"Cannot read: {error}", file=sys.stderr)
        return 2

    verb = "Would fill" if args.dry_run else "Filled"
    print(f"{verb} {len(report.filled)} translation(s) from {len(fragments)} fragment file(s).")
    for path, entry in report.unknown:
        print(f"  not in the catalogue: {entry.label()} ({path.name})")
    for path, entry in report.kept:
        print(
            f"  kept the catalogue's translation, fragment differs: {entry.label()} ({path.name})"
        )
    for entry, paths in report.conflicts:
        names = ", ".join(p.name for p in paths)
        print(f"  fragments disagree, left untranslated: {entry.label()} ({names})")
    for entry in report.untranslated:
        print(f"  still untranslated: {entry.label()}")
    if report.filled and not args.dry_run:
        print("Now compile: make messages")
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
