"""The home page "Mijn werk": what is waiting for this user, the most urgent first."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cases.stappenplan.selectors import my_work
from cases.stappenplan.views.case import case_rows
from cases.stappenplan.workspace import involved_from


@login_required
def home(request: HttpRequest) -> HttpResponse:
    work = my_work(request.user)
    incidents = [
        {"incident": incident, "pupils": involved_from(incident.involvements.all())}
        for incident in work["incidents_to_verify"]
    ]
    # Nearest deadline first, so the overdue cases lead; cases without a deadline last.
    cases = case_rows(work["cases"])
    return render(
        request,
        "home.html",
        {"incidents": incidents, "cases": cases, "overdue_count": work["overdue_cases"]},
    )
