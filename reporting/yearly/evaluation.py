"""The protocol's evaluation every four years (§12): recorded by the coordinator, read by IB
and directie; the reminder to the coordinator follows the next due date recorded here."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accounts.models import Role
from cases.stappenplan.forms import add_service_errors
from protocol.models import ProtocolEvaluation
from reporting.trends.access import require_coordinator, require_reader
from reporting.yearly.forms import ProtocolEvaluationForm
from reporting.yearly.services import protocol_evaluation_record

SHOWN = 20


@login_required
def protocol_evaluation(request: HttpRequest) -> HttpResponse:
    require_reader(request)
    form = ProtocolEvaluationForm()
    if request.method == "POST":
        require_coordinator(request)
        form = ProtocolEvaluationForm(request.POST)
        if form.is_valid():
            try:
                protocol_evaluation_record(by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The evaluation is recorded."))
                return redirect("yearly:protocol_evaluation")
    evaluations = list(ProtocolEvaluation.objects.select_related("recorded_by")[:SHOWN])
    return render(
        request,
        "reporting/yearly/protocol_evaluation.html",
        {
            "evaluations": evaluations,
            "latest": evaluations[0] if evaluations else None,
            "form": form,
            "may_write": request.user.has_role(Role.COORDINATOR),
        },
    )
