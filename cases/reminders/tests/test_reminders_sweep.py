"""The sweep: which reminders are due when, for whom; weekends, holidays and escalation.

September 2026: Mon 14 .. Fri 18, Mon 21 .. Fri 25. Herfstvakantie Mon 19 .. Fri 23 October.
"""

import datetime
import threading
from unittest import mock

import pytest
import time_machine
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Role
from cases.models import Severity
from cases.reminders.models import Notification, Reminder, ReminderKind, ReminderStatus
from cases.reminders.rules import RULES_DEADLINES, reminders_due
from cases.reminders.services import reminders_create, reminders_hand_over, reminders_sweep
from cases.tests.reminders_support import (
    ActionPlanFactory,
    AgreementFactory,
    CaseFactory,
    HolidayFactory,
    ParentContactFactory,
    PlacementFactory,
    SuspensionFactory,
    at,
    d,
)
from protocol.models import ProtocolEvaluation
from tests.factories import IncidentFactory, SchoolYearFactory, UserFactory

pytestmark = pytest.mark.django_db

K = ReminderKind


@pytest.fixture
def sweep(django_capture_on_commit_callbacks, mailoutbox):
    def run(moment: datetime.datetime, rules=(RULES_DEADLINES,)):
        with (
            time_machine.travel(moment, tick=False),
            django_capture_on_commit_callbacks(execute=True),
        ):
            return reminders_sweep(now=timezone.now(), rules=rules)

    return run


@pytest.fixture
def case(teacher):
    return CaseFactory(teachers=[teacher])


def sent() -> set[tuple[str, str, datetime.date]]:
    return set(Reminder.objects.values_list("kind", "recipient__username", "due_on"))


# --- Evaluation of agreements -----------------------------------------------------------------


def test_it_reminds_the_teachers_on_the_school_day_before_an_evaluation(sweep, case, teacher):
    AgreementFactory(case=case, evaluate_on=d(2026, 9, 16))
    sweep(at(2026, 9, 14))
    assert sent() == set()
    sweep(at(2026, 9, 15))
    assert sent() == {(K.EVALUATION_UPCOMING, "juf.anna", d(2026, 9, 16))}


def test_the_day_before_a_monday_evaluation_is_the_friday(sweep, case):
    AgreementFactory(case=case, evaluate_on=d(2026, 9, 21))
    sweep(at(2026, 9, 18))
    assert sent() == {(K.EVALUATION_UPCOMING, "juf.anna", d(2026, 9, 21))}


def test_it_reminds_on_the_day_of_the_evaluation(sweep, case):
    AgreementFactory(case=case, evaluate_on=d(2026, 9, 16))
    sweep(at(2026, 9, 16, 7, 0))
    assert sent() == {(K.EVALUATION_TODAY, "juf.anna", d(2026, 9, 16))}


def test_it_reminds_once_when_the_evaluation_is_overdue(sweep, case):
    AgreementFactory(case=case, evaluate_on=d(2026, 9, 16))
    sweep(at(2026, 9, 17))
    sweep(at(2026, 9, 18))
    assert sent() == {(K.EVALUATION_OVERDUE, "juf.anna", d(2026, 9, 16))}


def test_several_agreements_due_the_same_day_make_one_reminder(sweep, case):
    AgreementFactory.create_batch(3, case=case, evaluate_on=d(2026, 9, 16))
    sweep(at(2026, 9, 16))
    assert Reminder.objects.count() == 1


def test_evaluated_or_ended_agreements_are_not_reminded(sweep, case):
    AgreementFactory(case=case, evaluate_on=d(2026, 9, 16), evaluated_on=d(2026, 9, 16))
    AgreementFactory(case=case, evaluate_on=d(2026, 9, 16), is_active=False)
    sweep(at(2026, 9, 17))
    assert sent() == set()


def test_a_closed_case_gets_no_reminders(sweep, teacher):
    case = CaseFactory(teachers=[teacher], state="closed")
    AgreementFactory(case=case, evaluate_on=d(2026, 9, 16))
    ParentContactFactory(case=case, follow_up_due=d(2026, 9, 16))
    ActionPlanFactory(case=case, period_end=d(2026, 9, 17))
    sweep(at(2026, 9, 16))
    assert sent() == set()


