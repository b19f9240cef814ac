from dataclasses import dataclass
from datetime import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role
from cases.reminders.failures import delivery_failure_text
from cases.reminders.forms import NotificationPreferencesForm
from cases.reminders.messages import reminder_advice, reminder_path, reminder_title
from cases.reminders.models import Notification, Reminder, ReminderKind
from cases.reminders.notifications import (
    notification_mark_read,
    notification_preferences_set,
    notifications_mark_all_read,
)
from cases.reminders.selectors import (
    delivery_problems_visible_to,
    email_kinds_for,
    notification_kinds_for,
    notifications_for,
)
from cases.reminders.sending import reminder_dismiss, reminder_resend


@dataclass
class _Item:
    pk: int
    title: str
    advice: str
    created_at: datetime
    is_read: bool


def _title(row: Notification | Reminder) -> str:
    return reminder_title(
        kind=row.kind, case_id=row.case_id, incident_id=row.incident_id, due_on=row.due_on
    )


def _item(notification: Notification) -> _Item:
    title = _title(notification)
    if notification.kind == ReminderKind.DELIVERY_PROBLEM and notification.reminder:
        title = f"{title}: {_title(notification.reminder)}"
    return _Item(
        pk=notification.pk,
        title=title,
        advice=reminder_advice(notification.kind),
        created_at=notification.created_at,
        is_read=notification.read_at is not None,
    )


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(notifications_for(request.user), 30).get_page(request.GET.get("page"))
    items = [_item(notification) for notification in page.object_list]
    return render(request, "cases/notifications/list.html", {"page": page, "items": items})


@login_required
@require_POST
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    notification = get_object_or_404(notifications_for(request.user), pk=pk)
    notification_mark_read(notification=notification, user=request.user)
    return redirect(
        reminder_path(
            kind=notification.kind,
            case_id=notification.case_id,
            incident_id=notification.incident_id,
            pupil_id=notification.pupil_id,
            due_on=notification.due_on,
        )
    )


@login_required
@require_POST
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    notifications_mark_all_read(user=request.user)
    return redirect("cases:notification_list")


@login_required
def notification_preferences(request: HttpRequest) -> HttpResponse:
    kinds = notification_kinds_for(request.user)
    if request.method == "POST":
        form = NotificationPreferencesForm(request.POST, kinds=kinds)
        if form.is_valid():
            notification_preferences_set(
                user=request.user, email_kinds=set(form.cleaned_data["email_kinds"])
            )
            messages.success(request, _("Your choices are saved."))
            return redirect("cases:notification_preferences")
    else:
        form = NotificationPreferencesForm(
            initial={"email_kinds": email_kinds_for(request.user, kinds)}, kinds=kinds
        )
    return render(
        request,
        "cases/notifications/preferences.html",
        {"form": form, "has_email": bool(request.user.email)},
    )


def _get_problem_for_user(request: HttpRequest, pk: int) -> Reminder:
    reminder = delivery_problems_visible_to(request.user).filter(pk=pk).first()
    if reminder is None:
        raise Http404
    return reminder


@login_required
def delivery_problems(request: HttpRequest) -> HttpResponse:
    if not request.user.has_role(Role.DIRECTIE):
        raise Http404
    page = Paginator(delivery_problems_visible_to(request.user), 50).get_page(
        request.GET.get("page")
    )
    rows = [
        (reminder, _title(reminder), delivery_failure_text(reminder.last_error))
        for reminder in page.object_list
    ]
    return render(
        request, "cases/notifications/delivery_problems.html", {"page": page, "rows": rows}
    )


@login_required
@require_POST
def delivery_resend(request: HttpRequest, pk: int) -> HttpResponse:
    reminder = _get_problem_for_user(request, pk)
    reminder_resend(reminder=reminder, actor=request.user)
    messages.success(request, _("The email will be sent again."))
    return redirect("cases:delivery_problems")


@login_required
@require_POST
def delivery_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    reminder = _get_problem_for_user(request, pk)
    reminder_dismiss(reminder=reminder, actor=request.user)
    messages.success(request, _("Marked as handled."))
    return redirect("cases:delivery_problems")
