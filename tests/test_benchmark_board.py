"""scripts/board/: the school `make bench` measures on holds together.

The benchmark itself is not part of the test suite (it measures speed); these tests only
keep its generated school in step with the models, at a tiny scale.
"""

from datetime import datetime

import pytest
import time_machine
from django.db.models import F

from accounts.models import Role
from cases.models import (
    ActionPlan,
    Agreement,
    Case,
    CaseDeadline,
    Consent,
    Conversation,
    Incident,
    ParentContact,
    ParentMeeting,
    Placement,
    Suspension,
    TeamNotice,
)
from cases.reminders.models import Reminder
from cases.stappenplan.facts import case_facts
from cases.stappenplan.timeline import case_timeline
from protocol.calendar import AMSTERDAM
from protocol.stappenplan import CaseState
from scripts.board import Sizes, school_build

pytestmark = pytest.mark.django_db

TEST_SCALE = 0.002  # 200 incidents, 40 cases, eight groups

RECORDS = (
    Conversation,
    Agreement,
    ParentContact,
    TeamNotice,
    ActionPlan,
    ParentMeeting,
    Consent,
    Placement,
    Suspension,
)


@pytest.fixture
def school():
    return school_build(scale=TEST_SCALE)


def test_every_case_is_in_the_step_its_last_step_change_led_to(school):
    cases = Case.objects.prefetch_related("transitions")
    assert cases.count() >= 10
    for case in cases:
        *_, last = case.transitions.all()
        assert last.to_state == case.state, case.pk


def test_the_next_deadline_of_every_case_is_its_earliest_open_deadline(school):
    for case in Case.objects.all():
        first = (
            CaseDeadline.objects.filter(case=case, resolved_at__isnull=True)
            .order_by("due_on")
            .first()
        )
        assert case.next_deadline == (first.due_on if first else None), case.pk
    assert not CaseDeadline.objects.filter(
        case__state=CaseState.CLOSED, resolved_at__isnull=True
    ).exists()


def test_every_record_belongs_to_a_step_change_of_its_own_case(school):
    for model in RECORDS:
        assert not model.objects.exclude(stage__case=F("case")).exists(), model.__name__


def test_every_case_reads_as_facts_and_a_timeline(school):
    for case in Case.objects.all():
        facts = case_facts(case)
        assert facts.classified_as_bullying
        assert facts.bully_count >= 1 and facts.victim_count >= 1
        assert case_timeline(case)


def test_the_measured_users_case_and_incident_are_what_the_benchmark_expects(school):
    assert school.teacher.has_role(Role.TEACHER)
    assert school.teacher.teaching_groups.filter(pk=school.filter_group_id).exists()
    assert school.ib.has_role(Role.IB)
    assert school.directie.has_role(Role.DIRECTIE)
    assert school.confidant.has_role(Role.CONFIDANT)
    showcase = Case.objects.get(pk=school.showcase_case_id)
    assert showcase.state == CaseState.STEP_8
    assert showcase.teachers.filter(pk=school.teacher.pk).exists()
    detail = Incident.objects.get(pk=school.detail_incident_id)
    assert detail.case_id == showcase.pk
    assert detail.attachments.exists()


def test_the_measured_teacher_sees_what_the_services_would_have_let_her_see(school):
    from cases.incidents.selectors import incidents_visible_to
    from cases.stappenplan.selectors import cases_visible_to

    assert cases_visible_to(school.teacher).filter(pk=school.showcase_case_id).exists()
    assert incidents_visible_to(school.teacher).filter(pk=school.detail_incident_id).exists()
    # Not everything: the school's other groups stay out of her sight.
    assert incidents_visible_to(school.teacher).count() < Incident.objects.count()


def test_some_cases_went_through_the_services_with_their_reminders(school):
    # The services stamp records with the time they were made; bulk rows carry none of
    # their own, so the reminders of the service-made cases are the sign.
    assert Reminder.objects.filter(case__isnull=False).exists()
    assert Case.objects.filter(opened_by=school.teacher).exists()


@pytest.mark.parametrize(
    "moment",
    [
        datetime(2027, 7, 25, 21, 0, tzinfo=AMSTERDAM),  # a Sunday in the summer holiday
        datetime(2026, 8, 17, 7, 0, tzinfo=AMSTERDAM),  # before the first lesson of a year
    ],
)
def test_the_school_can_be_built_on_any_day(moment):
    with time_machine.travel(moment, tick=False):
        school_build(scale=TEST_SCALE)
        for case in Case.objects.prefetch_related("transitions"):
            *_, last = case.transitions.all()
            assert last.to_state == case.state
            assert all(t.at <= moment for t in case.transitions.all())
        assert not Incident.objects.filter(reported_at__gt=moment).exists()


def test_scale_one_is_a_board_and_the_measured_case_is_the_same_at_every_scale():
    board, school = Sizes.for_scale(1), Sizes.for_scale(0.1)
    assert (board.pupils, board.incidents, board.cases) == (10_000, 100_000, 20_000)
    assert board.groups == 400 and board.pupils / board.groups == 25
    assert board.schools == 10 and school.schools == 1
    assert (school.pupils, school.incidents, school.cases) == (1_000, 10_000, 2_000)
    assert board.showcase_rounds == school.showcase_rounds
    assert board.showcase_incidents == school.showcase_incidents
    assert board.detail_pupils == school.detail_pupils


def test_a_teacher_teaches_one_or_two_groups(school):
    from django.db.models import Count

    from cases.models import SchoolGroup

    per_teacher = SchoolGroup.teachers.through.objects.values("user").annotate(
        n=Count("schoolgroup")
    )
    assert {row["n"] for row in per_teacher} == {1, 2}


def test_the_incidents_span_five_school_years(school):
    from django.db.models import Max, Min

    span = Incident.objects.aggregate(first=Min("occurred_on"), last=Max("occurred_on"))
    assert (span["last"] - span["first"]).days > 3 * 365
