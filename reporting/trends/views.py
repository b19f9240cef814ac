"""The trends page (§11.1 "Trends worden geanalyseerd") and its tables as CSV."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from reporting.trends.access import require_reader
from reporting.trends.figures import table_chart, trend_tables
from reporting.trends.forms import TrendsFilterForm
from reporting.trends.tables import table_csv


@login_required
def trends(request: HttpRequest) -> HttpResponse:
    require_reader(request)
    form = TrendsFilterForm(request.GET or None)
    scope = form.scope()
    tables = trend_tables(request.user, scope) if scope else []
    return render(
        request,
        "reporting/trends/page.html",
        {
            "form": form,
            "scope": scope,
            "tables": [(table, table_chart(table)) for table in tables],
            "query": request.GET.urlencode(),
        },
    )


@login_required
def trends_csv(request: HttpRequest, key: str) -> HttpResponse:
    require_reader(request)
    scope = TrendsFilterForm(request.GET or None).scope()
    if scope is None:
        raise Http404
    table = next((t for t in trend_tables(request.user, scope) if t.key == key), None)
    if table is None:
        raise Http404
    response = HttpResponse("\ufeff" + table_csv(table), content_type="text/csv; charset=utf-8")
    filename = f"trends-{key}-{scope.current.start:%Y%m%d}-{scope.current.end:%Y%m%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
