from django.http import HttpRequest

from confidential.notices import unread_notices
from confidential.selectors import inbox_unread_count, may_read_confidential_reports


def inbox(request: HttpRequest) -> dict:
    # Queries only for the confidant; everyone else gets nothing, not even a zero.
    user = getattr(request, "user", None)
    if user is None or not may_read_confidential_reports(user):
        return {}
    return {
        "confidential_unread_count": inbox_unread_count(user),
        "confidant_notices": unread_notices(user),
    }
