"""Verification of a reported incident (protocol §11 "Vooraf"): teasing or aggression is closed
with a follow-up note; bullying opens a case, or joins the open case of the same pupils."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.models import User
from cases.incidents.selectors import incidents_visible_to
from cases.incidents.verification import incident_verify, may_verify_incident
from cases.models import AccessAction, Case, Classification, Incident
from cases.stappenplan.forms import VerifyForm, add_service_errors
from cases.stappenplan.selectors import matching_open_cases
from cases.stappenplan.workspace import involved_from
from cases.visibility.services import access_log_record
from protocol.stappenplan import CaseState


def _case_label(case, pupils) -> str:
    names = ", ".join(entry.pupil.full_name for entry in pupils)
    return _("%(case)s (%(pupils)s; %(state)s)") % {
        "case": case,
        "pupils": names,
        "state": CaseState(case.state).label,
    }


def _open_cases(incident: Incident, user: User) -> list[tuple[Case, str]]:
    """The open cases of the same pupils the incident can join, with their labels."""
    return [
        (
            case,
            _case_label(
                case,
                involved_from(
                    involvement
                    for other in case.incidents.all()
                    for involvement in other.involvements.all()
                ),
            ),
        )
        for case in matching_open_cases(incident=incident, user=user)
    ]


def _verified(request: HttpRequest, data: dict, case: Case | None) -> HttpResponse:
    """Say what the verification did, and go where the work continues."""
    if case is None:
        messages.success(
            request,
            _("The incident has been recorded as %(classification)s, without a case.")
            % {"classification": Classification(data["classification"]).label.lower()},
        )
        return redirect("home")
    if data["case"] is not None:
        messages.success(request, _("The incident has been added to %(case)s.") % {"case": case})
    else:
        messages.success(
            request,
            _("%(case)s has been opened. Start with step 1: the separate conversations.")
            % {"case": case},
        )
    return redirect(case)


@login_required
def verify_incident(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_object_or_404(
        incidents_visible_to(request.user)
        .select_related("registered_by", "case")
        .prefetch_related("involvements__pupil__group", "marks"),
        pk=pk,
    )
    if incident.verified_at is not None:
        messages.info(request, _("This incident has already been verified."))
        return redirect(incident.case if incident.case_id else "home")
    if not may_verify_incident(user=request.user, incident=incident):
        # Visible, but not theirs to verify: say so rather than pretend it does not exist.
        raise PermissionDenied(
            _(
                "Only the teacher who registered the report, the teacher of the pupils "
                "involved or the IB can verify it."
            )
        )
    if request.method == "GET":
        access_log_record(user=request.user, action=AccessAction.VIEW, objects=[incident])
    open_cases = _open_cases(incident, request.user)
    form = VerifyForm(request.POST or None, open_cases=open_cases)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = incident_verify(
                incident=incident,
                user=request.user,
                classification=data["classification"],
                note=data["note"],
                case=data["case"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _verified(request, data, case)
    return render(
        request,
        "cases/incident_verify.html",
        {
            "incident": incident,
            "pupils": involved_from(incident.involvements.all()),
            "marks": list(incident.marks.all()),
            "form": form,
            "open_cases": open_cases,
        },
    )
