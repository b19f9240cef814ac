"""The median of a duration, computed by the database.

PostgreSQL has it built in (`percentile_cont(0.5) WITHIN GROUP (ORDER BY ...)`). SQLite, used
by the tests and small installations, has no percentile function: there the database sorts
the durations and hands back only the middle one or two (a count, then one slice of at most
two rows), so the cost is two indexed queries however many rows there are, and the average of
the two middle values is the same median `percentile_cont` gives.
"""

import datetime

from django.db import connection
from django.db.models import Aggregate, Count, DurationField, Expression, QuerySet


class Median(Aggregate):
    function = "PERCENTILE_CONT"
    name = "Median"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = DurationField()


def median_duration(
    queryset: QuerySet, expression: Expression
) -> tuple[datetime.timedelta | None, int]:
    """The median of `expression` over `queryset`'s rows where it is not null, and how many."""
    rows = (
        queryset.annotate(duration_value=expression).filter(duration_value__isnull=False).order_by()
    )
    if connection.vendor == "postgresql":
        result = rows.aggregate(median=Median("duration_value"), n=Count("pk"))
        median = result["median"]
        return (_as_timedelta(median), result["n"])
    count = rows.count()
    if not count:
        return None, 0
    low = (count - 1) // 2
    middle = list(
        rows.order_by("duration_value").values_list("duration_value", flat=True)[low : low + 2]
    )
    if count % 2:
        return _as_timedelta(middle[0]), count
    return (_as_timedelta(middle[0]) + _as_timedelta(middle[1])) / 2, count


def _as_timedelta(value) -> datetime.timedelta | None:
    if value is None or isinstance(value, datetime.timedelta):
        return value
    return datetime.timedelta(microseconds=value)
