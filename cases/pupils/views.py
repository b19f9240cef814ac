"""The staff's pupil search and the pupil's page (leerlingoverzicht)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role
from cases.models import AccessAction, AccessLog, AccessObject, InvolvementRole, Pupil
from cases.pupils.forms import (
    ParentCommentForm,
    PupilSearchForm,
    SignalObservationForm,
    TransferForm,
)
from cases.pupils.inzage import SECTIONS, inzage_pdf, transfer_pdf
from cases.pupils.selectors import (
    chronology_entries,
    pupil_chronology,
    pupil_role_counts,
    pupils_visible_to,
    signal_notice,
    signal_observations_visible_to,
)
from cases.pupils.services import parent_comment_record, signal_observations_record
from cases.visibility.forms import AccessPeriodForm
from cases.visibility.selectors import access_visitors
from cases.visibility.services import access_log_record

PUPILS_PER_PAGE = 25
ENTRIES_PER_PAGE = 20


def _get_pupil_for_user(request: HttpRequest, pk: int) -> Pupil:
    """The pupil if this user may see the pupil; 404 otherwise, so outsiders learn nothing."""
    return get_object_or_404(pupils_visible_to(request.user), pk=pk)


@login_required
def pupil_list(request: HttpRequest) -> HttpResponse:
    form = PupilSearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    page = Paginator(pupils_visible_to(request.user, query), PUPILS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "cases/pupils/list.html",
        {"form": form, "page": page, "pupils": page.object_list, "query": query},
    )


@login_required
def pupil_detail(request: HttpRequest, pk: int) -> HttpResponse:
    pupil = _get_pupil_for_user(request, pk)
    access_log_record(user=request.user, action=AccessAction.VIEW, objects=[pupil])
    return _render_pupil(request, pupil)


@login_required
@require_POST
def pupil_signals_record(request: HttpRequest, pk: int) -> HttpResponse:
    pupil = _get_pupil_for_user(request, pk)
    form = SignalObservationForm(request.POST)
    if form.is_valid():
        try:
            signal_observations_record(pupil=pupil, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("The signals have been recorded."))
            return redirect("cases:pupil_detail", pk=pupil.pk)
    return _render_pupil(request, pupil, signal_form=form)


@login_required
@require_POST
def pupil_comment_record(request: HttpRequest, pk: int) -> HttpResponse:
    pupil = _get_pupil_for_user(request, pk)
    if not request.user.has_role(Role.DIRECTIE):
        raise PermissionDenied(_("Only the directie adds a comment of the parents."))
    form = ParentCommentForm(request.POST)
    if form.is_valid():
        try:
            parent_comment_record(pupil=pupil, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("The comment has been added to the record."))
            return redirect("cases:pupil_detail", pk=pupil.pk)
    return _render_pupil(request, pupil, comment_form=form)


def _render_pupil(
    request: HttpRequest,
    pupil: Pupil,
    *,
    signal_form: SignalObservationForm | None = None,
    comment_form: ParentCommentForm | None = None,
) -> HttpResponse:
    page = Paginator(pupil_chronology(request.user, pupil), ENTRIES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    counts = pupil_role_counts(request.user, pupil)
    roles = InvolvementRole.choices
    return render(
        request,
        "cases/pupils/detail.html",
        {
            "pupil": pupil,
            "signal_form": signal_form or SignalObservationForm(),
            "comment_form": comment_form or ParentCommentForm(),
            "notice": signal_notice(pupil, signal_observations_visible_to(request.user)),
            "aandachtsfunctionaris": settings.MELDCODE_AANDACHTSFUNCTIONARIS,
            "may_export": request.user.has_role(Role.DIRECTIE),
            "page": page,
            "entries": chronology_entries(list(page.object_list), pupil),
            "roles": [label for _value, label in roles],
            "role_rows": [
                (year, [counts["years"][year].get(value, 0) for value, _label in roles])
                for year in counts["years"]
            ],
        },
    )


def _pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # A document about a child must not stay behind in the cache of a shared computer.
    response["Cache-Control"] = "no-store"
    return response


@login_required
def pupil_inzage(request: HttpRequest, pk: int) -> HttpResponse:
    """The inzage export (art. 15 AVG) of one pupil, for the directie; logged."""
    pupil = _get_pupil_for_user(request, pk)
    if not request.user.has_role(Role.DIRECTIE):
        raise PermissionDenied(_("Only the directie produces an inzage export."))
    content, record = inzage_pdf(user=request.user, pupil=pupil)
    access_log_record(
        user=request.user,
        action=AccessAction.EXPORT,
        objects=[pupil, *record.logged_objects()],
    )
    return _pdf_response(content, f"inzage-leerling-{pupil.pk}.pdf")


@login_required
def pupil_transfer(request: HttpRequest, pk: int) -> HttpResponse:
    """The summary for a new school, of the parts the directie chooses; logged."""
    pupil = _get_pupil_for_user(request, pk)
    if not request.user.has_role(Role.DIRECTIE):
        raise PermissionDenied(_("Only the directie passes a record on to a new school."))
    form = TransferForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        chosen = tuple(s for s in SECTIONS if s in form.cleaned_data["sections"])
        content, record = transfer_pdf(user=request.user, pupil=pupil, sections=chosen)
        access_log_record(
            user=request.user,
            action=AccessAction.TRANSFER,
            objects=[pupil, *record.logged_objects()],
        )
        return _pdf_response(content, f"overdracht-leerling-{pupil.pk}.pdf")
    return render(request, "cases/pupils/transfer.html", {"pupil": pupil, "form": form})


@login_required
def pupil_accesses(request: HttpRequest, pk: int) -> HttpResponse:
    """Who opened, exported or passed on the pupil's record, and when: for the directie."""
    pupil = _get_pupil_for_user(request, pk)
    if not request.user.has_role(Role.DIRECTIE):
        raise PermissionDenied
    period_form = AccessPeriodForm(request.GET or None)
    date_from, date_to = period_form.period()
    accesses = AccessLog.objects.filter(object_type=AccessObject.PUPIL, object_id=pupil.pk)
    if date_from:
        accesses = accesses.filter(at__date__gte=date_from)
    if date_to:
        accesses = accesses.filter(at__date__lte=date_to)
    accesses = accesses.select_related("user")
    page = Paginator(accesses, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "cases/pupils/accesses.html",
        {
            "title": _("Who opened the record of %(name)s") % {"name": pupil.full_name},
            "back_url": reverse("cases:pupil_detail", args=[pupil.pk]),
            "object_type": AccessObject.PUPIL,
            "period_form": period_form,
            "date_from": date_from,
            "date_to": date_to,
            "visitors": access_visitors(accesses),
            "page": page,
        },
    )