def test_it_escalates_to_the_ib_when_more_than_two_school_days_overdue(sweep, case, ib):
    AgreementFactory(case=case, evaluate_on=d(2026, 9, 14))
    sweep(at(2026, 9, 16))  # two school days overdue: not yet
    assert (K.EVALUATION_ESCALATED, "ib.carla", d(2026, 9, 14)) not in sent()
    sweep(at(2026, 9, 17))
    assert sent() == {
        (K.EVALUATION_OVERDUE, "juf.anna", d(2026, 9, 14)),
        (K.EVALUATION_ESCALATED, "ib.carla", d(2026, 9, 14)),
    }


def test_the_weekend_does_not_count_towards_the_escalation(sweep, case, ib):
    AgreementFactory(case=case, evaluate_on=d(2026, 9, 17))  # Thursday
    sweep(at(2026, 9, 21))  # Fri and Mon: two school days
    assert not Reminder.objects.filter(kind=K.EVALUATION_ESCALATED).exists()
    sweep(at(2026, 9, 22))
    assert Reminder.objects.filter(kind=K.EVALUATION_ESCALATED, recipient=ib).exists()


# --- Weekends and holidays --------------------------------------------------------------------


def test_nothing_is_reminded_on_a_weekend(sweep, case):
    AgreementFactory(case=case, evaluate_on=d(2026, 9, 17))
    sweep(at(2026, 9, 19))
    sweep(at(2026, 9, 20))
    assert sent() == set()
    sweep(at(2026, 9, 21, 8, 0))
    assert sent() == {(K.EVALUATION_OVERDUE, "juf.anna", d(2026, 9, 17))}


def test_nothing_is_reminded_in_a_holiday(sweep, case):
    HolidayFactory()
    AgreementFactory(case=case, evaluate_on=d(2026, 10, 15))
    sweep(at(2026, 10, 20))
    assert sent() == set()


def test_an_evaluation_in_a_holiday_moves_to_the_next_school_day(sweep, case):
    HolidayFactory()
    AgreementFactory(case=case, evaluate_on=d(2026, 10, 21))
    # The last school day before the moved deadline is the Friday before the holiday.
    sweep(at(2026, 10, 16))
    assert sent() == {(K.EVALUATION_UPCOMING, "juf.anna", d(2026, 10, 26))}
    sweep(at(2026, 10, 26))
    assert (K.EVALUATION_TODAY, "juf.anna", d(2026, 10, 26)) in sent()


def test_the_summer_between_two_school_years_is_no_school_day(sweep, case):
    SchoolYearFactory(name="2025-2026", start_date=d(2025, 8, 18), end_date=d(2026, 7, 10))
    SchoolYearFactory()  # 2026-08-17 .. 2027-07-09
    AgreementFactory(case=case, evaluate_on=d(2026, 7, 9))
    sweep(at(2026, 7, 28))
    assert sent() == set()
    sweep(at(2026, 8, 17))
    assert (K.EVALUATION_OVERDUE, "juf.anna", d(2026, 7, 9)) in sent()


def test_holiday_days_do_not_count_towards_the_escalation(sweep, case, ib):
    HolidayFactory()
    AgreementFactory(case=case, evaluate_on=d(2026, 10, 15))  # Thu before the holiday
    sweep(at(2026, 10, 26))  # Fri 16 and Mon 26: two school days
    assert not Reminder.objects.filter(kind=K.EVALUATION_ESCALATED).exists()
    sweep(at(2026, 10, 27))
    assert Reminder.objects.filter(kind=K.EVALUATION_ESCALATED, recipient=ib).exists()


def test_a_serious_case_escalates_on_a_weekend_but_reminds_no_teacher(sweep, teacher, ib):
    case = CaseFactory(teachers=[teacher], judged_serious=True)
    AgreementFactory(case=case, evaluate_on=d(2026, 9, 16))
    sweep(at(2026, 9, 19, 9, 0))  # Saturday: three days overdue
    assert sent() == {(K.EVALUATION_ESCALATED, "ib.carla", d(2026, 9, 16))}
    assert Reminder.objects.get().urgent


