from django.http import HttpRequest

from accounts.models import Role


def roles(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"user_roles": set()}
    return {"user_roles": user.role_names(), "Role": Role}
