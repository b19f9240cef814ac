"""The weekoverzicht (§11.1): the week's registrations, what needs attention, repeated
involvement and the week's figures, for the IB, the directie and the coordinator; and the
review itself, recorded by the IB or the directie."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role
from cases.incidents.export import incidents_csv
from cases.incidents.selectors import incidents_for_overview, incidents_visible_to
from cases.models import AccessAction
from cases.review.selectors import repeat_window, week_reviews
from cases.review.services import incident_review_record, may_review, week_review_record
from cases.review.weeks import Week, last_complete_school_week
from cases.school.calendar import school_calendar
from cases.visibility.services import access_log_record
from reporting.weekly.counts import week_counts
from reporting.weekly.forms import WeekFilterForm, WeekReviewForm
from reporting.weekly.selectors import (
    attention_sections,
    bounded,
    registration_rows,
    registration_view,
    repeat_section,
    week_registrations,
)

# §11.1 and §11.2: the IB and the directie review, the coordinator analyses the reports.
READERS = (Role.IB, Role.DIRECTIE, Role.COORDINATOR)


def _check_reader(request: HttpRequest) -> None:
    if not request.user.has_role(*READERS):
        raise PermissionDenied


def _week_from(request: HttpRequest, calendar) -> Week:
    week = Week.parse(request.GET.get("week") or request.POST.get("week") or "")
    return week or last_complete_school_week(timezone.localdate(), calendar)


def _week_url(week: Week, **params) -> str:
    return f"{reverse('reporting:week')}?{urlencode({'week': str(week), **params})}"


def _list_url(name: str, **params) -> str:
    query = urlencode({key: value for key, value in params.items() if value})
    return reverse(name) + (f"?{query}" if query else "")


@login_required
def week_overview(request: HttpRequest) -> HttpResponse:
    _check_reader(request)
    calendar = school_calendar()
    week = _week_from(request, calendar)
    filter_form = WeekFilterForm(request.GET or None)
    list_params = {"week": str(week), **filter_form.list_params()}
    if filter_form.cleaned().get("not_reviewed"):
        list_params["reviewed"] = "no"
    registrations = bounded(
        registration_rows(filter_form.filter(week_registrations(request.user, week))),
        _list_url("cases:incident_list", **list_params),
    )
    registrations.rows = [registration_view(incident) for incident in registrations.rows]
    urls = {
        "waiting": _list_url("cases:incident_list", verification="awaiting"),
        "overdue": _list_url("cases:case_list", filter="verlopen"),
        "escalated": _list_url("cases:case_list", filter="stap-6-8"),
        "serious": _list_url("cases:case_list", filter="ernstig"),
        "measures": _list_url("cases:case_list", filter="maatregel"),
        "undelivered": reverse("cases:delivery_problems"),
    }
    first, last = repeat_window(week, calendar)
    repeat = repeat_section(
        request.user,
        first=first,
        last=last,
        more_url=_list_url(
            "cases:incident_list", date_from=f"{first:%d-%m-%Y}", date_to=f"{last:%d-%m-%Y}"
        ),
    )
    weeks, counts = week_counts(request.user, week)
    return render(
        request,
        "reporting/weekly/week.html",
        {
            "week": week,
            "previous_url": _week_url(week.previous),
            "next_url": _week_url(week.next),
            "filter_form": filter_form,
            "registrations": registrations,
            "attention": attention_sections(request.user, now=timezone.now(), urls=urls),
            "repeat": repeat,
            "repeat_first": first,
            "repeat_last": last,
            "repeat_threshold": settings.REPEAT_INVOLVEMENT_INCIDENTS,
            "weeks": weeks,
            "counts": counts,
            "reviews": list(week_reviews(week)),
            "may_review": may_review(request.user),
            "review_form": WeekReviewForm(),
            "export_url": f"{reverse('reporting:week_export')}?{request.GET.urlencode()}"
            if request.GET
            else f"{reverse('reporting:week_export')}?week={week}",
        },
    )


@login_required
@require_POST
def week_review(request: HttpRequest) -> HttpResponse:
    _check_reader(request)
    if not may_review(request.user):
        raise PermissionDenied
    week = _week_from(request, school_calendar())
    form = WeekReviewForm(request.POST)
    if form.is_valid():
        week_review_record(week=week, reviewed_by=request.user, note=form.cleaned_data["note"])
        messages.success(
            request, _("Week %(number)s has been marked reviewed.") % {"number": week.number}
        )
    else:
        messages.error(request, _("The note is too long: at most 2000 characters."))
    return redirect(_week_url(week))


@login_required
@require_POST
def incident_review(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_object_or_404(incidents_visible_to(request.user), pk=pk)
    if not may_review(request.user):
        raise PermissionDenied
    incident_review_record(incident=incident, reviewed_by=request.user)
    messages.success(
        request, _("Incident #%(number)s has been marked reviewed.") % {"number": incident.pk}
    )
    week = Week.parse(request.POST.get("week", "")) or Week.containing(
        timezone.localdate(incident.registered_at)
    )
    return redirect(_week_url(week) + f"#melding-{incident.pk}")


@login_required
def week_export(request: HttpRequest) -> HttpResponse:
    """The week's registrations, with the page's filters, as the incident list's CSV; every
    incident in it is logged as exported."""
    _check_reader(request)
    week = _week_from(request, school_calendar())
    filter_form = WeekFilterForm(request.GET or None)
    # A queryset: the CSV is written from it in pieces (cases.incidents.export).
    incidents = incidents_for_overview(
        filter_form.filter(week_registrations(request.user, week))
    ).order_by("registered_at", "pk")
    access_log_record(user=request.user, action=AccessAction.EXPORT, objects=list(incidents))
    response = HttpResponse(incidents_csv(incidents), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="weekoverzicht-{week}.csv"'
    return response