def test_a_serious_case_escalates_in_a_holiday(sweep, teacher, ib):
    HolidayFactory()
    case = CaseFactory(teachers=[teacher], judged_serious=True)
    AgreementFactory(case=case, evaluate_on=d(2026, 10, 16))  # Friday before the holiday
    sweep(at(2026, 10, 18))
    assert sent() == set()
    sweep(at(2026, 10, 19))
    assert sent() == {(K.EVALUATION_ESCALATED, "ib.carla", d(2026, 10, 16))}


def test_a_light_case_does_not_escalate_in_a_holiday(sweep, case, ib):
    HolidayFactory()
    AgreementFactory(case=case, evaluate_on=d(2026, 10, 14))
    sweep(at(2026, 10, 22))
    assert sent() == set()


# --- Registration -----------------------------------------------------------------------------


def test_an_unverified_incident_is_overdue_24_hours_after_the_report(sweep, teacher):
    IncidentFactory(registered_by=teacher, reported_at=at(2026, 9, 14, 9, 0))
    sweep(at(2026, 9, 15, 8, 59))
    assert sent() == set()
    sweep(at(2026, 9, 15, 9, 0))
    assert sent() == {(K.REGISTRATION_OVERDUE, "juf.anna", d(2026, 9, 15))}


def test_a_verified_incident_needs_no_reminder(sweep, teacher):
    IncidentFactory(
        registered_by=teacher,
        reported_at=at(2026, 9, 14, 9, 0),
        verified_at=at(2026, 9, 14, 15, 0),
    )
    sweep(at(2026, 9, 16))
    assert sent() == set()


def test_an_overdue_registration_escalates_to_the_ib(sweep, teacher, ib):
    IncidentFactory(registered_by=teacher, reported_at=at(2026, 9, 14, 9, 0))
    sweep(at(2026, 9, 18))  # due Tue 15; Wed, Thu, Fri overdue
    assert sent() == {
        (K.REGISTRATION_OVERDUE, "juf.anna", d(2026, 9, 15)),
        (K.REGISTRATION_ESCALATED, "ib.carla", d(2026, 9, 15)),
    }


def test_a_serious_incident_escalates_on_a_weekend(sweep, teacher, ib):
    IncidentFactory(
        registered_by=teacher, reported_at=at(2026, 9, 16, 9, 0), severity=Severity.SERIOUS
    )
    sweep(at(2026, 9, 20))  # Sunday, three days after the deadline
    assert sent() == {(K.REGISTRATION_ESCALATED, "ib.carla", d(2026, 9, 17))}


def test_a_reminder_for_a_teacher_who_left_goes_to_the_ib(sweep, ib):
    gone = UserFactory(username="oud.collega", is_active=False, roles=[Role.TEACHER])
    IncidentFactory(registered_by=gone, reported_at=at(2026, 9, 14, 9, 0))
    sweep(at(2026, 9, 15, 10, 0))
    assert sent() == {(K.REGISTRATION_OVERDUE, "ib.carla", d(2026, 9, 15))}


# --- Parents, action plans, placements and suspensions ----------------------------------------


def test_the_parent_follow_up_is_reminded_when_due_and_escalated(sweep, case, ib):
    ParentContactFactory(case=case, follow_up_due=d(2026, 9, 15))
    sweep(at(2026, 9, 14))
    assert sent() == set()
    sweep(at(2026, 9, 15))
    assert sent() == {(K.FOLLOW_UP_DUE, "juf.anna", d(2026, 9, 15))}
    sweep(at(2026, 9, 18))
    assert (K.FOLLOW_UP_ESCALATED, "ib.carla", d(2026, 9, 15)) in sent()


def test_a_done_parent_follow_up_is_not_reminded(sweep, case):
    ParentContactFactory(case=case, follow_up_due=d(2026, 9, 15), follow_up_done_on=d(2026, 9, 14))
    sweep(at(2026, 9, 18))
    assert sent() == set()


