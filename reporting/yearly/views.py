"""The yearly evaluation report (§3.2): a page, a PDF and CSVs; the coordinator writes it,
the directie adopts it, IB and directie read it, the aanspreekpersoon adds her part."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role
from cases.models import SchoolYear
from cases.stappenplan.forms import add_service_errors
from mozaiek.pdf import render_pdf
from reporting.trends.access import require_coordinator, require_reader
from reporting.trends.forms import current_school_year
from reporting.trends.tables import table_csv
from reporting.yearly.content import year_report_content, year_report_table
from reporting.yearly.forms import TrainingForm, YearReportForm
from reporting.yearly.models import Training
from reporting.yearly.services import (
    training_add,
    training_remove,
    year_report_adopt,
    year_report_save,
)


def _year(pk: int) -> SchoolYear:
    return get_object_or_404(SchoolYear, pk=pk)


def _page(request, year, *, form=None, training=None, status=200) -> HttpResponse:
    content = year_report_content(request.user, year)
    report = content["report"]
    if form is None:
        form = YearReportForm(
            initial={
                "conclusions": report.conclusions if report else "",
                "measures": report.measures if report else "",
                "version": report.version if report else 0,
            }
        )
    return render(
        request,
        "reporting/yearly/page.html",
        {
            **content,
            "form": form,
            "training_form": training or TrainingForm(),
            "years": SchoolYear.objects.order_by("-start_date"),
            "may_write": request.user.has_role(Role.COORDINATOR),
            "may_adopt": request.user.has_role(Role.DIRECTIE),
        },
        status=status,
    )


@login_required
def current(request: HttpRequest) -> HttpResponse:
    require_reader(request)
    year = current_school_year()
    if year is None:  # the trends page explains that there is no school year yet
        return redirect("trends:page")
    return redirect("yearly:report", year=year.pk)


@login_required
def report(request: HttpRequest, year: int) -> HttpResponse:
    require_reader(request)
    school_year = _year(year)
    if request.method != "POST":
        return _page(request, school_year)
    require_coordinator(request)
    form = YearReportForm(request.POST)
    if form.is_valid():
        try:
            year_report_save(
                by=request.user,
                school_year=school_year,
                conclusions=form.cleaned_data["conclusions"],
                measures=form.cleaned_data["measures"],
                version=form.cleaned_data["version"] or 0,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Your draft is saved."))
            return redirect("yearly:report", year=school_year.pk)
    return _page(request, school_year, form=form)


@login_required
@require_POST
def report_adopt(request: HttpRequest, year: int) -> HttpResponse:
    if not request.user.has_role(Role.DIRECTIE):
        raise PermissionDenied
    school_year = _year(year)
    report = getattr(school_year, "report", None)
    if report is None:
        messages.error(request, _("There is no report to adopt yet."))
    else:
        try:
            year_report_adopt(by=request.user, report=report)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The report is adopted."))
    return redirect("yearly:report", year=school_year.pk)


@login_required
def report_pdf(request: HttpRequest, year: int) -> HttpResponse:
    require_reader(request)
    school_year = _year(year)
    content = year_report_content(request.user, school_year, for_pdf=True)
    pdf = render_pdf("pdf/yearly_report.html", {**content, "school": school_year.school})
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="jaarverslag-{slugify(school_year.name)}.pdf"'
    )
    return response


@login_required
def report_csv(request: HttpRequest, year: int, key: str) -> HttpResponse:
    require_reader(request)
    table = year_report_table(request.user, _year(year), key)
    if table is None:
        raise Http404
    response = HttpResponse("\ufeff" + table_csv(table), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="jaarverslag-{year}-{key}.csv"'
    return response


@login_required
@require_POST
def training_create(request: HttpRequest, year: int) -> HttpResponse:
    require_coordinator(request)
    school_year = _year(year)
    form = TrainingForm(request.POST)
    if form.is_valid():
        try:
            training_add(by=request.user, school_year=school_year, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The training is added."))
            return redirect("yearly:report", year=school_year.pk)
    return _page(request, school_year, training=form)


@login_required
@require_POST
def training_delete(request: HttpRequest, year: int, pk: int) -> HttpResponse:
    require_coordinator(request)
    training = get_object_or_404(Training, pk=pk, school_year__pk=year)
    try:
        training_remove(by=request.user, training=training)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("yearly:report", year=year)
