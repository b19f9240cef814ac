"""The history and access log of an incident or case, for the directie.

The object is fetched through the visibility selectors first, so someone who may not see it
gets 404 as everywhere; someone who may see it but is not directie gets 403.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from accounts.models import Role
from cases.incidents.selectors import incidents_visible_to
from cases.models import AccessAction, AccessObject, Incident
from cases.stappenplan.selectors import cases_visible_to
from cases.visibility.forms import AccessPeriodForm
from cases.visibility.selectors import (
    access_log_of_case,
    access_log_of_incident,
    access_visitors,
    case_history,
    incident_history,
)
from cases.visibility.services import access_log_record

ACCESSES_PER_PAGE = 50


def _require_directie(request: HttpRequest) -> None:
    if not request.user.has_role(Role.DIRECTIE):
        raise PermissionDenied


def _render(request: HttpRequest, *, obj, title: str, back_url: str | None, history, log):
    # The history shows what was written, so reading it counts as opening the object.
    access_log_record(user=request.user, action=AccessAction.VIEW, objects=[obj])
    period_form = AccessPeriodForm(request.GET or None)
    date_from, date_to = period_form.period()
    accesses = log(obj, date_from=date_from, date_to=date_to)
    page = Paginator(accesses, ACCESSES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "cases/history.html",
        {
            "object": obj,
            "object_type": AccessObject.INCIDENT
            if isinstance(obj, Incident)
            else AccessObject.CASE,
            "title": title,
            "back_url": back_url,
            "history": history(obj),
            "period_form": period_form,
            "date_from": date_from,
            "date_to": date_to,
            "visitors": access_visitors(accesses),
            "page": page,
        },
    )


@login_required
def incident_history_view(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_object_or_404(incidents_visible_to(request.user), pk=pk)
    _require_directie(request)
    return _render(
        request,
        obj=incident,
        title=_("History of incident %(number)s") % {"number": incident.pk},
        back_url=incident.get_absolute_url(),
        history=incident_history,
        log=access_log_of_incident,
    )


@login_required
def case_history_view(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_object_or_404(cases_visible_to(request.user), pk=pk)
    _require_directie(request)
    return _render(
        request,
        obj=case,
        title=_("History of case %(number)s") % {"number": case.pk},
        back_url=case.get_absolute_url(),
        history=case_history,
        log=access_log_of_case,
    )
