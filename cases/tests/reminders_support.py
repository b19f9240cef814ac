"""Factories and helpers for the reminder tests (kept here so as not to collide with the
factories other features add to tests/factories.py)."""

import datetime
import zoneinfo

import factory
from django.utils import timezone

from cases.school.models import Holiday
from cases.stappenplan.models import (
    ActionPlan,
    Agreement,
    Case,
    ParentContact,
    Placement,
    Suspension,
)
from tests.factories import PupilFactory, SchoolYearFactory, UserFactory

AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")


def at(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime.datetime:
    """A moment in Amsterdam time."""
    return datetime.datetime(year, month, day, hour, minute, tzinfo=AMS)


def d(year: int, month: int, day: int) -> datetime.date:
    return datetime.date(year, month, day)


class CaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Case
        skip_postgeneration_save = True

    state = "step_2"
    opened_at = factory.LazyFunction(timezone.now)
    opened_by = factory.SubFactory(UserFactory)
    judged_serious = False

    @factory.post_generation
    def teachers(self, create, extracted, **kwargs):
        if create and extracted:
            self.teachers.set(extracted)


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    case = factory.SubFactory(CaseFactory)
    pupil = factory.SubFactory(PupilFactory)
    text = "Sem laat Lotte met rust in de pauze."
    made_on = datetime.date(2026, 9, 7)
    evaluate_on = datetime.date(2026, 9, 14)
    created_by = factory.SubFactory(UserFactory)


class ParentContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ParentContact

    case = factory.SubFactory(CaseFactory)
    pupil = factory.SubFactory(PupilFactory)
    contacted_on = datetime.date(2026, 9, 8)
    channel = "phone"
    summary = "Moeder van Lotte gebeld over de afspraken."
    follow_up_due = datetime.date(2026, 9, 15)
    created_by = factory.SubFactory(UserFactory)


class ActionPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionPlan

    case = factory.SubFactory(CaseFactory)
    period_start = datetime.date(2026, 9, 14)
    period_end = datetime.date(2026, 9, 25)
    analysis = "De afspraken werden in de pauze niet nagekomen."
    goals = "Rust op het plein."
    evaluate_on = datetime.date(2026, 9, 25)
    created_by = factory.SubFactory(UserFactory)


class PlacementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Placement

    case = factory.SubFactory(CaseFactory)
    pupil = factory.SubFactory(PupilFactory)
    kind = "other_group"
    destination = "groep 6"
    start_date = datetime.date(2026, 9, 14)
    end_date = datetime.date(2026, 9, 25)
    review_on = datetime.date(2026, 9, 21)
    created_by = factory.SubFactory(UserFactory)


class SuspensionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Suspension

    case = factory.SubFactory(CaseFactory)
    pupil = factory.SubFactory(PupilFactory)
    start_date = datetime.date(2026, 9, 14)
    end_date = datetime.date(2026, 9, 16)
    school_days = 3
    reason = "Herhaald fysiek pesten."
    objection_procedure = "Bezwaar binnen zes weken bij het bevoegd gezag."
    created_by = factory.SubFactory(UserFactory)


class HolidayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Holiday

    school_year = factory.SubFactory(SchoolYearFactory)
    name = "Herfstvakantie"
    start_date = datetime.date(2026, 10, 19)
    end_date = datetime.date(2026, 10, 23)
