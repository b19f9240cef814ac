"""Correcting a registered incident (art. 16 AVG): the registering teacher within 24 hours,
the IB always. Whoever may not see the incident gets 404; whoever sees it but may not correct
it gets 403 with the reason."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from cases.incidents.corrections import incident_correct, incident_may_correct
from cases.incidents.forms import INVOLVEMENT_PREFIX, InvolvementFormSet
from cases.incidents.forms.correction import (
    CorrectionForm,
    involvement_initial,
    pupil_choices_for,
)
from cases.incidents.selectors import incidents_visible_to
from cases.models import AccessAction
from cases.visibility.services import access_log_record

_SERVICE_FIELD_ON_FORM = {"forms": "bullying_forms"}


@login_required
def incident_correct_view(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_object_or_404(
        incidents_visible_to(request.user).select_related("registered_by", "case"), pk=pk
    )
    if not incident_may_correct(incident=incident, user=request.user):
        raise PermissionDenied(
            _(
                "Only the teacher who registered the incident (within 24 hours) and the IB "
                "can correct it."
            )
        )
    choices = pupil_choices_for(incident)
    formset_kwargs = {"prefix": INVOLVEMENT_PREFIX, "form_kwargs": {"pupil_choices": choices}}
    if request.method == "POST":
        form = CorrectionForm(request.POST, user=request.user, incident=incident)
        formset = InvolvementFormSet(request.POST, **formset_kwargs)
        if form.is_valid() & formset.is_valid():
            try:
                correction = incident_correct(
                    incident=incident,
                    by=request.user,
                    **form.service_kwargs(),
                    involvements=formset.involvements(),
                )
            except ValidationError as error:
                _show_service_errors(form, formset, error)
            else:
                if correction is None:
                    messages.info(request, _("Nothing was changed."))
                else:
                    messages.success(request, _("The incident has been corrected."))
                return redirect(incident)
    else:
        access_log_record(user=request.user, action=AccessAction.VIEW, objects=[incident])
        form = CorrectionForm(user=request.user, incident=incident)
        formset = InvolvementFormSet(initial=involvement_initial(incident), **formset_kwargs)
    return render(
        request,
        "cases/incident_correct.html",
        {"incident": incident, "form": form, "formset": formset},
    )


def _show_service_errors(form: CorrectionForm, formset, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        name = _SERVICE_FIELD_ON_FORM.get(field, field)
        form.add_error(name if name in form.fields else None, errors)
