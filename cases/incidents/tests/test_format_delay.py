from datetime import timedelta

import pytest
from django.utils import translation

from cases.incidents.formatting import format_delay


@pytest.mark.parametrize(
    ("delay", "expected"),
    [
        (timedelta(days=1, hours=3), "1 dag en 3 uur"),
        (timedelta(days=2, hours=4, minutes=5), "2 dagen, 4 uur en 5 minuten"),
        (timedelta(hours=24, minutes=1), "1 dag en 1 minuut"),
        (timedelta(hours=1), "1 uur"),
        (timedelta(hours=5, minutes=30), "5 uur en 30 minuten"),
        (timedelta(days=3), "3 dagen"),
        (timedelta(minutes=1, seconds=59), "1 minuut"),
        (timedelta(seconds=30), "minder dan een minuut"),
    ],
)
def test_it_writes_a_delay_in_dutch(dutch, delay, expected):
    with translation.override("nl"):
        assert format_delay(delay) == expected


@pytest.mark.parametrize(
    ("delay", "expected"),
    [
        (timedelta(days=1, hours=3), "1 day and 3 hours"),
        (timedelta(days=2, hours=1, minutes=1), "2 days, 1 hour and 1 minute"),
        (timedelta(0), "less than a minute"),
    ],
)
def test_it_leaves_out_parts_that_are_zero(delay, expected):
    with translation.override("en"):
        assert format_delay(delay) == expected


def test_a_negative_delay_reads_as_less_than_a_minute():
    with translation.override("en"):
        assert format_delay(timedelta(minutes=-5)) == "less than a minute"
