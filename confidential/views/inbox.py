"""The confidant's inbox. Everyone without the confidant role gets 404, superusers included."""

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from cases.incidents.forms import INVOLVEMENT_PREFIX, InvolvementFormSet, PupilChoices
from confidential.forms import (
    IncidentForwardForm,
    NoteForm,
    ReplyForm,
    StatusForm,
    occurred_after_report_error,
)
from confidential.models import ConfidentialReport, MessageAuthor, ReportStatus
from confidential.notices import notices_mark_read
from confidential.selectors import (
    inbox_counts,
    inbox_reports,
    may_read_confidential_reports,
    reports_visible_to,
)
from confidential.services import (
    FORWARD_WITHOUT_CONSENT,
    report_access_record,
    report_forward_as_incident,
    report_mark_read,
    report_note_add,
    report_reply,
    report_status_change,
)

PAGE_SIZE = 50
ACCESSES_SHOWN = 20


def confidant_required(view: Callable) -> Callable:
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not may_read_confidential_reports(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    # What was posted (replies, notes, forwarded text) never ends up in error reports.
    return never_cache(sensitive_post_parameters()(login_required(wrapper)))


def _get_report(request: HttpRequest, pk: int) -> ConfidentialReport:
    return get_object_or_404(reports_visible_to(request.user), pk=pk)


@confidant_required
def inbox(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in ReportStatus.values:
        status = ""
    page = Paginator(inbox_reports(request.user, status=status), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    tabs = [("", _("All"))] + [(value, label) for value, label in ReportStatus.choices]
    counts = inbox_counts(request.user)
    return render(
        request,
        "confidential/inbox/list.html",
        {
            "page": page,
            "status": status,
            "tabs": [(value, label, counts[value or "all"]) for value, label in tabs],
            "counts": counts,
        },
    )


def _render_detail(
    request: HttpRequest,
    report: ConfidentialReport,
    *,
    reply_form: ReplyForm | None = None,
    note_form: NoteForm | None = None,
) -> HttpResponse:
    context = {
        "report": report,
        "thread": list(report.messages.select_related("author")),
        "notes": list(report.notes.select_related("author")),
        "forwards": list(report.forwards.select_related("forwarded_by")),
        "events": list(report.events.select_related("by")),
        "accesses": list(report.accesses.select_related("user")[:ACCESSES_SHOWN]),
        "reply_form": reply_form or ReplyForm(),
        "note_form": note_form or NoteForm(),
        "status_form": StatusForm(initial={"status": report.status}),
    }
    return render(request, "confidential/inbox/detail.html", context)


@confidant_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _get_report(request, pk)
    report_mark_read(report=report)
    notices_mark_read(report=report, user=request.user)
    report_access_record(report=report, user=request.user)
    return _render_detail(request, report)


@confidant_required
@require_POST
def report_reply_view(request: HttpRequest, pk: int) -> HttpResponse:
    report = _get_report(request, pk)
    form = ReplyForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, report, reply_form=form)
    report_reply(report=report, by=request.user, body=form.cleaned_data["body"])
    messages.success(request, _("Your reply has been sent. The reporter reads it with the code."))
    return redirect("confidential:report_detail", pk=report.pk)


@confidant_required
@require_POST
def report_note_view(request: HttpRequest, pk: int) -> HttpResponse:
    report = _get_report(request, pk)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, report, note_form=form)
    report_note_add(report=report, by=request.user, body=form.cleaned_data["body"])
    messages.success(request, _("Your note has been saved."))
    return redirect("confidential:report_detail", pk=report.pk)


@confidant_required
@require_POST
def report_status_view(request: HttpRequest, pk: int) -> HttpResponse:
    report = _get_report(request, pk)
    form = StatusForm(request.POST)
    if form.is_valid():
        report_status_change(report=report, by=request.user, status=form.cleaned_data["status"])
        messages.success(request, _("The status has been changed."))
    else:
        messages.error(request, _("Choose one of the statuses in the list."))
    return redirect("confidential:report_detail", pk=report.pk)


# Service error keys that are named differently on the forward form.
_SERVICE_FIELD_ON_FORM = {"forms": "bullying_forms", "text": "description"}


def _show_service_errors(form: IncidentForwardForm, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        if field == "reported_at":
            # The report's own moment is fixed; what the confidant can change is the date.
            form.add_error("occurred_on", occurred_after_report_error())
            continue
        name = _SERVICE_FIELD_ON_FORM.get(field, field)
        form.add_error(name if name in form.fields else None, errors)


@confidant_required
@require_http_methods(["GET", "POST"])
def report_forward_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Pass a report on to the school as an incident, with only what the confidant fills in."""
    report = _get_report(request, pk)
    if request.method != "POST" and not report.consent_to_forward:
        messages.error(request, FORWARD_WITHOUT_CONSENT)
        return redirect("confidential:report_detail", pk=report.pk)
    pupil_choices = PupilChoices.load(request.user)
    if request.method == "POST":
        form = IncidentForwardForm(request.POST, user=request.user, report=report)
        formset = InvolvementFormSet(
            request.POST, prefix=INVOLVEMENT_PREFIX, form_kwargs={"pupil_choices": pupil_choices}
        )
        is_valid = form.is_valid()
        is_valid = formset.is_valid() and is_valid
        if not report.consent_to_forward:
            # Withdrawn while the form was being filled in; what was typed stays on screen.
            form.add_error(None, FORWARD_WITHOUT_CONSENT)
        elif is_valid:
            try:
                forward = report_forward_as_incident(
                    report=report,
                    by=request.user,
                    **form.service_kwargs(),
                    involvements=formset.involvements(),
                )
            except ValidationError as error:
                report.refresh_from_db()
                _show_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "Passed on to the school as incident #%(number)s. Only what you filled "
                        "in has been passed on."
                    )
                    % {"number": forward.incident_id},
                )
                return redirect("confidential:report_detail", pk=report.pk)
    else:
        form = IncidentForwardForm(user=request.user, report=report)
        formset = InvolvementFormSet(
            prefix=INVOLVEMENT_PREFIX, form_kwargs={"pupil_choices": pupil_choices}
        )
    return render(
        request,
        "confidential/inbox/forward.html",
        {
            "report": report,
            "reporter_messages": list(report.messages.filter(author_kind=MessageAuthor.REPORTER)),
            "form": form,
            "formset": formset,
        },
    )
