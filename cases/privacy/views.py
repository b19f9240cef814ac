"""The privacy page and the retention page, for the directie (the school's privacy officer
reads along with them)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from accounts.models import Role
from cases.privacy.policies import policy_get
from cases.privacy.selectors import count_labels, policy_states, staff_per_role
from cases.privacy.services import retention_confirm, retention_preview

# What each role sees, in the words of "Who sees what" in the README.
ROLE_ACCESS = {
    Role.TEACHER: gettext_lazy(
        "The incidents and cases of the pupils in the groups they teach, and those they "
        "registered, opened or are assigned to."
    ),
    Role.IB: gettext_lazy("Every incident, case and pupil of the school."),
    Role.DIRECTIE: gettext_lazy(
        "Every incident, case and pupil of the school; the history and access log; the "
        "inzage export and the transfer; staff accounts and the retention policies."
    ),
    Role.COORDINATOR: gettext_lazy(
        "Every incident, case and pupil of the school, to analyse them."
    ),
    Role.CONFIDANT: gettext_lazy(
        "Only the confidential reports, which nobody else sees; through this role no "
        "incident or case."
    ),
}


def _require_directie(request: HttpRequest) -> None:
    if not request.user.has_role(Role.DIRECTIE):
        raise PermissionDenied


@login_required
def privacy_page(request: HttpRequest) -> HttpResponse:
    _require_directie(request)
    per_role = staff_per_role()
    return render(
        request,
        "cases/privacy/page.html",
        {
            "roles": [
                (label, per_role.get(value, 0), ROLE_ACCESS[value]) for value, label in Role.choices
            ],
            "states": policy_states(),
            "count_labels": count_labels(),
            "database": connection.vendor,
            "two_factor_for_teachers": settings.TWO_FACTOR_REQUIRED_FOR_TEACHERS,
        },
    )


@login_required
def retention_page(request: HttpRequest) -> HttpResponse:
    """What each policy would do today (a dry run), whether it is confirmed, its last run."""
    _require_directie(request)
    states = policy_states()
    previews = {policy.key: counts for policy, counts in retention_preview()}
    for state in states:
        state.preview = previews[state.policy.key]
    return render(
        request,
        "cases/privacy/retention.html",
        {"states": states, "count_labels": count_labels()},
    )


@login_required
@require_POST
def retention_confirm_view(request: HttpRequest, policy: str) -> HttpResponse:
    _require_directie(request)
    if policy_get(policy) is None:
        raise Http404
    retention_confirm(policy=policy, by=request.user)
    messages.success(request, _("Confirmed. From now on the monthly run applies this policy."))
    return redirect("cases:retention")
