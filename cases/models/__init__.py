"""Every model of the `cases` app, re-exported from the domain package that defines it.

Django finds an app's models through `cases.models`; the code imports them from here or from
the domain's own `models` module. Nothing is defined in this module.
"""

from cases.incidents.models import *  # noqa: F403
from cases.privacy.models import *  # noqa: F403
from cases.pupils.models import *  # noqa: F403
from cases.reminders.models import *  # noqa: F403
from cases.review.models import *  # noqa: F403
from cases.school.models import *  # noqa: F403
from cases.stappenplan.models import *  # noqa: F403
from cases.visibility.models import *  # noqa: F403
