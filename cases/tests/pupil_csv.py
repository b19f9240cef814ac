"""Builds student-administration exports for the pupil import tests."""

from collections.abc import Sequence

HEADER = ("leerlingnummer", "voornaam", "tussenvoegsel", "achternaam", "groep")


def make_csv(
    rows: Sequence[Sequence[str]],
    *,
    header: Sequence[str] = HEADER,
    delimiter: str = ";",
    encoding: str = "utf-8",
    bom: bool = False,
) -> bytes:
    lines = [delimiter.join(header)] + [delimiter.join(row) for row in rows]
    content = ("\r\n".join(lines) + "\r\n").encode(encoding)
    return (b"\xef\xbb\xbf" + content) if bom else content


def numbered_rows(count: int, *, group: str = "5", start: int = 1000) -> list[tuple[str, ...]]:
    return [(str(start + n), f"Kind{n}", "", f"Achternaam{n}", group) for n in range(count)]
