"""The coordinator records the yearly safety monitor (§12.1): by hand or from a CSV."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases.models import SchoolYear
from cases.stappenplan.forms import add_service_errors
from reporting.monitor.csv_rows import read_monitor_csv
from reporting.monitor.forms import MonitorResultForm, MonitorUploadForm
from reporting.monitor.models import MonitorResult
from reporting.monitor.services import (
    monitor_result_create,
    monitor_result_delete,
    monitor_results_import,
)
from reporting.trends.access import require_coordinator
from reporting.trends.forms import current_school_year


def _year(request: HttpRequest) -> SchoolYear | None:
    wanted = request.GET.get("year", "")
    if wanted.isdigit():
        year = SchoolYear.objects.filter(pk=int(wanted)).first()
        if year is not None:
            return year
    return current_school_year()


def _page(request, year, *, form=None, upload=None, problems=(), status=200) -> HttpResponse:
    results = (
        MonitorResult.objects.filter(school_year=year)
        .select_related("group", "instrument")
        .order_by("group__order", "group__name", "instrument__order", "measured_on")
        if year
        else MonitorResult.objects.none()
    )
    return render(
        request,
        "reporting/monitor/page.html",
        {
            "year": year,
            "years": SchoolYear.objects.order_by("-start_date"),
            "results": results,
            "form": form or MonitorResultForm(),
            "upload": upload or MonitorUploadForm(),
            "problems": problems,
        },
        status=status,
    )


def _back(year: SchoolYear) -> HttpResponse:
    return redirect(f"{reverse('monitor:page')}?year={year.pk}")


@login_required
def monitor(request: HttpRequest) -> HttpResponse:
    require_coordinator(request)
    year = _year(request)
    if request.method != "POST" or year is None:
        return _page(request, year)
    form = MonitorResultForm(request.POST)
    if form.is_valid():
        try:
            monitor_result_create(by=request.user, school_year=year, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The result is saved."))
            return _back(year)
    return _page(request, year, form=form)


@login_required
@require_POST
def monitor_import(request: HttpRequest) -> HttpResponse:
    require_coordinator(request)
    year = _year(request)
    upload = MonitorUploadForm(request.POST, request.FILES)
    if year is None or not upload.is_valid():
        return _page(request, year, upload=upload)
    rows, problems = read_monitor_csv(upload.cleaned_data["file"].read())
    if not problems:
        try:
            count = monitor_results_import(by=request.user, school_year=year, rows=rows)
        except ValidationError as exc:
            problems = list(exc.messages)
        else:
            messages.success(request, _("%(count)s results are saved.") % {"count": count})
            return _back(year)
    return _page(request, year, upload=upload, problems=problems)


@login_required
@require_POST
def monitor_delete(request: HttpRequest, pk: int) -> HttpResponse:
    require_coordinator(request)
    result = get_object_or_404(MonitorResult, pk=pk)
    year = result.school_year
    monitor_result_delete(by=request.user, result=result)
    messages.success(request, _("The result is removed."))
    return _back(year)
