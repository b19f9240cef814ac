from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from cases.reminders.selectors import unread_notification_count


def notifications(request: HttpRequest) -> dict:
    """The unread count in the header: one COUNT query, and only if a page shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notification_count": SimpleLazyObject(lambda: unread_notification_count(user))}
