"""Directie brings the pupil list up to date from the student administration's export:
upload, check what would change, confirm."""

import base64
import binascii
import secrets
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role
from cases.models import Pupil, School
from cases.school.forms import PupilImportForm
from cases.school.pupil_import import (
    ImportIssue,
    PupilImportError,
    pupils_import,
    pupils_import_preview,
)

# The uploaded file waits in the session between preview and confirm, under a random token;
# the confirm reads it again and re-plans, so nothing from the browser is trusted.
SESSION_KEY = "pupil_import"


@dataclass(frozen=True)
class _Pending:
    school: School
    content: bytes
    filename: str


def _require_directie(request: HttpRequest) -> None:
    if not request.user.has_role(Role.DIRECTIE):
        raise PermissionDenied


def _the_school() -> School | None:
    # One installation serves one school; with none or several there is no safe default.
    schools = list(School.objects.order_by("pk")[:2])
    return schools[0] if len(schools) == 1 else None


def _pending(request: HttpRequest, token: str) -> _Pending | None:
    stored = request.session.get(SESSION_KEY)
    if not isinstance(stored, dict) or not secrets.compare_digest(
        str(stored.get("token", "")), token
    ):
        return None
    school = School.objects.filter(pk=stored.get("school_id")).first()
    if school is None:
        return None
    try:
        content = base64.b64decode(stored["content"], validate=True)
    except (KeyError, binascii.Error, TypeError):
        return None
    return _Pending(school=school, content=content, filename=str(stored.get("filename", "")))


def _render_upload(
    request: HttpRequest,
    *,
    school: School | None,
    form: PupilImportForm,
    errors: list[ImportIssue] | None = None,
    filename: str = "",
) -> HttpResponse:
    context = {"school": school, "form": form, "errors": errors or [], "filename": filename}
    if school is not None:
        context["active_pupils"] = Pupil.objects.filter(school=school, left_on__isnull=True).count()
        context["group_count"] = school.groups.count()
    return render(request, "cases/pupil_import.html", context)


@login_required
def pupil_import(request: HttpRequest) -> HttpResponse:
    _require_directie(request)
    school = _the_school()
    if request.method != "POST" or school is None:
        return _render_upload(request, school=school, form=PupilImportForm())

    form = PupilImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_upload(request, school=school, form=form)
    upload = form.cleaned_data["file"]
    content = upload.read()
    plan = pupils_import_preview(school=school, content=content)
    if plan.errors:
        return _render_upload(
            request,
            school=school,
            form=PupilImportForm(),
            errors=plan.errors,
            filename=upload.name,
        )

    token = secrets.token_urlsafe(16)
    request.session[SESSION_KEY] = {
        "token": token,
        "school_id": school.pk,
        "filename": upload.name,
        "content": base64.b64encode(content).decode("ascii"),
    }
    return redirect("cases:pupil_import_preview", token=token)


@login_required
def pupil_import_preview(request: HttpRequest, token: str) -> HttpResponse:
    _require_directie(request)
    pending = _pending(request, token)
    if pending is None:
        messages.error(request, _expired_message())
        return redirect("cases:pupil_import")
    plan = pupils_import_preview(school=pending.school, content=pending.content)
    return render(
        request,
        "cases/pupil_import_preview.html",
        {"plan": plan, "token": token, "filename": pending.filename, "school": pending.school},
    )


@login_required
@require_POST
def pupil_import_confirm(request: HttpRequest, token: str) -> HttpResponse:
    _require_directie(request)
    pending = _pending(request, token)
    if pending is None:
        messages.error(request, _expired_message())
        return redirect("cases:pupil_import")
    try:
        result = pupils_import(
            school=pending.school, content=pending.content, imported_by=request.user
        )
    except PupilImportError as exc:
        return _render_upload(
            request,
            school=pending.school,
            form=PupilImportForm(),
            errors=exc.errors,
            filename=pending.filename,
        )
    del request.session[SESSION_KEY]
    changes = result.summary_lines(changes_only=True)
    if changes:
        messages.success(
            request,
            _("The pupil list has been updated: %(summary)s.") % {"summary": "; ".join(changes)},
        )
    else:
        messages.success(request, _("The pupil list was already up to date; nothing changed."))
    return redirect("cases:pupil_import")


def _expired_message() -> str:
    return _(
        "This import is no longer available: it has already been applied or another file was "
        "uploaded since. Upload the file again."
    )