def test_the_end_of_an_action_plan_is_told_to_teachers_and_ib(sweep, case, ib):
    ActionPlanFactory(case=case, period_end=d(2026, 9, 25))
    sweep(at(2026, 9, 23))
    assert sent() == set()
    sweep(at(2026, 9, 24))
    assert sent() == {
        (K.ACTION_PLAN_ENDING, "juf.anna", d(2026, 9, 25)),
        (K.ACTION_PLAN_ENDING, "ib.carla", d(2026, 9, 25)),
    }


def test_an_action_plan_that_ended_is_not_announced_afterwards(sweep, case, ib):
    ActionPlanFactory(case=case, period_end=d(2026, 9, 25))
    sweep(at(2026, 9, 28))
    assert sent() == set()


def test_the_end_of_a_placement_and_a_suspension_are_told_to_teachers_and_directie(
    sweep, case, directie
):
    PlacementFactory(case=case, end_date=d(2026, 9, 21))
    SuspensionFactory(case=case, end_date=d(2026, 9, 21))
    sweep(at(2026, 9, 18))
    assert sent() == {
        (K.PLACEMENT_ENDING, "juf.anna", d(2026, 9, 21)),
        (K.PLACEMENT_ENDING, "dir.esther", d(2026, 9, 21)),
        (K.SUSPENSION_ENDING, "juf.anna", d(2026, 9, 21)),
        (K.SUSPENSION_ENDING, "dir.esther", d(2026, 9, 21)),
    }


# --- Recipients -------------------------------------------------------------------------------


def test_a_case_without_teachers_is_reminded_to_the_ib(sweep, ib):
    AgreementFactory(case=CaseFactory(), evaluate_on=d(2026, 9, 16))
    sweep(at(2026, 9, 16))
    assert sent() == {(K.EVALUATION_TODAY, "ib.carla", d(2026, 9, 16))}


def test_without_an_ib_the_escalation_goes_to_directie(sweep, case, directie):
    AgreementFactory(case=case, evaluate_on=d(2026, 9, 14))
    sweep(at(2026, 9, 17))
    assert (K.EVALUATION_ESCALATED, "dir.esther", d(2026, 9, 14)) in sent()


def test_every_teacher_of_the_case_is_reminded(sweep, teacher, other_teacher):
    case = CaseFactory(teachers=[teacher, other_teacher])
    AgreementFactory(case=case, evaluate_on=d(2026, 9, 16))
    sweep(at(2026, 9, 16))
    assert {username for _, username, _ in sent()} == {"juf.anna", "meester.bram"}


# --- Digest and yearly reminders --------------------------------------------------------------


def test_the_weekly_digest_is_made_on_monday_at_half_past_seven(sweep, ib, directie):
    sweep(at(2026, 9, 14, 7, 29), rules=["digest"])
    assert sent() == set()
    sweep(at(2026, 9, 14, 7, 30), rules=["digest"])
    assert sent() == {
        (K.WEEKLY_DIGEST, "ib.carla", d(2026, 9, 14)),
        (K.WEEKLY_DIGEST, "dir.esther", d(2026, 9, 14)),
    }
    sweep(at(2026, 9, 16), rules=["digest"])
    assert Reminder.objects.count() == 2


def test_a_missed_digest_is_made_later_that_week(sweep, ib):
    sweep(at(2026, 9, 15, 10, 0), rules=["digest"])
    assert sent() == {(K.WEEKLY_DIGEST, "ib.carla", d(2026, 9, 14))}


def test_the_digest_waits_for_the_first_school_day_of_the_week(sweep, ib):
    HolidayFactory(name="Tweede paasdag", start_date=d(2027, 3, 29), end_date=d(2027, 3, 29))
    sweep(at(2027, 3, 29, 8, 0), rules=["digest"])
    assert sent() == set()
    sweep(at(2027, 3, 30, 7, 15), rules=["digest"])
    assert sent() == set()
    sweep(at(2027, 3, 30, 7, 30), rules=["digest"])
    assert sent() == {(K.WEEKLY_DIGEST, "ib.carla", d(2027, 3, 30))}


def test_there_is_no_digest_in_a_holiday_week(sweep, ib):
    HolidayFactory()
    sweep(at(2026, 10, 19, 8, 0), rules=["digest"])
    sweep(at(2026, 10, 22, 8, 0), rules=["digest"])
    assert sent() == set()


