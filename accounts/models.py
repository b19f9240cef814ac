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
