"""The aanspreekpersoon's part of the yearly report (§3.1): she sees the counts of her
reports for the year, adds her own text, and releases both for the report."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.models import Role
from cases.models import SchoolYear
from cases.stappenplan.forms import add_service_errors
from reporting.yearly.content import counts_tables
from reporting.yearly.forms import ContributionForm
from reporting.yearly.models import ConfidantContribution
from reporting.yearly.services import confidant_counts, contribution_save


@login_required
def contribution(request: HttpRequest, year: int) -> HttpResponse:
    # Like the rest of the confidential channel: nobody else learns this page exists.
    if not request.user.has_role(Role.CONFIDANT):
        raise Http404
    school_year = get_object_or_404(SchoolYear, pk=year)
    current = ConfidantContribution.objects.filter(school_year=school_year).first()
    form = ContributionForm(request.POST or None, initial={"text": current.text if current else ""})
    if request.method == "POST" and form.is_valid():
        try:
            contribution_save(
                by=request.user,
                school_year=school_year,
                text=form.cleaned_data["text"],
                release="release" in request.POST,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Your contribution is released for the yearly report.")
                if "release" in request.POST
                else _("Your text is saved; the report shows it once you release it."),
            )
            return redirect("yearly:contribution", year=school_year.pk)
    return render(
        request,
        "reporting/yearly/contribution.html",
        {
            "year": school_year,
            "form": form,
            "contribution": current,
            "tables": counts_tables(confidant_counts(school_year)),
        },
    )
