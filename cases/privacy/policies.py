"""The retention policies: what each keeps, for how long, and what a run does.

Each policy counts what it would change on a day (the dry run the directie reads first) and
changes it when applied. Apps that keep personal data of their own register a policy here
(the confidential channel does so in its AppConfig), so that `cases` never imports them.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from axes.models import AccessAttempt, AccessFailureLog
from axes.models import AccessLog as LoginLog
from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from cases.models import AccessLog
from cases.privacy.anonymise import pupil_records_anonymise


@dataclass(frozen=True)
class Policy:
    key: str
    label: str | Promise
    period: Callable[[], str]  # how long, in words, from the settings in force
    run: Callable[..., dict[str, int]]  # run(today=..., apply=...) -> counts


_POLICIES: dict[str, Policy] = {}


def policy_register(policy: Policy) -> None:
    _POLICIES[policy.key] = policy


def policies() -> list[Policy]:
    return list(_POLICIES.values())


def policy_get(key: str) -> Policy | None:
    return _POLICIES.get(key)


def _days_ago(today: datetime.date, days: int) -> datetime.datetime:
    midnight = datetime.datetime.combine(today, datetime.time(), tzinfo=datetime.UTC)
    return midnight - datetime.timedelta(days=days)


def _delete_older(queryset, field: str, cutoff: datetime.datetime, *, apply: bool) -> int:
    old = queryset.filter(**{f"{field}__lt": cutoff})
    if not apply:
        return old.count()
    deleted, _by_model = old.delete()
    return deleted


def _access_log(*, today: datetime.date, apply: bool) -> dict[str, int]:
    cutoff = _days_ago(today, settings.RETENTION_ACCESS_LOG_DAYS)
    return {"accesses": _delete_older(AccessLog.objects.all(), "at", cutoff, apply=apply)}


def _login_attempts(*, today: datetime.date, apply: bool) -> dict[str, int]:
    cutoff = _days_ago(today, settings.RETENTION_LOGIN_ATTEMPTS_DAYS)
    return {
        "logins": _delete_older(LoginLog.objects.all(), "attempt_time", cutoff, apply=apply),
        "failed_logins": _delete_older(
            AccessFailureLog.objects.all(), "attempt_time", cutoff, apply=apply
        )
        + _delete_older(AccessAttempt.objects.all(), "attempt_time", cutoff, apply=apply),
    }


def _pupil_records(*, today: datetime.date, apply: bool) -> dict[str, int]:
    return pupil_records_anonymise(today=today, years=settings.RETENTION_PUPIL_YEARS, apply=apply)


policy_register(
    Policy(
        key="pupil_records",
        label=_("Records of pupils who left school"),
        period=lambda: (
            _("anonymised %(years)s years after the pupil left")
            % {"years": settings.RETENTION_PUPIL_YEARS}
        ),
        run=_pupil_records,
    )
)
policy_register(
    Policy(
        key="access_log",
        label=_("Access log (who opened what)"),
        period=lambda: (
            _("deleted after %(days)s days") % {"days": settings.RETENTION_ACCESS_LOG_DAYS}
        ),
        run=_access_log,
    )
)
policy_register(
    Policy(
        key="login_attempts",
        label=_("Login attempts"),
        period=lambda: (
            _("deleted after %(days)s days") % {"days": settings.RETENTION_LOGIN_ATTEMPTS_DAYS}
        ),
        run=_login_attempts,
    )
)
