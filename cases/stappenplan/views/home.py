"""The home page "Mijn werk": what is waiting for this user, the most urgent first.

Each section shows its first `MY_WORK_ROWS` rows and the total, with a link to the full list
(the incident list filtered on "awaiting verification", the case list): the page is the
same size and the same number of queries for a teacher with two cases and an IB with ten
thousand.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from cases.review.selectors import review_open_items, weeks_awaiting_review
from cases.stappenplan.selectors import my_work
from cases.stappenplan.views.case import case_rows
from cases.stappenplan.workspace import involved_from

MY_WORK_ROWS = 20


@login_required
def home(request: HttpRequest) -> HttpResponse:
    work = my_work(request.user)
    incidents = [
        {"incident": incident, "pupils": involved_from(incident.involvements.all())}
        for incident in work["incidents_to_verify"][:MY_WORK_ROWS]
    ]
    # Nearest deadline first, so the overdue cases lead; cases without a deadline last.
    cases = case_rows(work["cases"][:MY_WORK_ROWS])
    return render(
        request,
        "home.html",
        {
            "incidents": incidents,
            "incidents_total": work["incidents_total"],
            "cases": cases,
            "cases_total": work["cases_total"],
            "overdue_count": work["overdue_cases"],
            # §11.1: a school week nobody reviewed by its Friday (IB and directie only).
            "weeks_to_review": weeks_awaiting_review(request.user, now=timezone.now()),
            # The coordinator: the weekly review's open items, as counts (§3.2).
            "review_items": review_open_items(request.user, today=timezone.localdate()),
        },
    )
