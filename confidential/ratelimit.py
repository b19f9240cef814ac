"""Per-address rate limits for the public pages, kept in the database.

The database is shared by every gunicorn worker, so the limits hold without Redis. A request
first records its hit and then counts: of many simultaneous requests at most `limit` see a
count within the limit. A refused request removes its own hit again, so the window slides over
accepted requests only and a visitor who waits always gets through.

Follow-up codes are limited by their failures only, so that one pupil guessing at the school's
shared internet address does not lock out the others. Every code checked is recorded against
its first CODE_PREFIX_LENGTH symbols and the address (`CODE_PREFIX`), and the record is removed
again when the code proves right; a code whose prefix already failed `limit` times from that
address in the window is not checked at all. With 32 symbols that bounds the codes one address
can try to 32**2 * limit per window (5,120 per 15 minutes with the default 5), against 2**80
possible codes. A correct code is refused only when its own prefix was guessed wrong that often
from the same address. Wrong codes also count per address alone (`CODE_LOOKUP`): past that
limit a wrong code is answered "too many attempts", which tells a person who is guessing by
hand to stop, while a correct code still gets through.
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
CODE_PREFIX = Rate(
    "lookup-prefix", "CONFIDENTIAL_CODE_PREFIX_FAILURES_PER_15_MINUTES", timedelta(minutes=15)
)
CODE_PREFIX_LENGTH = 2
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


def rate_limit_reserve(*, request: HttpRequest, rate: Rate, key: str = "") -> RateLimitHit | None:
    """Record one request from this client (and key, if any); None when it goes over the limit.

    The hit returned may be given back with `rate_limit_release` when the request turns out
    not to count, as a correct follow-up code does.
    """
    now = timezone.now()
    window_start = now - rate.window
    RateLimitHit.objects.filter(bucket=rate.bucket, created_at__lte=window_start).delete()
    address = client_address(request)
    # The key is hashed with the address, so neither is stored in a readable form.
    hashed = address_hash(f"{address}\x00{key}" if key else address)
    hit = RateLimitHit.objects.create(bucket=rate.bucket, address_hash=hashed, created_at=now)
    count = RateLimitHit.objects.filter(
        bucket=rate.bucket, address_hash=hashed, created_at__gt=window_start
    ).count()
    if count > rate.limit:
        hit.delete()
        return None
    return hit


def rate_limit_release(hit: RateLimitHit) -> None:
    hit.delete()


def rate_limit_consume(*, request: HttpRequest, rate: Rate, key: str = "") -> bool:
    """Record one request from this client; False when it goes over the limit."""
    return rate_limit_reserve(request=request, rate=rate, key=key) is not None
