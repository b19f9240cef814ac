"""Keeping the protocol's lists current: the coordinator adds, edits and retires items.

An item is never deleted: incidents and plans point at it, and their history must stay
readable. A retired item is no longer offered on forms (`is_active=False`).
"""

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from protocol.services import reference_key_generate


def _authorize(user: User) -> None:
    if not (user.is_authenticated and user.is_active and user.has_role(Role.COORDINATOR)):
        raise PermissionDenied(_("Only the coordinator keeps the protocol's lists."))


def _label(item: models.Model) -> str:
    return getattr(item, "text", "") or getattr(item, "name", "")


@transaction.atomic
def reference_item_save(*, by: User, item: models.Model) -> models.Model:
    """Save a new or edited item (validated by its form); a new item gets a custom key."""
    _authorize(by)
    has_key = any(field.name == "key" for field in item._meta.fields)
    if not item.pk and has_key:
        item.key = reference_key_generate(model=type(item), text=_label(item))
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def reference_item_set_active(*, by: User, item: models.Model, active: bool) -> models.Model:
    _authorize(by)
    item.is_active = active
    item.save(update_fields=["is_active"])
    return item
