"""The case workspace: one page a teacher can work from, the forms that record on it, the step
buttons, and the documents it produces."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import F, Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases.models import AccessAction, ActionPlan, Case, Involvement, Suspension
from cases.stappenplan.documents import action_plan_pdf, suspension_letter_pdf
from cases.stappenplan.forms import TransitionForm, add_service_errors
from cases.stappenplan.list_filters import CASE_FILTERS, cases_filtered
from cases.stappenplan.selectors import cases_visible_to
from cases.stappenplan.services.base import ConcurrentEdit, TransitionRefused, actor_kinds_for
from cases.stappenplan.services.transition import case_transition
from cases.stappenplan.workspace import (
    OpenForm,
    RecordKind,
    bound_form,
    build_workspace,
    case_choices,
    deadline_of,
    edit_form,
    involved_from,
    involved_pupils,
    record_kind,
)
from cases.visibility.services import access_log_record
from protocol.stappenplan import OPEN_STATES, Actor, CaseState


def _get_case_for_user(request: HttpRequest, pk: int) -> tuple[Case, set[Actor]]:
    """The case and what the user is for it; 404 for anyone who may not see it."""
    case = get_object_or_404(
        cases_visible_to(request.user).select_related("opened_by", "updated_by"), pk=pk
    )
    return case, set(actor_kinds_for(user=request.user, case=case))


def _record_kind_for(slug: str, actor_kinds: set[Actor]) -> RecordKind:
    kind = record_kind(slug)
    if kind is None:
        raise Http404
    if not kind.allowed_for(actor_kinds):
        raise PermissionDenied
    return kind


def _render_workspace(
    request: HttpRequest,
    case: Case,
    actor_kinds: set[Actor],
    *,
    open_form: OpenForm | None = None,
    reasons: dict[str, str] | None = None,
    status: int = 200,
) -> HttpResponse:
    workspace = build_workspace(case, actor_kinds, open_form=open_form, reasons=reasons)
    return render(request, "cases/case_detail.html", {"ws": workspace, "case": case}, status=status)


def case_rows(cases) -> list[dict[str, Any]]:
    """Cases as list rows; expects the involvements and teachers prefetched."""
    today = timezone.localdate()
    return [
        {
            "case": case,
            "pupils": involved_from(
                involvement
                for incident in case.incidents.all()
                for involvement in incident.involvements.all()
            ),
            "state": CaseState(case.state).label,
            "deadline": deadline_of(case, today),
        }
        for case in cases
    ]


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    show_closed = request.GET.get("status") == "gesloten"
    cases = cases_visible_to(request.user).prefetch_related(
        Prefetch(
            "incidents__involvements",
            queryset=Involvement.objects.select_related("pupil").order_by("pk"),
        )
    )
    case_filter = "" if show_closed else request.GET.get("filter", "")
    if case_filter not in CASE_FILTERS:
        case_filter = ""
    if show_closed:
        cases = cases.filter(state=CaseState.CLOSED).order_by("-opened_at", "-pk")
    else:
        cases = cases_filtered(
            cases.exclude(state=CaseState.CLOSED), case_filter, timezone.localdate()
        ).order_by(F("next_deadline").asc(nulls_last=True), "-opened_at", "-pk")
    page = Paginator(cases, 50).get_page(request.GET.get("pagina"))
    return render(
        request,
        "cases/case_list.html",
        {
            "rows": case_rows(page.object_list),
            "page": page,
            "show_closed": show_closed,
            "case_filter": case_filter,
            "case_filter_label": CASE_FILTERS.get(case_filter, ""),
        },
    )


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case, actor_kinds = _get_case_for_user(request, pk)
    access_log_record(user=request.user, action=AccessAction.VIEW, objects=[case])
    return _render_workspace(request, case, actor_kinds)


def _save(
    request: HttpRequest,
    case: Case,
    actor_kinds: set[Actor],
    kind: RecordKind,
    record: Any = None,
) -> HttpResponse:
    """Validate and save one form of the workspace. On a problem the workspace is shown again
    with that form open and everything the teacher typed still in it."""
    if case.state not in OPEN_STATES:
        messages.error(request, _("This case is closed. Reopen it first to record on it."))
        return redirect(case)
    choices = case_choices(involved_pupils(case))
    open_form = bound_form(kind, case, request.POST, choices, record=record)
    form, formset = open_form.form, open_form.formset
    if form.is_valid() and (formset is None or formset.is_valid()):
        data = form.service_data()
        if formset is not None:
            data["items"] = formset.items()
        target = open_form.record
        try:
            if target is None:
                kind.create(case=case, user=request.user, **data)
            elif kind.on_case:
                kind.update(
                    case=case,
                    user=request.user,
                    expected_version=form.cleaned_data["version"] or case.version,
                    **data,
                )
            else:
                kind.update(
                    **{kind.record_arg: target},
                    user=request.user,
                    expected_version=form.cleaned_data["version"] or target.version,
                    **data,
                )
        except ConcurrentEdit as exc:
            _show_conflict(request, open_form, exc)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, str(kind.saved))
            return redirect(f"{case.get_absolute_url()}#tijdlijn")
    return _render_workspace(request, case, actor_kinds, open_form=open_form)


def _show_conflict(request: HttpRequest, open_form: OpenForm, exc: ConcurrentEdit) -> None:
    """Someone else saved first. Show their version and keep this user's input, now carrying
    the new version, so that saving again is a deliberate choice."""
    current = exc.record
    changed_at = timezone.localtime(exc.changed_at) if exc.changed_at else None
    who = str(exc.changed_by) if exc.changed_by else _("someone else")
    messages.warning(
        request,
        _(
            "These details have been changed in the meantime by %(who)s at %(time)s. Look at "
            "the new version; your input is below."
        )
        % {"who": who, "time": f"{changed_at:%H:%M}" if changed_at else "?"},
    )
    form = open_form.form
    data = form.data.copy()
    data[form.add_prefix("version")] = str(current.version)
    rebound = type(form)(
        data,
        choices=form.choices,
        prefix=form.prefix,
        editing=form.editing,
        initial=form.initial,
    )
    rebound.is_valid()
    open_form.form = rebound
    if open_form.kind.on_case:
        open_form.record = current
    saved = type(form).initial_from(current)
    open_form.conflict = {
        "changed_by": who,
        "changed_at": changed_at,
        "values": [
            (rebound.fields[name].label, _display(rebound, name, saved.get(name)))
            for name in rebound.fields
            if name != "version" and name in saved
        ],
    }


def _display(form, name: str, value: Any) -> str:
    """A saved value as the form's field would label it."""
    field = form.fields[name]
    choices = {str(k): v for k, v in getattr(field, "choices", []) or [] if k != ""}
    if isinstance(value, list | tuple):
        return ", ".join(str(choices.get(str(v), v)) for v in value) or "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if value is None or value == "":
        return "—"
    if str(value) in choices:
        return str(choices[str(value)])
    if hasattr(value, "strftime"):
        return f"{value:%d-%m-%Y}"
    return str(value)


