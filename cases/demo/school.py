"""The demo school itself: its name, its school year and its groups."""

import datetime

from cases.models import School, SchoolGroup

# The seed of every random draw, so that a rerun makes the same school.
DEMO_SEED = 20260817
SCHOOL_NAME = "Kindcentrum Mozaïek"
SCHOOL_CITY = "Helmond"

# (name, order, number of pupils): 200 pupils in all.
GROUPS: list[tuple[str, int, int]] = [
    ("groep 1/2a", 1, 24),
    ("groep 1/2b", 2, 23),
    ("groep 3", 3, 26),
    ("groep 4", 4, 25),
    ("groep 5", 5, 27),
    ("groep 6", 6, 24),
    ("groep 7", 7, 26),
    ("groep 8", 8, 25),
]


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> datetime.date:
    first = datetime.date(year, month, 1)
    offset = (weekday - first.weekday()) % 7
    return first + datetime.timedelta(days=offset + 7 * (n - 1))


def school_year_dates(today: datetime.date) -> tuple[str, datetime.date, datetime.date]:
    """The school year that `today` falls in: 1 August starts a new one.

    Lessons start on the third Monday of August and end on the second Friday of July,
    close to the regional dates of the south of the Netherlands.
    """
    start_year = today.year if today.month >= 8 else today.year - 1
    name = f"{start_year}-{start_year + 1}"
    first_day = _nth_weekday(start_year, 8, 0, 3)
    last_day = _nth_weekday(start_year + 1, 7, 4, 2)
    return name, first_day, last_day


def ensure_groups(school: School) -> tuple[dict[str, SchoolGroup], int]:
    existing = set(SchoolGroup.objects.filter(school=school).values_list("name", flat=True))
    new = [
        SchoolGroup(school=school, name=name, order=order)
        for name, order, _size in GROUPS
        if name not in existing
    ]
    SchoolGroup.objects.bulk_create(new)
    groups = {group.name: group for group in SchoolGroup.objects.filter(school=school)}
    return groups, len(new)
