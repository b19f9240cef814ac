from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """The protocol's roles; each is a Django auth group of the same name."""

    TEACHER = "leerkracht", _("Teacher")
    IB = "ib", _("Internal supervisor (IB)")
    DIRECTIE = "directie", _("Management")
    COORDINATOR = "coordinator", _("Anti-bullying coordinator")
    CONFIDANT = "aanspreekpersoon", _("Contact person for social safety")


class User(AbstractUser):
    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff members")
        ordering = ["last_name", "first_name", "username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def role_names(self) -> set[str]:
        # Cached per instance: templates and views ask several times per request.
        if not hasattr(self, "_role_names"):
            self._role_names = set(self.groups.values_list("name", flat=True))
        return self._role_names

    def has_role(self, *roles: str) -> bool:
        return bool(self.role_names() & set(roles))


class UserSession(models.Model):
    """Which sessions belong to which user, so that deactivating an account can end them all.

    Written by accounts.middleware.SessionTimeoutMiddleware the first time it sees a session
    key, whatever way the user logged in.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="sessions")
    session_key = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("login session")
        verbose_name_plural = _("login sessions")

    def __str__(self) -> str:
        return f"{self.user} @ {self.created_at:%Y-%m-%d %H:%M}"
