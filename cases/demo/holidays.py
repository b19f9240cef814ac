"""The demo school's holidays: those of region Zuid (the school is in Helmond), worked out
for any school year by the rules the published dates follow, and stored as rows the directie
edits on the holidays page like any other.

- herfstvakantie: the week of ISO week 43, from the Saturday before;
- kerstvakantie: two weeks from the Saturday before Christmas Day;
- voorjaarsvakantie: the carnival week (region Zuid), around the seventh Sunday before Easter;
- meivakantie: the week of King's Day (27 April), from the Saturday before;
- zomervakantie: six weeks from the day after the last school day;
- and the days off of Easter, Ascension (with the Friday after) and Whitsun.

For 2025-2026 and 2026-2027 these rules give the dates the government published for region Zuid.
"""

import datetime

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from accounts.models import User
from cases.models import Holiday, SchoolYear
from cases.school.services import holiday_create

DAY = datetime.timedelta(days=1)
SATURDAY = 5


def easter(year: int) -> datetime.date:
    """Easter Sunday (the anonymous Gregorian computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    ell = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 19 * ell) // 433
    month, day = divmod(h + ell - 7 * m + 90, 25)
    return datetime.date(year, month, (h + ell - 7 * m + 33 * month + 19) % 32)


def _saturday_before(day: datetime.date) -> datetime.date:
    """The Saturday on or before `day`."""
    return day - (day.weekday() - SATURDAY) % 7 * DAY


def holiday_dates(
    first_day: datetime.date, last_day: datetime.date
) -> list[tuple[str, datetime.date, datetime.date]]:
    """(name, first day, last day) of the school year that runs from `first_day` to `last_day`."""
    autumn, spring = first_day.year, last_day.year
    week_43 = datetime.date.fromisocalendar(autumn, 43, 1)
    christmas = _saturday_before(datetime.date(autumn, 12, 25) - DAY)
    carnival = _saturday_before(easter(spring) - 49 * DAY)
    may = _saturday_before(datetime.date(spring, 4, 27))
    summer = last_day + DAY
    return [
        (_("Autumn holiday"), week_43 - 2 * DAY, week_43 + 6 * DAY),
        (_("Christmas holiday"), christmas, christmas + 15 * DAY),
        (_("Spring holiday"), carnival, carnival + 8 * DAY),
        (_("Easter Monday"), easter(spring) + DAY, easter(spring) + DAY),
        (_("May holiday"), may, may + 8 * DAY),
        (_("Ascension Day"), easter(spring) + 39 * DAY, easter(spring) + 40 * DAY),
        (_("Whit Monday"), easter(spring) + 50 * DAY, easter(spring) + 50 * DAY),
        (_("Summer holiday"), summer, summer + 43 * DAY),
    ]


def ensure_holidays(school_year: SchoolYear, directie: User) -> int:
    """The year's holidays, unless it has some already (then they are the school's own)."""
    existing: QuerySet[Holiday] = Holiday.objects.filter(school_year=school_year)
    if existing.exists():
        return 0
    dates = holiday_dates(school_year.start_date, school_year.end_date)
    for name, start, end in dates:
        holiday_create(
            user=directie, school_year=school_year, name=name, start_date=start, end_date=end
        )
    return len(dates)
