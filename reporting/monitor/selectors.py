"""The monitor results the trends page and the yearly report show."""

from django.db.models import Q, QuerySet

from reporting.monitor.models import MonitorResult
from reporting.trends.scope import Scope


def monitor_results_for(scope: Scope) -> QuerySet[MonitorResult]:
    """The year's results: of the chosen group and the whole school, or of every group."""
    results = MonitorResult.objects.filter(school_year=scope.year).select_related(
        "group", "instrument"
    )
    if scope.group is not None:
        results = results.filter(Q(group=scope.group) | Q(group__isnull=True))
    return results.order_by("group__order", "group__name", "instrument__order", "measured_on")
