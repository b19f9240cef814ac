from django.contrib.auth.models import Group
from django.db import transaction

from accounts.models import Role, User


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
