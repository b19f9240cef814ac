"""Bulk writes that keep the history.

A queryset `update()` or `bulk_create()` sends no signals, so django-simple-history records
nothing. Services that change history-keeping rows in bulk go through these instead
(cases/visibility/tests/test_history_recording.py fails on a bulk write that does not).
"""

from django.db import models
from simple_history.utils import bulk_create_with_history

from accounts.models import User


def update_with_history(queryset: models.QuerySet, *, user: User | None, **values) -> int:
    """`queryset.update(**values)`, plus one history row for every row it changed.

    Three queries however many rows. Meant for rows the caller has locked (through their
    case), so the rows read before and after the update are the rows updated.
    """
    model = queryset.model
    pks = list(queryset.values_list("pk", flat=True))
    if not pks:
        return 0
    updated = queryset.filter(pk__in=pks).update(**values)
    model.history.bulk_history_create(
        list(model._default_manager.filter(pk__in=pks)), update=True, default_user=user
    )
    return updated


def create_with_history(objs: list[models.Model], *, user: User | None) -> list[models.Model]:
    """`bulk_create(objs)`, plus a history row for each."""
    if not objs:
        return []
    return bulk_create_with_history(objs, type(objs[0]), default_user=user)
