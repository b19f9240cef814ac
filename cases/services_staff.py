"""Staff members as the school sees them: their roles (accounts) and the groups they teach.

The groups a teacher teaches decide which incidents and cases they see, so every change of
them goes through `teacher_groups_set`, which brings the object permissions in line at once.
"""

import logging
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.services import check_may_manage_accounts, user_create, user_update
from cases.models import SchoolGroup
from cases.permissions import visibility_sync

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
