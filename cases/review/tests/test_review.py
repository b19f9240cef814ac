"""Recording reviews, the weeks still waiting for one (Mijn werk), and repeated involvement."""

from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied

from cases.models import Incident, IncidentReview, WeekReview
from cases.review.selectors import (
    repeat_involvement,
    repeat_window,
    week_reviews,
    weeks_awaiting_review,
)
from cases.review.services import incident_review_record, week_review_record
from cases.review.weeks import Week
from protocol.calendar import AMSTERDAM, SchoolCalendar
from tests.factories import IncidentFactory, InvolvementFactory

pytestmark = pytest.mark.django_db

WEEK = Week(date(2027, 3, 15))
NO_HOLIDAYS = SchoolCalendar()
SPRING_BREAK = SchoolCalendar([(date(2027, 2, 15), date(2027, 2, 19))])


def test_ib_and_directie_both_review_a_week_and_both_reviews_are_kept(ib, directie):
    week_review_record(week=WEEK, reviewed_by=ib, note="Twee late registraties besproken.")
    week_review_record(week=WEEK, reviewed_by=directie)

    reviews = list(week_reviews(WEEK))
    assert {review.reviewed_by for review in reviews} == {ib, directie}
    assert WeekReview.history.count() == 2


@pytest.mark.parametrize("actor", ["teacher", "coordinator", "confidant"])
def test_only_ib_and_directie_review(actor, request):
    user = request.getfixturevalue(actor)

    with pytest.raises(PermissionDenied):
        week_review_record(week=WEEK, reviewed_by=user)
    with pytest.raises(PermissionDenied):
        incident_review_record(incident=IncidentFactory(), reviewed_by=user)


def test_a_registration_is_reviewed_once_per_reviewer(ib):
    incident = IncidentFactory()

    first = incident_review_record(incident=incident, reviewed_by=ib)
    again = incident_review_record(incident=incident, reviewed_by=ib)

    assert first == again
    assert IncidentReview.objects.count() == 1
    assert IncidentReview.history.count() == 1


def _now(day: date, hour: int = 12) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=AMSTERDAM)


def test_a_week_not_reviewed_by_its_friday_waits_in_mijn_werk(ib):
    friday = WEEK.friday

    assert WEEK not in weeks_awaiting_review(ib, now=_now(friday, 23), calendar=NO_HOLIDAYS)
    waiting = weeks_awaiting_review(ib, now=_now(friday + timedelta(days=1)), calendar=NO_HOLIDAYS)
    assert waiting[0] == WEEK

    week_review_record(week=WEEK, reviewed_by=ib)

    waiting = weeks_awaiting_review(ib, now=_now(friday + timedelta(days=1)), calendar=NO_HOLIDAYS)
    assert WEEK not in waiting


def test_a_holiday_week_never_waits_for_a_review(ib):
    waiting = weeks_awaiting_review(ib, now=_now(date(2027, 2, 22)), calendar=SPRING_BREAK)

    assert Week(date(2027, 2, 15)) not in waiting
    assert waiting[0] == Week(date(2027, 2, 8))


def test_nobody_but_ib_and_directie_has_weeks_to_review(teacher, coordinator):
    for user in (teacher, coordinator):
        assert weeks_awaiting_review(user, now=_now(date(2027, 3, 24)), calendar=NO_HOLIDAYS) == []


def _incidents_of(pupil, days: list[date]) -> None:
    for day in days:
        InvolvementFactory(incident=IncidentFactory(occurred_on=day), pupil=pupil, role="bully")


def _repeated(calendar) -> list[int]:
    first, last = repeat_window(WEEK, calendar)
    rows = repeat_involvement(Incident.objects.all(), first=first, last=last)
    return [row["pupil_id"] for row in rows]


def test_three_incidents_count_as_repeated_and_two_do_not(pupil_5, pupil_7):
    _incidents_of(pupil_5, [date(2027, 2, 1), date(2027, 3, 1), date(2027, 3, 19)])
    _incidents_of(pupil_7, [date(2027, 3, 1), date(2027, 3, 19)])

    assert _repeated(NO_HOLIDAYS) == [pupil_5.pk]


def test_eight_school_weeks_reach_further_back_over_a_holiday(pupil_5):
    # 18 January lies nine calendar weeks back: inside only when a holiday week is skipped.
    _incidents_of(pupil_5, [date(2027, 1, 18), date(2027, 3, 1), date(2027, 3, 19)])

    assert _repeated(NO_HOLIDAYS) == []
    assert _repeated(SPRING_BREAK) == [pupil_5.pk]


def test_the_thresholds_are_settings(settings, pupil_5):
    settings.REPEAT_INVOLVEMENT_INCIDENTS = 2
    _incidents_of(pupil_5, [date(2027, 3, 1), date(2027, 3, 19)])

    assert _repeated(NO_HOLIDAYS) == [pupil_5.pk]
