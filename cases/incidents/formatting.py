from datetime import timedelta

from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def format_delay(delay: timedelta) -> str:
    """A delay in words, to the minute: "1 dag en 3 uur", "2 dagen, 4 uur en 5 minuten".

    Parts that are zero are left out; seconds are dropped.
    """
    minutes_total = max(int(delay.total_seconds() // 60), 0)
    days, rest = divmod(minutes_total, 24 * 60)
    hours, minutes = divmod(rest, 60)
    parts = []
    if days:
        parts.append(ngettext("%(count)d day", "%(count)d days", days) % {"count": days})
    if hours:
        parts.append(ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours})
    if minutes:
        parts.append(
            ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}
        )
    if not parts:
        return _("less than a minute")
    if len(parts) == 1:
        return parts[0]
    return _("%(first)s and %(last)s") % {"first": ", ".join(parts[:-1]), "last": parts[-1]}
