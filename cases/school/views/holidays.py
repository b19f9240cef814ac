"""The directie enters the school's holidays per school year; deadlines skip them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role
from cases.models import Holiday, SchoolYear
from cases.school.forms import HOLIDAY_NAMES, HolidayForm
from cases.school.services import holiday_create, holiday_delete, holiday_update
from cases.stappenplan.forms import add_service_errors


def _require_directie(request: HttpRequest) -> None:
    if not request.user.has_role(Role.DIRECTIE):
        raise PermissionDenied


def _school_years() -> list[SchoolYear]:
    return list(
        SchoolYear.objects.select_related("school")
        .prefetch_related(Prefetch("holidays", queryset=Holiday.objects.order_by("start_date")))
        .order_by("-start_date")
    )


def _current_year(years: list[SchoolYear]) -> SchoolYear | None:
    today = timezone.localdate()
    for year in years:
        if year.start_date <= today <= year.end_date:
            return year
    upcoming = [year for year in years if year.start_date > today]
    return upcoming[-1] if upcoming else (years[0] if years else None)


def _render(
    request: HttpRequest,
    years: list[SchoolYear],
    form: HolidayForm,
    *,
    editing: Holiday | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "cases/holidays.html",
        {
            "years": years,
            "form": form,
            "editing": editing,
            "holiday_names": HOLIDAY_NAMES,
        },
        status=status,
    )


@login_required
def holiday_list(request: HttpRequest) -> HttpResponse:
    _require_directie(request)
    years = _school_years()
    if request.method != "POST":
        current = _current_year(years)
        form = HolidayForm(
            initial={"school_year": str(current.pk) if current else ""}, school_years=years
        )
        return _render(request, years, form)
    form = HolidayForm(request.POST, school_years=years)
    if form.is_valid():
        try:
            holiday = holiday_create(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s has been added to school year %(year)s.")
                % {"name": holiday.name, "year": holiday.school_year.name},
            )
            return redirect("cases:holiday_list")
    return _render(request, years, form)


@login_required
def holiday_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _require_directie(request)
    holiday = get_object_or_404(Holiday, pk=pk)
    years = _school_years()
    if request.method != "POST":
        form = HolidayForm(initial=HolidayForm.initial_from(holiday), school_years=years)
        return _render(request, years, form, editing=holiday)
    form = HolidayForm(request.POST, school_years=years, holiday=holiday)
    if form.is_valid():
        try:
            holiday = holiday_update(holiday=holiday, user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(name)s has been changed.") % {"name": holiday.name})
            return redirect("cases:holiday_list")
    return _render(request, years, form, editing=holiday)


@login_required
@require_POST
def holiday_remove(request: HttpRequest, pk: int) -> HttpResponse:
    _require_directie(request)
    holiday = get_object_or_404(Holiday, pk=pk)
    name = holiday.name
    holiday_delete(holiday=holiday, user=request.user)
    messages.success(
        request,
        _("%(name)s has been deleted. Deadlines that were already set do not change.")
        % {"name": name},
    )
    return redirect("cases:holiday_list")
