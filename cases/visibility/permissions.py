"""Who sees which incident and case: the rule, the permissions that carry it, and the one
query that reads them.

The rule:
- IB, directie and the coordinator see every incident and case of the school. Their role's
  auth group holds the model-level permissions `cases.view_incident` and `cases.view_case`
  (migration 0006).
- Anyone else sees an incident when they registered it, teach the group of a pupil involved,
  or are assigned to the case it belongs to; and a case when they opened it, are assigned to
  it, or teach the group of a pupil involved in one of its incidents. These are guardian
  object permissions (`view_incident`, `view_case`), one row per user and object, kept up
  to date by `visibility_sync`.
- Registering an incident does not by itself open the case it later joins: the case's work
  is for its team (a teacher who registers is assigned when verification opens the case).
  So the aanspreekpersoon, who registers what a reporter allowed her to pass on, sees that
  incident and never the case.
- Being a superuser opens nothing: a technical administrator without a role sees no incident
  and no case. The aanspreekpersoon role opens nothing either.

A pupil who moves to another group takes the visibility with them: the new group's teachers
see the pupil's incidents and cases from the next request on, and the old group's teachers
keep only what they registered, opened or are assigned to. The teacher responsible for a
child is the child's current teacher; an open case keeps its assigned teachers, so the work
in progress is not cut off by a move.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import Any

from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q, QuerySet

from accounts.models import Role, User
from accounts.services import roles_ensure
from cases.models import (
    Case,
    CaseUserObjectPermission,
    Incident,
    IncidentUserObjectPermission,
    SchoolGroup,
)

VIEW_INCIDENT = "view_incident"
VIEW_CASE = "view_case"

_BATCH = 500


# Cached per user instance, like `User.role_names` (and cleared with it by `user_set_roles`):
# a page asks for several lists, the answer holds for the whole request.
_SCHOOL_WIDE_CACHE = "_school_wide_views"

# The roles that see every incident and case of the school, through their auth group.
SCHOOL_WIDE_ROLES = (Role.IB, Role.DIRECTIE, Role.COORDINATOR)


def school_wide_permissions_ensure(*, using: str = "default") -> None:
    """Give the school-wide roles' groups the model-level view permissions (idempotent).

    Migration 0006 grants them once; this runs after every `migrate` too (post_migrate), so
    that a database emptied and set up again (a test database between transactional tests,
    for one) never leaves the IB or the directie seeing only their own registrations.
    """
    roles_ensure()
    permissions = list(
        Permission.objects.using(using).filter(
            content_type__app_label="cases", codename__in=[VIEW_INCIDENT, VIEW_CASE]
        )
    )
    for group in Group.objects.using(using).filter(name__in=SCHOOL_WIDE_ROLES):
        group.permissions.add(*permissions)


def _view_permissions(user: User) -> dict[str, tuple[int, bool]]:
    """The view permissions of `cases` by codename: the permission's id, and whether this
    user holds it for the whole school. One query per user instance.

    Read from the user's groups and own permissions, never from `is_superuser`.
    """
    cached = getattr(user, _SCHOOL_WIDE_CACHE, None)
    if cached is None:
        by_group = Group.permissions.through.objects.filter(
            permission_id=OuterRef("pk"), group__user=user
        )
        by_user = User.user_permissions.through.objects.filter(
            permission_id=OuterRef("pk"), user_id=user.pk
        )
        rows = (
            Permission.objects.filter(
                content_type__app_label="cases", codename__in=(VIEW_INCIDENT, VIEW_CASE)
            )
            .annotate(held=Exists(by_group) | Exists(by_user))
            .values_list("codename", "pk", "held")
        )
        cached = {codename: (pk, held) for codename, pk, held in rows}
        setattr(user, _SCHOOL_WIDE_CACHE, cached)
    return cached


_OBJECT_PERMISSIONS: dict[type[models.Model], type[models.Model]] = {
    Incident: IncidentUserObjectPermission,
    Case: CaseUserObjectPermission,
}


def objects_visible_to(user: User, model: type[models.Model]) -> QuerySet:
    """The incidents or cases `user` may see. The only place that reads the permissions.

    Whether the user sees the whole school is decided here, in Python, so the query is either
    the plain table or a semi-join on the per-object table's (user, permission, object)
    index: never an OR of the two, which no index can serve.
    """
    if not user.is_authenticated or not user.is_active:
        return model.objects.none()
    view = _view_permissions(user).get(f"view_{model._meta.model_name}")
    if view is None:  # a database without the permissions yet
        return model.objects.none()
    permission_id, school_wide = view
    if school_wide:
        return model.objects.all()
    # Only this user's rows of the model's own table, read from its (user, permission,
    # object) index: `visibility_sync` writes view rows only, and no permission is ever
    # granted per object to a group.
    rows = _OBJECT_PERMISSIONS[model].objects.filter(user_id=user.pk, permission_id=permission_id)
    return model.objects.filter(pk__in=rows.values("content_object_id"))


# --- Keeping the object permissions in line with the rule ------------------------------------


@dataclass(frozen=True)
class SyncResult:
    granted: int
    revoked: int

    def __add__(self, other: "SyncResult") -> "SyncResult":
        return SyncResult(self.granted + other.granted, self.revoked + other.revoked)


@dataclass(frozen=True)
class _Relation:
    """One reason a user sees an object: rows of `queryset` pair `user` with `obj`."""

    queryset: QuerySet
    user: str
    obj: str


_Teaching = SchoolGroup.teachers.through
_Assigned = Case.teachers.through


def _incident_relations() -> list[_Relation]:
    return [
        _Relation(Incident.objects.all(), "registered_by_id", "pk"),
        _Relation(
            _Teaching.objects.all(), "user_id", "schoolgroup__pupils__involvements__incident"
        ),
        _Relation(_Assigned.objects.all(), "user_id", "case__incidents"),
    ]


def _case_relations() -> list[_Relation]:
    return [
        _Relation(Case.objects.all(), "opened_by_id", "pk"),
        _Relation(_Assigned.objects.all(), "user_id", "case_id"),
        _Relation(
            _Teaching.objects.all(),
            "user_id",
            "schoolgroup__pupils__involvements__incident__case",
        ),
    ]


Scope = QuerySet | list[int] | None


def _scope(values: Any) -> Scope:
    """A queryset (used as a subquery, however large) or a list of primary keys."""
    if values is None:
        return None
    if isinstance(values, QuerySet):
        return values.values("pk")
    return [getattr(value, "pk", value) for value in values]


def _sync_model(
    *,
    relations: list[_Relation],
    permission_model: type[models.Model],
    codename: str,
    model: type[models.Model],
    users: Scope = None,
    objects: Scope = None,
) -> SyncResult:
    """Make the rows of `permission_model` within the scope match what `relations` give.

    A constant number of queries, however many rows: the desired pairs come from one query
    per relation, the existing ones from one, and the difference is written in batches.
    """
    permission = Permission.objects.get(
        content_type=ContentType.objects.get_for_model(model), codename=codename
    )
    desired: set[tuple[int, int]] = set()
    for relation in relations:
        # One filter() call: conditions on a multi-valued path in separate calls would each
        # get a join of their own.
        conditions = {f"{relation.obj}__isnull": False, f"{relation.user}__isnull": False}
        if users is not None:
            conditions[f"{relation.user}__in"] = users
        if objects is not None:
            conditions[f"{relation.obj}__in"] = objects
        pairs = relation.queryset.filter(**conditions).order_by()
        desired.update(pairs.values_list(relation.user, relation.obj).distinct())

    existing_rows = permission_model.objects.filter(permission=permission)
    if users is not None:
        existing_rows = existing_rows.filter(user_id__in=users)
    if objects is not None:
        existing_rows = existing_rows.filter(content_object_id__in=objects)
    existing: dict[tuple[int, int], int] = {
        (user_id, object_id): pk
        for pk, user_id, object_id in existing_rows.values_list(
            "pk", "user_id", "content_object_id"
        )
    }

    to_revoke = [pk for pair, pk in existing.items() if pair not in desired]
    to_grant = [
        permission_model(user_id=user_id, content_object_id=object_id, permission=permission)
        for user_id, object_id in desired
        if (user_id, object_id) not in existing
    ]
    for start in range(0, len(to_revoke), _BATCH):
        permission_model.objects.filter(pk__in=to_revoke[start : start + _BATCH]).delete()
    # A concurrent sync may have granted the same row a moment ago: that is the same outcome.
    permission_model.objects.bulk_create(to_grant, batch_size=_BATCH, ignore_conflicts=True)
    return SyncResult(granted=len(to_grant), revoked=len(to_revoke))


def _sync_incidents(*, users: Scope = None, incidents: Scope = None) -> SyncResult:
    return _sync_model(
        relations=_incident_relations(),
        permission_model=IncidentUserObjectPermission,
        codename=VIEW_INCIDENT,
        model=Incident,
        users=users,
        objects=incidents,
    )


def _sync_cases(*, users: Scope = None, cases: Scope = None) -> SyncResult:
    return _sync_model(
        relations=_case_relations(),
        permission_model=CaseUserObjectPermission,
        codename=VIEW_CASE,
        model=Case,
        users=users,
        objects=cases,
    )


@transaction.atomic
def visibility_sync(
    *,
    users: Iterable[User | int] | QuerySet | None = None,
    incidents: Iterable[Incident | int] | QuerySet | None = None,
    cases: Iterable[Case | int] | QuerySet | None = None,
) -> SyncResult:
    """Bring the object permissions in line with the rule for what changed.

    `users`: everything these users may see (after their teaching groups changed).
    `incidents`: who may see these incidents (after they were registered, their pupils
    changed, a pupil moved group or they joined a case), and so also their cases.
    `cases`: who may see these cases (after their teachers changed), and so also their
    incidents. Without arguments: everything, as `manage.py sync_permissions` does.
    """
    users, incidents, cases = _scope(users), _scope(incidents), _scope(cases)
    if users is None and incidents is None and cases is None:
        return _sync_incidents() + _sync_cases()

    result = SyncResult(0, 0)
    if users is not None:
        result += _sync_incidents(users=users) + _sync_cases(users=users)
    if incidents is not None or cases is not None:
        incident_scope, case_scope = [], []
        if incidents is not None:
            incident_scope.append(Q(pk__in=incidents))
            # A case's viewers include its incidents' pupils' teachers.
            case_scope.append(Q(incidents__in=incidents))
        if cases is not None:
            # An incident's viewers include the teachers of its case.
            incident_scope.append(Q(case__in=cases))
            case_scope.append(Q(pk__in=cases))
        result += _sync_incidents(
            incidents=Incident.objects.filter(reduce(or_, incident_scope)).values("pk")
        ) + _sync_cases(cases=Case.objects.filter(reduce(or_, case_scope)).values("pk"))
    return result
