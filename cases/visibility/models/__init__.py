"""The models of who sees what: the object permissions and the access log."""

from cases.visibility.models.access_log import *  # noqa: F403
from cases.visibility.models.access_log import __all__ as _access_log
from cases.visibility.models.object_permissions import *  # noqa: F403
from cases.visibility.models.object_permissions import __all__ as _permissions

__all__ = [*_access_log, *_permissions]
