"""The school's holidays, entered by the directie. Deadlines already set keep their date; the
holidays count for every deadline set after the change."""

import logging
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from accounts.services import check_may_manage_accounts, user_create, user_update
from cases.models import Holiday, SchoolGroup, SchoolYear
from cases.visibility.permissions import visibility_sync

HOLIDAY_FIELDS = ("school_year", "name", "start_date", "end_date")


def _authorize(user: User) -> None:
    if not (user.is_authenticated and user.is_active and user.has_role(Role.DIRECTIE)):
        raise PermissionDenied(_("Only the directie can change the holidays."))


def _clean(holiday: Holiday) -> None:
    errors: dict[str, list] = {}
    holiday.name = (holiday.name or "").strip()
    if not holiday.name:
        errors.setdefault("name", []).append(_("Give the holiday a name."))
    if holiday.start_date is None:
        errors.setdefault("start_date", []).append(_("Fill in the first day."))
    if holiday.end_date is None:
        errors.setdefault("end_date", []).append(_("Fill in the last day."))
    if holiday.start_date and holiday.end_date and holiday.end_date < holiday.start_date:
        errors.setdefault("end_date", []).append(_("The last day cannot be before the first day."))
    if errors:
        raise ValidationError(errors)
    holiday.full_clean(exclude=["school_year"])


@transaction.atomic
def holiday_create(
    *, user: User, school_year: SchoolYear, name: str, start_date: date, end_date: date
) -> Holiday:
    """A holiday or other day without school (both days included). A holiday may reach
    beyond its school year, like the summer holiday between two years."""
    _authorize(user)
    holiday = Holiday(school_year=school_year, name=name, start_date=start_date, end_date=end_date)
    _clean(holiday)
    holiday.save()
    return holiday


@transaction.atomic
def holiday_update(*, holiday: Holiday, user: User, **fields: Any) -> Holiday:
    unknown = set(fields) - set(HOLIDAY_FIELDS)
    if unknown:
        raise TypeError(f"holiday fields that cannot be updated: {sorted(unknown)}")
    _authorize(user)
    for name, value in fields.items():
        setattr(holiday, name, value)
    _clean(holiday)
    holiday.save()
    return holiday


@transaction.atomic
def holiday_delete(*, holiday: Holiday, user: User) -> None:
    _authorize(user)
    holiday.delete()


security_log = logging.getLogger("accounts.security")


@transaction.atomic
def teacher_groups_set(*, user: User, groups: Iterable[SchoolGroup], by: User) -> None:
    """Make `groups` the groups `user` teaches; what they see changes from the next request."""
    check_may_manage_accounts(by, user)
    groups = list(groups)
    before = set(user.teaching_groups.values_list("pk", flat=True))
    after = {group.pk for group in groups}
    if before == after:
        return
    user.teaching_groups.set(groups)
    visibility_sync(users=[user])
    security_log.info(
        "teaching groups of account %s changed by %s: %s -> %s",
        user.pk,
        by.pk,
        sorted(before),
        sorted(after),
    )


@transaction.atomic
def staff_member_add(
    *,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    roles: Iterable[str],
    groups: Iterable[SchoolGroup],
    by: User,
) -> User:
    if not email.strip():
        raise ValidationError(
            {"email": _("Enter an email address: the link to choose a password is sent there.")},
            code="email_required",
        )
    user = user_create(
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=email,
        roles=roles,
        by=by,
    )
    teacher_groups_set(user=user, groups=groups, by=by)
    return user


@transaction.atomic
def staff_member_update(
    *,
    user: User,
    first_name: str,
    last_name: str,
    email: str,
    roles: Iterable[str],
    groups: Iterable[SchoolGroup],
    by: User,
) -> User:
    user_update(
        user=user, first_name=first_name, last_name=last_name, email=email, roles=roles, by=by
    )
    teacher_groups_set(user=user, groups=groups, by=by)
    return user
