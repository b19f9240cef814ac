"""`demo_seed`: the whole demo school in one transaction, found again on a second run."""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from cases.demo.casework import create_cases
from cases.demo.holidays import ensure_holidays
from cases.demo.incidents import create_incidents
from cases.demo.pupils import ensure_pupils
from cases.demo.school import SCHOOL_CITY, SCHOOL_NAME, ensure_groups, school_year_dates
from cases.demo.staff import STAFF, StaffAccount, ensure_staff
from cases.models import Case, Incident, School, SchoolYear
from cases.visibility.permissions import visibility_sync
from protocol.services import protocol_data_load


@dataclass
class DemoResult:
    school: School
    school_year: SchoolYear
    created: dict[str, int]
    accounts: list[StaffAccount]


@transaction.atomic
def demo_seed() -> DemoResult:
    """Create the demo school, its staff and pupils, its holidays, a year of incidents and a
    few cases in different steps (idempotent)."""
    protocol_data_load()
    today = timezone.localdate()

    school, school_created = School.objects.get_or_create(
        name=SCHOOL_NAME, defaults={"city": SCHOOL_CITY}
    )
    name, first_day, last_day = school_year_dates(today)
    school_year, year_created = SchoolYear.objects.get_or_create(
        school=school, name=name, defaults={"start_date": first_day, "end_date": last_day}
    )
    groups, groups_created = ensure_groups(school)
    pupils_created = ensure_pupils(school, groups, school_year.start_date, today)
    users, users_created = ensure_staff(groups)
    holidays_created = ensure_holidays(school_year, users["directie"])

    incidents_created = cases_created = 0
    if not Incident.objects.filter(involvements__pupil__school=school).exists():
        incidents_created = create_incidents(school, groups, users, school_year.start_date)
    # Who sees what follows from the staff, groups and incidents just made.
    visibility_sync()
    if incidents_created and not Case.objects.exists():
        cases_created = create_cases(school, users)

    return DemoResult(
        school=school,
        school_year=school_year,
        created={
            "schools": int(school_created),
            "school_years": int(year_created),
            "groups": groups_created,
            "pupils": pupils_created,
            "users": users_created,
            "incidents": incidents_created,
            "holidays": holidays_created,
            "cases": cases_created,
        },
        accounts=STAFF,
    )
