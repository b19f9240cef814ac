import datetime
import logging
from importlib import import_module

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

from accounts.models import Role, User, UserSession

security_log = logging.getLogger("accounts.security")

# Roles that see more than their own group's pupils, or confidential reports.
TWO_FACTOR_ROLES = frozenset({Role.IB, Role.DIRECTIE, Role.COORDINATOR, Role.CONFIDANT})


def roles_ensure() -> None:
    """Create the auth group of every role (idempotent)."""
    for role in Role:
        Group.objects.get_or_create(name=role.value)


@transaction.atomic
def user_set_roles(*, user: User, roles: list[str]) -> None:
    roles_ensure()
    user.groups.set(Group.objects.filter(name__in=roles))
    if hasattr(user, "_role_names"):
        del user._role_names


def user_requires_two_factor(user: User) -> bool:
    """The one rule for who must log in with a second factor.

    IB, directie, coordinator and aanspreekpersoon always; teachers when the school switched
    TWO_FACTOR_FOR_TEACHERS on; staff who can open the admin, because it shows everything.
    The setting is read on every call, so a changed setting applies at once.
    """
    if not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser:
        return True
    roles = set(TWO_FACTOR_ROLES)
    if settings.TWO_FACTOR_REQUIRED_FOR_TEACHERS:
        roles.add(Role.TEACHER)
    return user.has_role(*roles)


def _session_store():
    return import_module(settings.SESSION_ENGINE).SessionStore


@transaction.atomic
def user_session_register(*, user: User, session_key: str) -> None:
    """Remember that this session belongs to this user (see UserSession)."""
    UserSession.objects.get_or_create(session_key=session_key, defaults={"user": user})
    # Sessions end at the latest SESSION_COOKIE_AGE after login; older rows point at nothing.
    expired_before = timezone.now() - datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    UserSession.objects.filter(user=user, created_at__lt=expired_before).delete()


@transaction.atomic
def user_sessions_end(*, user: User) -> int:
    """Log the user out everywhere: delete every session they hold. Returns how many."""
    session_keys = list(UserSession.objects.filter(user=user).values_list("session_key", flat=True))
    store = _session_store()()
    for session_key in session_keys:
        store.delete(session_key)
    UserSession.objects.filter(user=user).delete()
    return len(session_keys)


def _check_may_manage_accounts(by: User) -> None:
    if not (by.is_superuser or by.has_role(Role.DIRECTIE)):
        raise PermissionDenied(_("Only the directie can manage staff accounts."))


@transaction.atomic
def user_deactivate(*, user: User, by: User) -> None:
    """Close a staff member's account: no more logins, and every open session ends now."""
    _check_may_manage_accounts(by)
    if user.pk == by.pk:
        raise ValidationError(_("You cannot deactivate your own account."))
    user.is_active = False
    user.save(update_fields=["is_active"])
    ended = user_sessions_end(user=user)
    security_log.info("account %s deactivated by %s; %d session(s) ended", user.pk, by.pk, ended)


def user_unlock(*, user: User, by: User) -> None:
    """Lift a login lockout (too many wrong passwords) before its cool-off ends."""
    _check_may_manage_accounts(by)
    axes_reset(username=user.get_username())
    security_log.info("login lockout of account %s lifted by %s", user.pk, by.pk)


@transaction.atomic
def backup_codes_regenerate(*, user: User) -> list[str]:
    """Replace the user's backup codes with new single-use ones and return them.

    The caller shows them once; afterwards only how many are left is shown.
    """
    # The login's backup step checks the user's first static device: keep to one.
    device = StaticDevice.objects.filter(user=user).order_by("pk").first()
    if device is None:
        device = StaticDevice.objects.create(user=user, name="backup", confirmed=True)
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _n in range(settings.TWO_FACTOR_BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def two_factor_devices_remove(*, user: User) -> None:
    """Unlink the authenticator app and the backup codes, e.g. before moving to a new phone."""
    for device in list(devices_for_user(user, confirmed=None)):
        device.delete()
    security_log.info("two-factor devices of account %s removed", user.pk)