@login_required
@require_POST
def record_create(request: HttpRequest, pk: int, record: str) -> HttpResponse:
    case, actor_kinds = _get_case_for_user(request, pk)
    kind = _record_kind_for(record, actor_kinds)
    if kind.create is None:
        raise Http404
    return _save(request, case, actor_kinds, kind)


@login_required
def record_edit(request: HttpRequest, pk: int, record: str, record_pk: int) -> HttpResponse:
    case, actor_kinds = _get_case_for_user(request, pk)
    kind = _record_kind_for(record, actor_kinds)
    if kind.model is None:
        raise Http404
    records = kind.model.objects.filter(case=case)
    if kind.has_items:
        records = records.prefetch_related("items")
    obj = get_object_or_404(records, pk=record_pk)
    if request.method == "POST":
        return _save(request, case, actor_kinds, kind, obj)
    access_log_record(user=request.user, action=AccessAction.VIEW, objects=[case])
    choices = case_choices(involved_pupils(case))
    return _render_workspace(
        request, case, actor_kinds, open_form=edit_form(kind, case, obj, choices)
    )


@login_required
@require_POST
def case_judgement(request: HttpRequest, pk: int, record: str) -> HttpResponse:
    case, actor_kinds = _get_case_for_user(request, pk)
    kind = _record_kind_for(record, actor_kinds)
    if not kind.on_case:
        raise Http404
    return _save(request, case, actor_kinds, kind)


@login_required
@require_POST
def case_step(request: HttpRequest, pk: int) -> HttpResponse:
    case, actor_kinds = _get_case_for_user(request, pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the buttons to take the next step."))
        return redirect(case)
    name = form.cleaned_data["name"]
    reason = form.cleaned_data["reason"].strip()
    try:
        case_transition(
            case=case,
            name=name,
            user=request.user,
            reason=reason,
            expected_version=form.cleaned_data["version"],
        )
    except TransitionRefused as exc:
        messages.error(request, exc.message)
        return _render_workspace(request, case, actor_kinds, reasons={name: reason})
    except ConcurrentEdit as exc:
        changed_at = timezone.localtime(exc.changed_at) if exc.changed_at else None
        messages.warning(
            request,
            _(
                "This case has been changed in the meantime by %(who)s at %(time)s. Look at "
                "where it is now and choose again."
            )
            % {
                "who": exc.changed_by or _("someone else"),
                "time": f"{changed_at:%H:%M}" if changed_at else "?",
            },
        )
        case.refresh_from_db()
        return _render_workspace(request, case, actor_kinds, reasons={name: reason})
    messages.success(
        request,
        _("Done. The case is now at: %(state)s.") % {"state": CaseState(case.state).label},
    )
    return redirect(case)


def _pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # A document about children must not stay behind in the cache of a shared computer.
    response["Cache-Control"] = "no-store"
    return response


@login_required
def action_plan_download(request: HttpRequest, pk: int, plan_pk: int) -> HttpResponse:
    case, _kinds = _get_case_for_user(request, pk)
    plan = get_object_or_404(ActionPlan, pk=plan_pk, case=case)
    access_log_record(user=request.user, action=AccessAction.PDF, objects=[case])
    return _pdf_response(
        action_plan_pdf(plan),
        f"handelingsplan-dossier-{case.pk}-{plan.period_start:%Y-%m-%d}.pdf",
    )


@login_required
def suspension_letter_download(request: HttpRequest, pk: int, suspension_pk: int) -> HttpResponse:
    case, _kinds = _get_case_for_user(request, pk)
    suspension = get_object_or_404(Suspension, pk=suspension_pk, case=case)
    access_log_record(user=request.user, action=AccessAction.PDF, objects=[case])
    return _pdf_response(
        suspension_letter_pdf(suspension),
        f"schorsingsbrief-dossier-{case.pk}-{suspension.start_date:%Y-%m-%d}.pdf",
    )
