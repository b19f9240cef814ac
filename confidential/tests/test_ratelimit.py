from datetime import timedelta

import pytest
import time_machine
from django.test import RequestFactory
from django.utils import timezone

from confidential.models import RateLimitHit
from confidential.ratelimit import CODE_LOOKUP, NEW_REPORT, client_address, rate_limit_consume

pytestmark = pytest.mark.django_db


def request_from(address, forwarded=None):
    extra = {"REMOTE_ADDR": address}
    if forwarded:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().post("/melden/", **extra)


def test_it_uses_the_connecting_address_unless_behind_a_proxy(settings):
    request = request_from("192.0.2.1", forwarded="203.0.113.9")
    assert client_address(request) == "192.0.2.1"
    settings.BEHIND_PROXY = True
    assert client_address(request) == "203.0.113.9"
    assert client_address(request_from("192.0.2.1", forwarded="1.2.3.4, 203.0.113.9")) == (
        "203.0.113.9"
    )
    assert client_address(request_from("192.0.2.1")) == "192.0.2.1"


def test_buckets_are_counted_apart():
    request = request_from("192.0.2.1")
    for _ in range(10):
        assert rate_limit_consume(request=request, rate=CODE_LOOKUP)
    assert not rate_limit_consume(request=request, rate=CODE_LOOKUP)
    assert rate_limit_consume(request=request, rate=NEW_REPORT)


def test_a_refused_request_leaves_no_row_behind():
    request = request_from("192.0.2.1")
    for _ in range(12):
        rate_limit_consume(request=request, rate=CODE_LOOKUP)
    assert RateLimitHit.objects.filter(bucket="lookup").count() == 10


def test_rows_older_than_the_window_are_pruned():
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        for address in ("192.0.2.1", "192.0.2.2", "192.0.2.3"):
            rate_limit_consume(request=request_from(address), rate=CODE_LOOKUP)
        traveller.shift(timedelta(minutes=16))
        rate_limit_consume(request=request_from("192.0.2.4"), rate=CODE_LOOKUP)
    assert RateLimitHit.objects.count() == 1


def test_the_limits_come_from_the_settings(settings):
    settings.CONFIDENTIAL_LOOKUPS_PER_15_MINUTES = 2
    request = request_from("192.0.2.1")
    assert rate_limit_consume(request=request, rate=CODE_LOOKUP)
    assert rate_limit_consume(request=request, rate=CODE_LOOKUP)
    assert not rate_limit_consume(request=request, rate=CODE_LOOKUP)
