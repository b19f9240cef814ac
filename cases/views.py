from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cases.selectors import incidents_visible_to


@login_required
def incident_list(request: HttpRequest) -> HttpResponse:
    incidents = incidents_visible_to(request.user)[:50]
    return render(request, "cases/incident_list.html", {"incidents": incidents})
