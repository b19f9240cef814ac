"""Figures as tables: what the page shows under each chart, the CSV downloads and the PDF.

A cell knows what it rests on (`n`: the incidents, pupils, cases or deadlines it counts), so
that everything leaving the school can hide small numbers: a count of 1 to 4, or a share,
median or figure resting on 1 to 4, is written as "< 5" (`SMALL`), so that no child can be
recognised. Zero stays zero: it says nothing about anybody. The screen, inside the school and
only for IB, directie and coordinator, shows the exact figures.
"""

import csv
import datetime
import io
from dataclasses import dataclass, field

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cases.incidents.export import spreadsheet_safe

SMALL_LIMIT = 5
SMALL = "< 5"
COUNT, SHARE, DURATION, PERCENT = "count", "share", "duration", "percent"


@dataclass(frozen=True)
class Cell:
    kind: str
    n: int  # how many it rests on (for a count: the count itself)
    value: int | datetime.timedelta | None = None  # shares: how many met

    @classmethod
    def count(cls, value: int) -> "Cell":
        return cls(COUNT, value, value)

    @classmethod
    def share(cls, met: int, out_of: int) -> "Cell":
        return cls(SHARE, out_of, met)

    @classmethod
    def duration(cls, median: datetime.timedelta | None, n: int) -> "Cell":
        return cls(DURATION, n, median)

    @classmethod
    def percent(cls, value, n: int | None) -> "Cell":
        """A percentage measured elsewhere (the monitor), resting on `n` pupils if known."""
        return cls(PERCENT, n or 0, value)

    @property
    def is_small(self) -> bool:
        return 0 < self.n < SMALL_LIMIT

    @property
    def number(self) -> float | None:
        """The value a chart draws: a count, a percentage or a number of days."""
        if self.kind == COUNT:
            return self.n
        if self.kind == SHARE:
            return round(100 * self.value / self.n) if self.n else None
        if self.kind == PERCENT:
            return float(self.value)
        return round(self.value.total_seconds() / 86400, 1) if self.value is not None else None

    def text(self, *, suppress: bool = False) -> str:
        if suppress and self.is_small:
            return SMALL
        if self.kind == COUNT:
            return str(self.n)
        if self.kind == SHARE:
            if not self.n:
                return "–"
            return _("%(percent)s%% (%(met)s of %(all)s)") % {
                "percent": self.number,
                "met": self.value,
                "all": self.n,
            }
        if self.kind == PERCENT:
            return f"{number_format(self.value, decimal_pos=1)}%"
        return _duration_text(self.value)


def _duration_text(value: datetime.timedelta | None) -> str:
    if value is None:
        return "–"
    hours = value.total_seconds() / 3600
    if hours < 48:
        rounded = round(hours)
        return ngettext("%(n)s hour", "%(n)s hours", rounded) % {"n": rounded}
    days = hours / 24
    return _("%(n)s days") % {"n": number_format(round(days, 1), decimal_pos=1)}


@dataclass
class Row:
    label: str
    cells: list[Cell]


@dataclass
class Table:
    key: str
    title: str
    columns: list[str]
    rows: list[Row] = field(default_factory=list)
    chart: str | None = "horizontal"  # "vertical", "horizontal", or None: no chart
    note: str = ""

    @property
    def is_empty(self) -> bool:
        return not any(cell.n or cell.kind == PERCENT for row in self.rows for cell in row.cells)

    def series_values(self, column: int, *, suppress: bool = False) -> list[float | None]:
        return [
            None if suppress and row.cells[column].is_small else row.cells[column].number
            for row in self.rows
        ]


def year_columns(scope) -> list[str]:
    return [
        _("%(from)s – %(to)s") % {"from": f"{w.start:%d-%m-%Y}", "to": f"{w.end:%d-%m-%Y}"}
        for w in (scope.current, scope.previous)
    ]


def table_csv(table: Table) -> str:
    """The table as CSV (semicolons, as Dutch spreadsheets expect), small numbers hidden."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([table.title, *table.columns])
    for row in table.rows:
        writer.writerow(
            [spreadsheet_safe(row.label), *(cell.text(suppress=True) for cell in row.cells)]
        )
    return buffer.getvalue()
