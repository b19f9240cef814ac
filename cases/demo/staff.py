"""The demo's staff: one account per role, all with the same public password."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from accounts.services import user_set_roles
from cases.models import SchoolGroup

DEMO_PASSWORD = "mozaiek-demo"


@dataclass(frozen=True)
class StaffAccount:
    username: str
    first_name: str
    last_name: str
    role: str
    description: Promise
    group: str = ""
    is_staff: bool = False


STAFF: list[StaffAccount] = [
    StaffAccount(
        "leerkracht",
        "Sanne",
        "Verhoeven",
        Role.TEACHER,
        _("teacher of groep 5: registers incidents, holds the talks of steps 1–5"),
        group="groep 5",
    ),
    StaffAccount(
        "leerkracht2",
        "Thijs",
        "van Gerwen",
        Role.TEACHER,
        _("teacher of groep 7, another group than that of leerkracht"),
        group="groep 7",
    ),
    StaffAccount(
        "ib",
        "Marieke",
        "Swinkels",
        Role.IB,
        _("intern begeleider (IB): weekly review and action plans"),
    ),
    StaffAccount(
        "directie",
        "Esther",
        "Warmerdam",
        Role.DIRECTIE,
        _("directie: weekly review, steps 6–8"),
    ),
    StaffAccount(
        "coordinator",
        "Iris",
        "Bouwman",
        Role.COORDINATOR,
        _("anti-bullying coordinator: trends, yearly report, monitor, the protocol's lists"),
        is_staff=True,
    ),
    StaffAccount(
        "aanspreekpersoon",
        "Hanneke",
        "Kuijpers",
        Role.CONFIDANT,
        _("contact person for social safety: confidential reports"),
    ),
]


def ensure_staff(groups: dict[str, SchoolGroup]) -> tuple[dict[str, User], int]:
    users: dict[str, User] = {}
    created = 0
    for account in STAFF:
        user, was_created = User.objects.get_or_create(
            username=account.username,
            defaults={
                "first_name": account.first_name,
                "last_name": account.last_name,
                "email": f"{account.username}@kindcentrum-mozaiek.example",
                "is_staff": account.is_staff,
            },
        )
        if was_created:
            created += 1
            # Demo accounts only: the password is public and set without the validators.
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            user_set_roles(user=user, roles=[account.role])
            if account.group:
                groups[account.group].teachers.add(user)
        users[account.username] = user
    return users, created