def test_someone_who_is_ib_and_directie_gets_one_digest(sweep):
    UserFactory(username="ib.en.dir", roles=[Role.IB, Role.DIRECTIE])
    sweep(at(2026, 9, 14, 8, 0), rules=["digest"])
    assert sent() == {(K.WEEKLY_DIGEST, "ib.en.dir", d(2026, 9, 14))}


def test_the_safety_monitor_is_reminded_to_the_coordinator_once_a_year(
    sweep, coordinator, settings
):
    settings.SAFETY_MONITOR_REMIND_ON = "01-03"
    sweep(at(2027, 2, 26), rules=["yearly"])
    assert sent() == set()
    sweep(at(2027, 3, 1), rules=["yearly"])
    sweep(at(2027, 3, 2), rules=["yearly"])
    assert sent() == {(K.SAFETY_MONITOR, "coord.iris", d(2027, 3, 1))}
    sweep(at(2028, 3, 1), rules=["yearly"])
    assert (K.SAFETY_MONITOR, "coord.iris", d(2028, 3, 1)) in sent()


def test_the_protocol_evaluation_is_reminded_every_four_years(sweep, coordinator, settings):
    settings.PROTOCOL_EVALUATED_IN = 2026
    settings.PROTOCOL_EVALUATION_REMIND_ON = "01-06"
    for year in (2027, 2028, 2029):
        sweep(at(year, 6, 3), rules=["yearly"])
    assert not Reminder.objects.filter(kind=K.PROTOCOL_EVALUATION).exists()
    sweep(at(2030, 6, 3), rules=["yearly"])  # 1 June 2030 is a Saturday: due Monday 3 June
    assert (K.PROTOCOL_EVALUATION, "coord.iris", d(2030, 6, 3)) in sent()


def test_a_recorded_protocol_evaluation_sets_the_next_reminder(sweep, coordinator, settings):
    settings.PROTOCOL_EVALUATED_IN = 2026  # would remind in 2030; the record says otherwise
    ProtocolEvaluation.objects.create(
        evaluated_on=d(2027, 1, 15),
        outcome="Herzien: digitaal pesten uitgebreid.",
        next_due=d(2031, 1, 15),
        recorded_by=coordinator,
    )
    sweep(at(2030, 6, 3), rules=["yearly"])
    assert not Reminder.objects.filter(kind=K.PROTOCOL_EVALUATION).exists()
    sweep(at(2031, 1, 15), rules=["yearly"])
    assert (K.PROTOCOL_EVALUATION, "coord.iris", d(2031, 1, 15)) in sent()


def test_a_yearly_reminder_missed_by_more_than_a_month_is_not_sent(sweep, coordinator, settings):
    settings.SAFETY_MONITOR_REMIND_ON = "01-03"
    sweep(at(2027, 4, 5), rules=["yearly"])
    assert sent() == set()


def test_a_misconfigured_yearly_date_skips_only_that_reminder(sweep, coordinator, case, settings):
    settings.SAFETY_MONITOR_REMIND_ON = "first of March"
    AgreementFactory(case=case, evaluate_on=d(2027, 3, 1))
    sweep(at(2027, 3, 1))
    assert sent() == {(K.EVALUATION_TODAY, "juf.anna", d(2027, 3, 1))}


# --- Rows, notifications, idempotency ----------------------------------------------------------


def test_every_reminder_appears_in_the_app(sweep, case, teacher):
    AgreementFactory(case=case, evaluate_on=d(2026, 9, 16))
    sweep(at(2026, 9, 16))
    notification = Notification.objects.get()
    assert notification.recipient == teacher
    assert notification.kind == K.EVALUATION_TODAY
    assert notification.case == case
    assert notification.read_at is None


def test_running_the_sweep_twice_sends_each_reminder_once(sweep, case, ib, mailoutbox):
    AgreementFactory(case=case, evaluate_on=d(2026, 9, 14))
    sweep(at(2026, 9, 17, 10, 0))
    sweep(at(2026, 9, 17, 10, 15))
    assert Reminder.objects.count() == 2
    assert Notification.objects.count() == 2
    assert sorted(m.to[0] for m in mailoutbox) == ["ib.carla@example.test", "juf.anna@example.test"]
    assert set(Reminder.objects.values_list("status", flat=True)) == {ReminderStatus.SENT}


