"""Who may read the school-wide figures: the coordinator, the IB and the directie."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from accounts.models import Role

READERS = (Role.COORDINATOR, Role.IB, Role.DIRECTIE)


def require_reader(request: HttpRequest) -> None:
    if not request.user.has_role(*READERS):
        raise PermissionDenied


def require_coordinator(request: HttpRequest) -> None:
    if not request.user.has_role(Role.COORDINATOR):
        raise PermissionDenied
