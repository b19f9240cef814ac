"""Per-object view permissions on incidents and cases (django-guardian's direct foreign keys).

Guardian's generic table would keep the object's id as text: every visibility check would
cast ids, and a deleted case would leave its rows behind. These tables point at their object
with a real foreign key, so rows go with their object and the lookup is an indexed join.

Rows are written only by `cases.visibility.permissions.visibility_sync`; nobody assigns them
by hand.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from guardian.models import UserObjectPermissionBase


class IncidentUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(
        "cases.Incident", on_delete=models.CASCADE, verbose_name=_("incident")
    )

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = _("incident permission")
        verbose_name_plural = _("incident permissions")


class CaseUserObjectPermission(UserObjectPermissionBase):
    content_object = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, verbose_name=_("case")
    )

    class Meta(UserObjectPermissionBase.Meta):
        verbose_name = _("case permission")
        verbose_name_plural = _("case permissions")


__all__ = ["CaseUserObjectPermission", "IncidentUserObjectPermission"]