def test_a_sweep_interleaved_with_another_creates_and_sends_each_reminder_once(
    case, ib, mailoutbox, django_capture_on_commit_callbacks
):
    """Sweep A reads what is due, sweep B runs whole, then A writes: as two processes would."""
    AgreementFactory(case=case, evaluate_on=d(2026, 9, 14))
    with time_machine.travel(at(2026, 9, 17), tick=False):
        now = timezone.now()
        dues_a, _ = reminders_due(now=now, rules=[RULES_DEADLINES])
        with django_capture_on_commit_callbacks(execute=True):
            result_b = reminders_sweep(now=now, rules=[RULES_DEADLINES])
        created_a = reminders_create(dues=dues_a, now=now)
        reminders_hand_over(result_b.enqueued_ids)  # A hands the same rows over again
    assert created_a == 0
    assert Reminder.objects.count() == 2
    assert Notification.objects.count() == 2
    assert len(mailoutbox) == 2


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="two connections at once need PostgreSQL"
)
@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_create_and_send_each_reminder_once(teacher, ib, mailoutbox):
    """Two threads, two connections: both read what is due before either writes."""
    case = CaseFactory(teachers=[teacher])
    AgreementFactory(case=case, evaluate_on=d(2026, 9, 14))
    barrier = threading.Barrier(2, timeout=10)
    errors: list[BaseException] = []
    results = []

    def due_then_wait(**kwargs):
        found = reminders_due(**kwargs)
        barrier.wait()
        return found

    def sweep_in_thread() -> None:
        try:
            results.append(reminders_sweep(now=at(2026, 9, 17), rules=[RULES_DEADLINES]))
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    with mock.patch("cases.reminders.services.reminders_due", side_effect=due_then_wait):
        threads = [threading.Thread(target=sweep_in_thread) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
    assert errors == []
    assert len(results) == 2
    assert Reminder.objects.count() == 2
    assert Notification.objects.count() == 2
    assert sorted(message.to[0] for message in mailoutbox) == [
        "ib.carla@example.test",
        "juf.anna@example.test",
    ]
    assert set(Reminder.objects.values_list("status", flat=True)) == {ReminderStatus.SENT}


def test_storing_the_same_reminders_twice_creates_no_duplicates(case, ib):
    AgreementFactory(case=case, evaluate_on=d(2026, 9, 14))
    with time_machine.travel(at(2026, 9, 17), tick=False):
        dues, _ = reminders_due(now=timezone.now(), rules=[RULES_DEADLINES])
        assert reminders_create(dues=dues, now=timezone.now()) == 2
        assert reminders_create(dues=dues, now=timezone.now()) == 0
    assert Reminder.objects.count() == 2
    assert Notification.objects.count() == 2


def test_the_sweep_makes_the_same_number_of_queries_for_one_or_many_deadlines(
    teacher, other_teacher, ib, directie
):
    def deadlines(count: int) -> None:
        for _ in range(count):
            case = CaseFactory(teachers=[teacher, other_teacher])
            AgreementFactory(case=case, evaluate_on=d(2026, 9, 14))
            ParentContactFactory(case=case, follow_up_due=d(2026, 9, 14))
            ActionPlanFactory(case=case, period_end=d(2026, 9, 18))
            PlacementFactory(case=case, end_date=d(2026, 9, 18))
            SuspensionFactory(case=case, end_date=d(2026, 9, 18))
            IncidentFactory(registered_by=teacher, reported_at=at(2026, 9, 14, 9, 0))

    def count_queries(moment: datetime.datetime) -> int:
        with time_machine.travel(moment, tick=False), CaptureQueriesContext(connection) as ctx:
            result = reminders_sweep(now=timezone.now(), rules=[RULES_DEADLINES])
        assert result.created
        return len(ctx.captured_queries)

    deadlines(1)
    one = count_queries(at(2026, 9, 17))
    Reminder.objects.all().delete()
    deadlines(2)  # three cases in all: SQLite inserts at most 999 parameters per batch
    many = count_queries(at(2026, 9, 17))
    assert many == one
