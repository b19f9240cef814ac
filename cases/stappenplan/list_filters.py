"""Named filters on the open cases list, as the weekoverzicht's "meer" links use them."""

from datetime import date

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from cases.stappenplan.models import Case, Placement, Suspension
from protocol.stappenplan import CaseState

CASE_FILTERS = {
    "verlopen": _("Overdue deadline"),
    "stap-6-8": _("In steps 6 to 8"),
    "ernstig": _("Judged serious"),
    "maatregel": _("Placement or suspension in force"),
}


def cases_filtered(cases: QuerySet[Case], name: str, today: date) -> QuerySet[Case]:
    """`cases` narrowed by the filter called `name`; unknown names change nothing."""
    if name == "verlopen":
        return cases.filter(next_deadline__lt=today)
    if name == "stap-6-8":
        return cases.filter(state__in=[CaseState.STEP_6, CaseState.STEP_7, CaseState.STEP_8])
    if name == "ernstig":
        return cases.filter(judged_serious=True)
    if name == "maatregel":
        in_force = {"case": OuterRef("pk"), "start_date__lte": today, "end_date__gte": today}
        return cases.filter(
            Q(Exists(Placement.objects.filter(**in_force)))
            | Q(Exists(Suspension.objects.filter(**in_force)))
        )
    return cases
