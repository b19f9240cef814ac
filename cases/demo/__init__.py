"""Demo data: a school with groups, pupils, staff accounts per role and a year of incidents.

Everything is fictional. The names come from a seeded random generator, so a rerun makes
the same school; every row is found again by its natural key (username, group name, student
number), and incidents are only made for a school that has none, so a second run changes
nothing.

- `school.py`: the school, its school year and its groups;
- `pupils.py`: the pupils and the names they are drawn from;
- `staff.py`: one account per role and the demo password;
- `scenarios.py`: the kinds of incident the demo draws from;
- `incidents.py`: a year of incidents over the school days so far;
- `seed.py`: `demo_seed`, all of it in one transaction.
"""

from cases.demo.incidents import INCIDENT_COUNT, INCIDENTS_PER_GROUP, LATE_COUNT
from cases.demo.pupils import FIRST_NAMES, FIRST_STUDENT_NUMBER, LEFT_PUPILS, SURNAMES
from cases.demo.scenarios import SCENARIOS, Scenario
from cases.demo.school import DEMO_SEED, GROUPS, SCHOOL_CITY, SCHOOL_NAME, school_year_dates
from cases.demo.seed import DemoResult, demo_seed
from cases.demo.staff import DEMO_PASSWORD, STAFF, StaffAccount

__all__ = [
    "DEMO_PASSWORD",
    "DEMO_SEED",
    "FIRST_NAMES",
    "FIRST_STUDENT_NUMBER",
    "GROUPS",
    "INCIDENTS_PER_GROUP",
    "INCIDENT_COUNT",
    "LATE_COUNT",
    "LEFT_PUPILS",
    "SCENARIOS",
    "SCHOOL_CITY",
    "SCHOOL_NAME",
    "STAFF",
    "SURNAMES",
    "DemoResult",
    "Scenario",
    "StaffAccount",
    "demo_seed",
    "school_year_dates",
]
