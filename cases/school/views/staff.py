"""The staff screen: the directie adds staff members, gives them roles and groups, and closes
or reopens their accounts.

It is a management screen, not an object: anyone without the directie role gets 403 (its
existence is no secret). Technical administrators (superusers) are not listed here; they are
managed in the technical administration.
"""

import logging
import smtplib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role, User
from accounts.services import password_set_link_send, user_deactivate, user_reactivate
from cases.models import SchoolGroup
from cases.school.forms import StaffForm
from cases.school.services import staff_member_add, staff_member_update

logger = logging.getLogger(__name__)

SHOW_ACTIVE = "actief"
SHOW_INACTIVE = "gedeactiveerd"


def _require_directie(request: HttpRequest) -> None:
    if not request.user.has_role(Role.DIRECTIE):
        raise PermissionDenied


def _staff() -> QuerySet[User]:
    return User.objects.filter(is_superuser=False)


def _get_staff_member(pk: int) -> User:
    return get_object_or_404(_staff(), pk=pk)


def _send_link(request: HttpRequest, user: User) -> None:
    try:
        password_set_link_send(user=user, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except (OSError, smtplib.SMTPException):
        logger.exception("sending the password link to account %s failed", user.pk)
        messages.error(
            request,
            _(
                "The email to %(email)s could not be sent. Check the address and send the "
                "link again in a while."
            )
            % {"email": user.email},
        )
    else:
        messages.success(
            request,
            _("A link to choose a password has been sent to %(email)s.") % {"email": user.email},
        )


def _show_service_errors(form: StaffForm, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


@login_required
def staff_list(request: HttpRequest) -> HttpResponse:
    _require_directie(request)
    show = SHOW_INACTIVE if request.GET.get("toon") == SHOW_INACTIVE else SHOW_ACTIVE
    staff = (
        _staff()
        .filter(is_active=show == SHOW_ACTIVE)
        .prefetch_related(
            "groups",
            Prefetch("teaching_groups", queryset=SchoolGroup.objects.order_by("order", "name")),
        )
        .order_by("last_name", "first_name", "username")
    )
    role_labels = dict(Role.choices)
    rows = [
        {
            "user": user,
            "roles": [role_labels[g.name] for g in user.groups.all() if g.name in role_labels],
            "groups": list(user.teaching_groups.all()),
        }
        for user in staff
    ]
    return render(
        request,
        "cases/staff/list.html",
        {
            "rows": rows,
            "show": show,
            "SHOW_ACTIVE": SHOW_ACTIVE,
            "SHOW_INACTIVE": SHOW_INACTIVE,
            "inactive_count": _staff().filter(is_active=False).count(),
        },
    )


@login_required
def staff_add(request: HttpRequest) -> HttpResponse:
    _require_directie(request)
    form = StaffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = staff_member_add(
                username=form.cleaned_data["username"], **form.service_kwargs(), by=request.user
            )
        except ValidationError as error:
            _show_service_errors(form, error)
        else:
            messages.success(request, _("%(name)s has been added.") % {"name": user})
            _send_link(request, user)
            return redirect("cases:staff_list")
    return render(request, "cases/staff/form.html", {"form": form, "member": None})


@login_required
def staff_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _require_directie(request)
    member = _get_staff_member(pk)
    form = StaffForm(request.POST or None, user=member)
    if request.method == "POST" and form.is_valid():
        try:
            staff_member_update(user=member, **form.service_kwargs(), by=request.user)
        except ValidationError as error:
            _show_service_errors(form, error)
        else:
            messages.success(
                request, _("The changes to %(name)s have been saved.") % {"name": member}
            )
            return redirect("cases:staff_list")
    return render(request, "cases/staff/form.html", {"form": form, "member": member})


@login_required
@require_POST
def staff_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    _require_directie(request)
    member = _get_staff_member(pk)
    try:
        user_deactivate(user=member, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("cases:staff_edit", pk=member.pk)
    messages.success(
        request,
        _("The account of %(name)s has been deactivated; they have been logged out everywhere.")
        % {"name": member},
    )
    return redirect("cases:staff_list")


@login_required
@require_POST
def staff_reactivate(request: HttpRequest, pk: int) -> HttpResponse:
    _require_directie(request)
    member = _get_staff_member(pk)
    user_reactivate(user=member, by=request.user)
    messages.success(request, _("The account of %(name)s is active again.") % {"name": member})
    return redirect("cases:staff_edit", pk=member.pk)


@login_required
@require_POST
def staff_send_link(request: HttpRequest, pk: int) -> HttpResponse:
    _require_directie(request)
    member = _get_staff_member(pk)
    _send_link(request, member)
    return redirect("cases:staff_edit", pk=member.pk)
