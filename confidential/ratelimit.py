"""Per-address rate limits for the public pages, kept in the database.

The database is shared by every gunicorn worker, so the limits hold without Redis. A request
first records its hit and then counts: of many simultaneous requests at most `limit` see a
count within the limit. A refused request removes its own hit again, so the window slides over
accepted requests only and a visitor who waits always gets through.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac

from confidential.models import RateLimitHit

_ADDRESS_SALT = "mozaiek.confidential.ratelimit.address"


@dataclass(frozen=True)
class Rate:
    bucket: str
    setting: str
    window: timedelta

    @property
    def limit(self) -> int:
        return getattr(settings, self.setting)


NEW_REPORT = Rate("report", "CONFIDENTIAL_REPORTS_PER_HOUR", timedelta(hours=1))
CODE_LOOKUP = Rate("lookup", "CONFIDENTIAL_LOOKUPS_PER_15_MINUTES", timedelta(minutes=15))
FOLLOW_UP_MESSAGE = Rate("message", "CONFIDENTIAL_MESSAGES_PER_HOUR", timedelta(hours=1))


def client_address(request: HttpRequest) -> str:
    if getattr(settings, "BEHIND_PROXY", False):
        # The proxy appends the address it saw; anything left of it the client may have made up.
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-1]
    return request.META.get("REMOTE_ADDR") or "unknown"


def address_hash(address: str) -> str:
    return salted_hmac(_ADDRESS_SALT, address, algorithm="sha256").hexdigest()


def rate_limit_consume(*, request: HttpRequest, rate: Rate) -> bool:
    """Record one request from this client; False when it goes over the limit."""
    now = timezone.now()
    window_start = now - rate.window
    RateLimitHit.objects.filter(bucket=rate.bucket, created_at__lte=window_start).delete()
    hashed = address_hash(client_address(request))
    hit = RateLimitHit.objects.create(bucket=rate.bucket, address_hash=hashed, created_at=now)
    count = RateLimitHit.objects.filter(
        bucket=rate.bucket, address_hash=hashed, created_at__gt=window_start
    ).count()
    if count > rate.limit:
        hit.delete()
        return False
    return True
