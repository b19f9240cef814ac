import datetime
import logging
from collections.abc import Iterable
from importlib import import_module

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
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
    for cache in ("_role_names", "_school_wide_views"):
        if hasattr(user, cache):
            delattr(user, cache)


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


def may_manage_accounts(user: User) -> bool:
    return (
        user.is_authenticated
        and user.is_active
        and (user.is_superuser or user.has_role(Role.DIRECTIE))
    )


def check_may_manage_accounts(by: User, user: User | None = None) -> None:
    if not may_manage_accounts(by):
        raise PermissionDenied(_("Only the directie can manage staff accounts."))
    if user is not None and user.is_superuser and not by.is_superuser:
        raise PermissionDenied(
            _("Technical administrators are managed in the technical administration.")
        )


def _check_roles(roles: Iterable[str]) -> list[str]:
    roles = list(dict.fromkeys(roles))
    unknown = [role for role in roles if role not in Role.values]
    if unknown:
        raise ValidationError({"roles": _("Choose roles from the list.")}, code="unknown_role")
    return roles


@transaction.atomic
def user_create(
    *,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    roles: Iterable[str],
    by: User,
) -> User:
    """Add a staff member without a password: they choose one through `password_set_url`,
    so nobody else ever knows it."""
    check_may_manage_accounts(by)
    roles = _check_roles(roles)
    username = username.strip()
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(
            {"username": _("This username is already in use. Choose another one.")},
            code="username_taken",
        )
    user = User(
        username=username,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        email=User.objects.normalize_email(email.strip()),
    )
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    user_set_roles(user=user, roles=roles)
    security_log.info("account %s created by %s with roles %s", user.pk, by.pk, sorted(roles))
    return user


@transaction.atomic
def user_update(
    *,
    user: User,
    first_name: str,
    last_name: str,
    email: str,
    roles: Iterable[str],
    by: User,
) -> User:
    """Change a staff member's name, email address and roles. Roles count from the next
    request on: nothing about them is kept in the session."""
    check_may_manage_accounts(by, user)
    roles = _check_roles(roles)
    if user.pk == by.pk and by.has_role(Role.DIRECTIE) and Role.DIRECTIE not in roles:
        raise ValidationError(
            {
                "roles": _(
                    "You cannot take the directie role away from yourself. Ask another "
                    "member of the directie."
                )
            },
            code="own_directie_role",
        )
    user.first_name = first_name.strip()
    user.last_name = last_name.strip()
    user.email = User.objects.normalize_email(email.strip())
    user.full_clean(exclude=["password"])
    user.save(update_fields=["first_name", "last_name", "email"])
    before = sorted(user.role_names())
    user_set_roles(user=user, roles=roles)
    if before != sorted(roles):
        security_log.info(
            "roles of account %s changed by %s: %s -> %s", user.pk, by.pk, before, sorted(roles)
        )
    return user


@transaction.atomic
def user_deactivate(*, user: User, by: User) -> None:
    """Close a staff member's account: no more logins, and every open session ends now."""
    check_may_manage_accounts(by, user)
    if user.pk == by.pk:
        raise ValidationError(_("You cannot deactivate your own account."))
    user.is_active = False
    user.save(update_fields=["is_active"])
    ended = user_sessions_end(user=user)
    security_log.info("account %s deactivated by %s; %d session(s) ended", user.pk, by.pk, ended)


@transaction.atomic
def user_reactivate(*, user: User, by: User) -> None:
    """Open a closed account again; its old sessions stay ended."""
    check_may_manage_accounts(by, user)
    user.is_active = True
    user.save(update_fields=["is_active"])
    security_log.info("account %s reactivated by %s", user.pk, by.pk)


def password_set_url(user: User) -> str:
    """A link with which `user` chooses their password. It works once (the token depends on
    the password hash and the last login) and for PASSWORD_RESET_TIMEOUT seconds."""
    path = reverse(
        "accounts:password_set",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return f"{settings.SITE_URL}{path}"


def password_set_link_send(*, user: User, by: User | None) -> None:
    """Email `user` the link to choose a password. Raises OSError (smtplib.SMTPException
    included) when the email cannot be handed to the mail server.

    `by` None: sent by the server's operator (`manage.py send_password_link`), for the first
    directie account, before anyone can use the staff screen."""
    if by is not None:
        check_may_manage_accounts(by, user)
    if not user.email:
        raise ValidationError(
            _("This staff member has no email address. Add one first."), code="no_email"
        )
    if not user.is_active:
        raise ValidationError(
            _("This account is deactivated. Reactivate it first."), code="inactive"
        )
    days = settings.PASSWORD_RESET_TIMEOUT // (24 * 60 * 60)
    context = {"user": user, "url": password_set_url(user), "days": days, "by": by}
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("accounts/email/password_set_subject.txt", context).strip()
        body = render_to_string("accounts/email/password_set.txt", context)
    send_mail(subject, body, None, [user.email])
    security_log.info(
        "password link for account %s sent by %s", user.pk, by.pk if by else "the operator"
    )


def user_unlock(*, user: User, by: User) -> None:
    """Lift a login lockout (too many wrong passwords) before its cool-off ends."""
    check_may_manage_accounts(by)
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
