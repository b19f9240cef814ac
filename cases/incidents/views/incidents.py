from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.incidents.attachments import PDF, attachments_discard_pending, attachments_store_pending
from cases.incidents.corrections import incident_may_correct
from cases.incidents.export import StreamedDownload, incidents_csv_chunks
from cases.incidents.formatting import format_delay
from cases.incidents.forms import (
    INVOLVEMENT_PREFIX,
    IncidentFilterForm,
    IncidentForm,
    InvolvementFormSet,
    PupilChoices,
)
from cases.incidents.selectors import (
    incidents_for_detail,
    incidents_for_overview,
    incidents_visible_to,
)
from cases.incidents.services import incident_register
from cases.incidents.verification import may_verify_incident
from cases.models import AccessAction, Attachment, Incident
from cases.visibility.services import access_log_record, access_log_record_export

INCIDENTS_PER_PAGE = 25

# Service error keys that are named differently on the form.
_SERVICE_FIELD_ON_FORM = {"forms": "bullying_forms", "attachments": "files"}


def _get_incident_for_user(request: HttpRequest, pk: int) -> Incident:
    """The incident if this user may see it; 404 otherwise, so outsiders learn nothing."""
    return get_object_or_404(incidents_for_detail(incidents_visible_to(request.user)), pk=pk)


@login_required
def incident_create(request: HttpRequest) -> HttpResponse:
    pupil_choices = PupilChoices.load(request.user)
    pending = []
    if request.method == "POST":
        form = IncidentForm(request.POST, request.FILES, user=request.user)
        formset = InvolvementFormSet(
            request.POST,
            prefix=INVOLVEMENT_PREFIX,
            form_kwargs={"pupil_choices": pupil_choices},
        )
        is_valid = form.is_valid()
        is_valid = formset.is_valid() and is_valid
        attachments_discard_pending(
            user=request.user, attachment_ids=[a.pk for a in form.removed_pending()]
        )
        # Files that passed inspection are kept, whatever else failed: a browser cannot
        # fill a file input again, so the form carries them as pending attachments.
        pending = form.kept_pending() + attachments_store_pending(
            uploads=form.accepted_uploads, uploaded_by=request.user
        )
        if is_valid:
            try:
                incident = incident_register(
                    registered_by=request.user,
                    **form.service_kwargs(),
                    involvements=formset.involvements(),
                    attachments=pending,
                )
            except ValidationError as error:
                _show_service_errors(form, error)
            else:
                messages.success(request, _("The incident has been registered."))
                return redirect(incident)
    else:
        form = IncidentForm(user=request.user)
        formset = InvolvementFormSet(
            prefix=INVOLVEMENT_PREFIX, form_kwargs={"pupil_choices": pupil_choices}
        )
    return render(
        request,
        "cases/incident_form.html",
        {"form": form, "formset": formset, "pending_attachments": pending},
    )


def _show_service_errors(form: IncidentForm, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        name = _SERVICE_FIELD_ON_FORM.get(field, field)
        form.add_error(name if name in form.fields else None, errors)


@login_required
def incident_list(request: HttpRequest) -> HttpResponse:
    filter_form = IncidentFilterForm(request.GET or None)
    incidents = filter_form.filter(incidents_visible_to(request.user)).order_by(
        "-occurred_on", "-reported_at", "-pk"
    )
    page = Paginator(incidents_for_overview(incidents), INCIDENTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "cases/incident_list.html",
        {"filter_form": filter_form, "page": page, "incidents": page.object_list},
    )


@login_required
def incident_export(request: HttpRequest) -> HttpResponse:
    """The list, with its filters, as a streamed CSV file; the export is logged once, with
    its filters and how many incidents it holds."""
    filter_form = IncidentFilterForm(request.GET or None)
    incidents = filter_form.filter(incidents_visible_to(request.user)).order_by(
        "-occurred_on", "-reported_at", "-pk"
    )
    filters = urlencode(
        [(name, value) for name in filter_form.fields if (value := request.GET.get(name))]
    )
    access_log_record_export(user=request.user, filters=filters, row_count=incidents.count())
    response = StreamedDownload(
        incidents_csv_chunks(incidents), content_type="text/csv; charset=utf-8"
    )
    filename = f"meldingen-{timezone.localdate():%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def incident_detail(request: HttpRequest, pk: int) -> HttpResponse:
    incident = _get_incident_for_user(request, pk)
    access_log_record(user=request.user, action=AccessAction.VIEW, objects=[incident])
    examples_by_form: dict[int, list] = {}
    for example in incident.examples.all():
        examples_by_form.setdefault(example.form_id, []).append(example)
    forms = [(form, examples_by_form.pop(form.pk, [])) for form in incident.forms.all()]
    return render(
        request,
        "cases/incident_detail.html",
        {
            "incident": incident,
            "forms": forms,
            "delay": format_delay(incident.registration_delay),
            "may_correct": incident_may_correct(incident=incident, user=request.user),
            "corrections": incident.corrections.select_related("corrected_by"),
            "may_verify": incident.verified_at is None
            and may_verify_incident(user=request.user, incident=incident),
        },
    )


@login_required
def attachment_download(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    incident = get_object_or_404(incidents_visible_to(request.user), pk=pk)
    attachment = get_object_or_404(Attachment, pk=attachment_pk, incident=incident)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    access_log_record(user=request.user, action=AccessAction.DOWNLOAD, objects=[incident])
    response = FileResponse(
        handle,
        content_type=attachment.content_type,
        # A PDF may carry scripts: save it rather than open it in the application's origin.
        as_attachment=attachment.content_type == PDF,
        filename=attachment.original_name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
