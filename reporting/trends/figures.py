"""All tables of the trends page, built from the selectors, in a fixed number of queries."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from protocol.stappenplan import CaseState, DeadlineRule
from reporting.monitor.selectors import monitor_results_for
from reporting.trends import conformance, selectors
from reporting.trends.charts import Series, chart_svg
from reporting.trends.scope import Scope
from reporting.trends.tables import Cell, Row, Table, year_columns

WINDOWS = conformance.WINDOWS

INCIDENT_TABLES = (
    ("month", gettext_lazy("Incidents per month"), selectors.per_month, "vertical"),
    ("form", gettext_lazy("Incidents per form of bullying"), selectors.per_form, "horizontal"),
    ("example", gettext_lazy("Incidents per example"), selectors.per_example, "horizontal"),
    ("location", gettext_lazy("Incidents per location"), selectors.per_location, "horizontal"),
    ("group", gettext_lazy("Incidents per group"), selectors.per_group, "horizontal"),
    ("weekday", gettext_lazy("Incidents per weekday"), selectors.per_weekday, "vertical"),
    (
        "part_of_day",
        gettext_lazy("Incidents per part of the day"),
        selectors.per_part_of_day,
        "horizontal",
    ),
    (
        "platform",
        gettext_lazy("Digital bullying per platform"),
        selectors.per_platform,
        "horizontal",
    ),
    (
        "classification",
        gettext_lazy("Classification after verification"),
        selectors.per_classification,
        "horizontal",
    ),
    ("role", gettext_lazy("Roles of the pupils involved"), selectors.per_role, "horizontal"),
)


def _count_table(key: str, title: str, rows: list[dict], scope: Scope, chart: str) -> Table:
    return Table(
        key=key,
        title=title,
        columns=year_columns(scope),
        rows=[
            Row(row["label"], [Cell.count(row["current"]), Cell.count(row["previous"])])
            for row in rows
        ],
        chart=chart,
    )


def incident_tables(user: User, scope: Scope) -> list[Table]:
    tables = [
        _count_table(
            "summary",
            _("Incidents and repeat involvement"),
            [selectors.totals(user, scope), selectors.repeat_involvement(user, scope)],
            scope,
            None,
        )
    ]
    for key, title, selector, chart in INCIDENT_TABLES:
        tables.append(_count_table(key, str(title), selector(user, scope), scope, chart))
    return tables


def conformance_table(user: User, scope: Scope) -> Table:
    registered = conformance.registered_in_time(user, scope)
    verification = conformance.time_to_verification(user, scope)
    deadlines = conformance.deadlines_met(user, scope)
    rows = [
        Row(_("Registered within 24 hours"), [Cell.share(*registered[w]) for w in WINDOWS]),
        Row(
            _("Median time from report to verification"),
            [Cell.duration(*verification[w]) for w in WINDOWS],
        ),
    ]
    labels = dict(DeadlineRule.choices)
    for kind, per_window in deadlines.items():
        rows.append(
            Row(
                _("Deadline met in time: %(kind)s") % {"kind": labels[kind]},
                [Cell.share(*per_window[w]) for w in WINDOWS],
            )
        )
    return Table(
        key="conformance",
        title=_("Keeping to the protocol"),
        columns=year_columns(scope),
        rows=rows,
        chart=None,
        note=_(
            "A deadline counts once it is due; a deadline that was replaced by a new one or "
            "cancelled because the case closed does not count."
        ),
    )


def case_tables(user: User, scope: Scope) -> list[Table]:
    counts = conformance.case_counts(user, scope)
    duration = conformance.case_duration(user, scope)
    labels = {
        "opened": _("Cases opened"),
        "closed": _("Cases closed"),
        "reopened": _("Cases reopened"),
        CaseState.STEP_6.value: _("Cases that reached step 6"),
        CaseState.STEP_7.value: _("Cases that reached step 7"),
        CaseState.STEP_8.value: _("Cases that reached step 8"),
    }
    rows = [
        Row(label, [Cell.count(counts[key][w]) for w in WINDOWS]) for key, label in labels.items()
    ]
    rows.append(
        Row(
            _("Median duration of the cases closed"), [Cell.duration(*duration[w]) for w in WINDOWS]
        )
    )
    per_step = conformance.cases_per_step_now(user, scope)
    steps = Table(
        key="steps_now",
        title=_("Open cases per step, today"),
        columns=[_("Now")],
        rows=[
            Row(str(state.label), [Cell.count(per_step.get(state.value, 0))])
            for state in CaseState
            if state != CaseState.CLOSED
        ],
        chart="horizontal",
    )
    return [
        Table(
            key="cases",
            title=_("Cases"),
            columns=year_columns(scope),
            rows=rows,
            chart=None,
        ),
        steps,
    ]


def monitor_table(scope: Scope, incidents: list[Table]) -> Table:
    """The monitor's results beside the incidents of the same group this period (§12.1)."""
    by_group = {row.label: row.cells[0] for row in _table(incidents, "group").rows}
    school = _table(incidents, "summary").rows[0].cells[0]
    rows = []
    for result in monitor_results_for(scope):
        where = result.group.name if result.group else _("The whole school")
        rows.append(
            Row(
                f"{where} · {result.instrument} · {result.measured_on:%d-%m-%Y}",
                [
                    Cell.percent(result.feel_safe_percent, result.respondents),
                    by_group.get(result.group.name, Cell.count(0)) if result.group else school,
                ],
            )
        )
    return Table(
        key="monitor",
        title=_("Safety monitor"),
        columns=[_("Pupils who feel safe"), _("Incidents in this period")],
        rows=rows,
        chart=None,
    )


def _table(tables: list[Table], key: str) -> Table:
    return next(table for table in tables if table.key == key)


def trend_tables(user: User, scope: Scope) -> list[Table]:
    incidents = incident_tables(user, scope)
    after_groups = incidents.index(_table(incidents, "group")) + 1
    return [
        *incidents[:after_groups],
        monitor_table(scope, incidents),
        *incidents[after_groups:],
        conformance_table(user, scope),
        *case_tables(user, scope),
    ]


def table_chart(table: Table, *, for_pdf: bool = False) -> str | None:
    """The table's chart as SVG; the PDF's leaves out the bars of fewer than five."""
    if table.chart is None or table.is_empty:
        return None
    series = [
        Series(name, table.series_values(index, suppress=for_pdf))
        for index, name in enumerate(table.columns)
    ]
    return chart_svg(
        title=table.title,
        labels=[row.label for row in table.rows],
        series=series,
        kind=table.chart,
        for_pdf=for_pdf,
    )
