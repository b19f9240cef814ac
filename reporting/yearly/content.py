"""Everything the yearly report shows, for the page, the PDF and the CSV alike."""

from django.utils.translation import gettext as _

from accounts.models import User
from cases.models import SchoolYear
from confidential.selectors import reporter_kind_labels
from reporting.trends.figures import table_chart, trend_tables
from reporting.trends.scope import scope_for
from reporting.trends.selectors import MONTHS
from reporting.trends.tables import Cell, Row, Table
from reporting.yearly.models import ConfidantContribution, Training, YearReport


def confidant_tables(contribution: ConfidantContribution | None) -> list[Table]:
    """The counts the aanspreekpersoon released; nothing at all before she has."""
    if contribution is None or not contribution.is_released:
        return []
    return counts_tables(contribution.counts)


def counts_tables(counts: dict) -> list[Table]:
    column = [_("Confidential reports")]
    months = [
        Row(f"{MONTHS[int(key[5:]) - 1]} {key[:4]}", [Cell.count(n)])
        for key, n in sorted(counts.get("per_month", {}).items())
    ]
    kinds = reporter_kind_labels()
    per_kind = [
        Row(str(kinds.get(kind, kind)), [Cell.count(n)])
        for kind, n in counts.get("per_kind", {}).items()
    ]
    summary = [
        Row(_("Received"), [Cell.count(counts.get("total", 0))]),
        Row(
            _("Passed on to the school as an incident"),
            [Cell.count(counts.get("passed_on_as_incident", 0))],
        ),
    ]
    return [
        Table(
            "confidant_summary",
            _("Confidential reports to the aanspreekpersoon"),
            column,
            summary,
            None,
        ),
        Table("confidant_month", _("Confidential reports per month"), column, months, "vertical"),
        Table(
            "confidant_kind",
            _("Confidential reports per kind of reporter"),
            column,
            per_kind,
            "horizontal",
        ),
    ]


def year_report_content(user: User, year: SchoolYear, *, for_pdf: bool = False) -> dict:
    scope = scope_for(year)
    contribution = ConfidantContribution.objects.filter(school_year=year).first()
    tables = trend_tables(user, scope) + confidant_tables(contribution)
    return {
        "year": year,
        "scope": scope,
        "report": YearReport.objects.filter(school_year=year)
        .select_related("adopted_by", "updated_by")
        .first(),
        "contribution": contribution,
        "trainings": list(Training.objects.filter(school_year=year).order_by("held_on", "pk")),
        "tables": [(table, table_chart(table, for_pdf=for_pdf)) for table in tables],
    }


def year_report_table(user: User, year: SchoolYear, key: str) -> Table | None:
    contribution = ConfidantContribution.objects.filter(school_year=year).first()
    tables = trend_tables(user, scope_for(year)) + confidant_tables(contribution)
    return next((table for table in tables if table.key == key), None)
