"""The public pages: anyone may tell the confidant what is going on, without an account.

Nothing posted here (a report, a message, a code) may end up in an error report, and no page
here may be cached: they are marked sensitive and never_cache one by one.
"""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_http_methods, require_POST

from confidential import ratelimit
from confidential.codes import format_code, generate_code, normalize_code
from confidential.forms import (
    WRONG_CODE,
    CodeForm,
    ConsentForm,
    FollowUpMessageForm,
    ReportForm,
)
from confidential.models import ConfidentialReport
from confidential.services import (
    report_consent_change,
    report_find_by_code,
    report_follow_up,
    report_submit,
)

# After a correct code the reporter may keep reading and writing for this long without
# typing the code again; every page they open extends it. "I am done" ends it at once.
ACCESS_TIME = timedelta(minutes=30)
_ACCESS_KEY = "confidential_access"
_NEW_CODE_KEY = "confidential_new_code"


def _too_many(request: HttpRequest, rate: ratelimit.Rate, *, text: str = "") -> HttpResponse:
    # What someone just wrote comes back to them, so a refused message is not lost.
    response = render(
        request,
        "confidential/public/too_many.html",
        {"minutes": int(rate.window.total_seconds() // 60), "text": text},
        status=429,
    )
    response["Retry-After"] = str(int(rate.window.total_seconds()))
    return response


def _grant_access(request: HttpRequest, report: ConfidentialReport) -> None:
    until = timezone.now() + ACCESS_TIME
    # Access belongs to whoever typed the code: a login on the same browser (which keeps the
    # session's data) must not inherit a pupil's open report.
    request.session[_ACCESS_KEY] = {
        "report": report.pk,
        "until": until.timestamp(),
        "user": request.user.pk,
    }


def _revoke_access(request: HttpRequest) -> None:
    request.session.pop(_ACCESS_KEY, None)


def _report_with_access(request: HttpRequest) -> ConfidentialReport | None:
    access = request.session.get(_ACCESS_KEY)
    if not access:
        return None
    if access.get("until", 0) < timezone.now().timestamp() or access.get("user") != (
        request.user.pk
    ):
        _revoke_access(request)
        return None
    report = ConfidentialReport.objects.filter(pk=access.get("report")).first()
    if report is None:
        _revoke_access(request)
        return None
    _grant_access(request, report)
    return report


def _show_code_once(request: HttpRequest, code: str) -> HttpResponse:
    # Kept in the session only until the very next page, which removes it as it shows it.
    request.session[_NEW_CODE_KEY] = format_code(code)
    return redirect("confidential:report_thanks")


@never_cache
@sensitive_post_parameters()
@sensitive_variables("code")
@require_http_methods(["GET", "POST"])
def report_new(request: HttpRequest) -> HttpResponse:
    form = ReportForm(request.POST or None)
    if request.method == "POST" and (form.is_spam or form.is_valid()):
        if not ratelimit.rate_limit_consume(request=request, rate=ratelimit.NEW_REPORT):
            # A filled honeypot skips validation, so only a valid form has text to hand back.
            text = "" if form.is_spam else form.cleaned_data["message"]
            return _too_many(request, ratelimit.NEW_REPORT, text=text)
        if form.is_spam:
            # Looks like success to the robot; nothing is stored.
            return _show_code_once(request, generate_code())
        data = form.cleaned_data
        report, code = report_submit(
            reporter_kind=data["reporter_kind"],
            is_anonymous=data["is_anonymous"],
            reporter_name=data["reporter_name"],
            reporter_contact=data["reporter_contact"],
            message=data["message"],
            consent_to_forward=data["consent_to_forward"],
        )
        request.session.cycle_key()
        _grant_access(request, report)
        return _show_code_once(request, code)
    return render(request, "confidential/public/report_form.html", {"form": form})


@never_cache
@sensitive_variables("code")
def report_thanks(request: HttpRequest) -> HttpResponse:
    code = request.session.pop(_NEW_CODE_KEY, None)
    return render(
        request,
        "confidential/public/report_thanks.html",
        {"code": code, "access_minutes": int(ACCESS_TIME.total_seconds() // 60)},
    )


def _render_code_form(request: HttpRequest, *, wrong_code: bool = False) -> HttpResponse:
    # The typed code is never echoed back, so every wrong answer is the very same page.
    return render(
        request,
        "confidential/public/code_form.html",
        {"form": CodeForm(), "code_error": WRONG_CODE if wrong_code else None},
    )


def _render_thread(
    request: HttpRequest,
    report: ConfidentialReport,
    *,
    message_form: FollowUpMessageForm | None = None,
) -> HttpResponse:
    context = {
        "report": report,
        "thread": list(report.messages.all()),
        "forwards": list(report.forwards.only("report_id", "recipient", "forwarded_at")),
        "message_form": message_form or FollowUpMessageForm(),
        "consent_form": ConsentForm(
            initial={"consent_to_forward": "yes" if report.consent_to_forward else "no"}
        ),
        "access_minutes": int(ACCESS_TIME.total_seconds() // 60),
    }
    return render(request, "confidential/public/thread.html", context)


def code_prefix(typed: str) -> str:
    return normalize_code(typed)[: ratelimit.CODE_PREFIX_LENGTH]


@never_cache
@sensitive_post_parameters()
@sensitive_variables("typed")
@require_http_methods(["GET", "POST"])
def follow_up(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        report = _report_with_access(request)
        if report is None:
            return _render_code_form(request)
        return _render_thread(request, report)

    form = CodeForm(request.POST)
    typed = form.cleaned_data["code"] if form.is_valid() and not form.is_spam else ""
    # Only failures count (see confidential.ratelimit): the check is given back when it succeeds.
    check = ratelimit.rate_limit_reserve(
        request=request, rate=ratelimit.CODE_PREFIX, key=code_prefix(typed)
    )
    if check is None:
        return _too_many(request, ratelimit.CODE_PREFIX)
    report = report_find_by_code(raw_code=typed) if typed else None
    if report is not None:
        ratelimit.rate_limit_release(check)
        request.session.cycle_key()
        _grant_access(request, report)
        return redirect("confidential:follow_up")
    if not ratelimit.rate_limit_consume(request=request, rate=ratelimit.CODE_LOOKUP):
        return _too_many(request, ratelimit.CODE_LOOKUP)
    return _render_code_form(request, wrong_code=True)


def _access_expired(request: HttpRequest) -> HttpResponse:
    messages.info(request, _("You were away for a while. Fill in your code again."))
    return redirect("confidential:follow_up")


@never_cache
@sensitive_post_parameters()
@require_POST
def follow_up_message(request: HttpRequest) -> HttpResponse:
    report = _report_with_access(request)
    if report is None:
        return _access_expired(request)
    form = FollowUpMessageForm(request.POST)
    if not (form.is_spam or form.is_valid()):
        return _render_thread(request, report, message_form=form)
    if not ratelimit.rate_limit_consume(request=request, rate=ratelimit.FOLLOW_UP_MESSAGE):
        text = "" if form.is_spam else form.cleaned_data["body"]
        return _too_many(request, ratelimit.FOLLOW_UP_MESSAGE, text=text)
    if not form.is_spam:
        try:
            report_follow_up(report=report, body=form.cleaned_data["body"])
        except ValidationError as error:
            form.add_error("body", error.messages)
            return _render_thread(request, report, message_form=form)
    messages.success(request, _("Your message has been sent."))
    return redirect("confidential:follow_up")


@never_cache
@require_POST
def follow_up_consent(request: HttpRequest) -> HttpResponse:
    report = _report_with_access(request)
    if report is None:
        return _access_expired(request)
    form = ConsentForm(request.POST)
    if form.is_valid():
        report_consent_change(report=report, consent=form.cleaned_data["consent_to_forward"])
        messages.success(request, _("Your choice has been saved."))
    else:
        messages.error(request, _("Choose yes or no."))
    return redirect("confidential:follow_up")


@never_cache
@require_POST
def follow_up_done(request: HttpRequest) -> HttpResponse:
    _revoke_access(request)
    messages.success(
        request,
        _(
            "You have left your report. Nobody else can read it on this device now. "
            "Want to continue later? Fill in your code again."
        ),
    )
    return redirect("confidential:follow_up")
