"""A hand-built school whose every figure is known: three incidents this school year
(2026-2027), one the year before, two cases with step changes and deadlines."""

from datetime import date, datetime

import pytest
import time_machine

from cases.models import (
    Case,
    CaseDeadline,
    CaseTransition,
    DeadlineResolution,
    Incident,
    Involvement,
)
from protocol.calendar import AMSTERDAM
from tests.factories import (
    BullyingFormFactory,
    DigitalPlatformFactory,
    FormExampleFactory,
    SchoolYearFactory,
)

NOW = datetime(2027, 6, 1, 12, 0, tzinfo=AMSTERDAM)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=AMSTERDAM)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def years(school):
    previous = SchoolYearFactory(
        school=school, name="2025-2026", start_date=date(2025, 8, 18), end_date=date(2026, 7, 10)
    )
    current = SchoolYearFactory(
        school=school, name="2026-2027", start_date=date(2026, 8, 17), end_date=date(2027, 7, 9)
    )
    return current, previous


def _incident(by, *, reported, registered, occurred_time, location, verified=None, as_=""):
    reported_at = at(reported)
    return Incident.objects.create(
        occurred_on=reported_at.date(),
        occurred_time=occurred_time,
        reported_at=reported_at,
        registered_at=at(registered),
        reporter_kind="pupil",
        location=location,
        description="Voorval.",
        registered_by=by,
        verified_at=at(verified) if verified else None,
        verified_by=by if verified else None,
        verified_classification=as_,
    )


@pytest.fixture
def school_data(years, ib, pupil_5, pupil_5b, pupil_7):
    verbal = BullyingFormFactory(code="verbal")
    digital = BullyingFormFactory(code="digital")
    nickname = FormExampleFactory(form=verbal, text="Bijnaam gebruiken")
    whatsapp = DigitalPlatformFactory(name="WhatsApp")
    # A: Monday morning on the playground, registered in 2 hours, verified after 24 hours.
    a = _incident(
        ib,
        reported="2026-09-07T10:00",
        registered="2026-09-07T12:00",
        occurred_time="10:00",
        location="playground",
        verified="2026-09-08T10:00",
        as_="bullying",
    )
    a.forms.add(verbal)
    a.examples.add(nickname)
    Involvement.objects.create(incident=a, pupil=pupil_5, role="victim")
    Involvement.objects.create(incident=a, pupil=pupil_7, role="bully")
    # B: Tuesday lunch break, registered exactly 24 hours later (still in time), verified
    # after 48 hours as teasing; digital, on WhatsApp.
    b = _incident(
        ib,
        reported="2026-09-08T09:00",
        registered="2026-09-09T09:00",
        occurred_time="12:30",
        location="playground",
        verified="2026-09-10T09:00",
        as_="teasing",
    )
    b.forms.add(digital)
    b.platforms.add(whatsapp)
    Involvement.objects.create(incident=b, pupil=pupil_5, role="victim")
    # C: a Monday in October, time unknown, registered a second too late, not yet verified.
    c = _incident(
        ib,
        reported="2026-10-05T14:00",
        registered="2026-10-06T14:00:01",
        occurred_time=None,
        location="classroom",
    )
    Involvement.objects.create(incident=c, pupil=pupil_5, role="victim")
    # D: last school year, a Wednesday before school, in the gym.
    d = _incident(
        ib,
        reported="2025-09-10T10:00",
        registered="2025-09-10T11:00",
        occurred_time="08:00",
        location="gym",
    )
    Involvement.objects.create(incident=d, pupil=pupil_5b, role="victim")
    _cases(ib, a)
    return {"a": a, "b": b, "c": c, "d": d}


def _cases(ib, incident):
    """Case X: opened 8 September, reached step 6, closed 1 December (84 days).
    Case Y: opened 10 October, in step 2 today."""
    x = Case.objects.create(state="closed", opened_at=at("2026-09-08T10:00"), opened_by=ib)
    Incident.objects.filter(pk=incident.pk).update(case=x)

    def step(case, name, frm, to, when):
        return CaseTransition.objects.create(
            case=case, name=name, from_state=frm, to_state=to, actor=ib, at=at(when)
        )

    opened = step(x, "verify", "reported", "step_1", "2026-09-08T10:00")
    step(x, "escalate", "step_5", "step_6", "2026-11-01T10:00")
    step(x, "close", "step_6", "closed", "2026-12-01T10:00")

    def deadline(kind, due, resolved=None, resolution=""):
        CaseDeadline.objects.create(
            case=x,
            kind=kind,
            due_on=date.fromisoformat(due),
            set_by=opened,
            resolved_at=at(resolved) if resolved else None,
            resolution=resolution,
        )

    # Met on its last day (in time), met a day late, missed (still open), and replaced.
    deadline("first_evaluation", "2026-09-15", "2026-09-15T18:00", DeadlineResolution.MET)
    deadline("parent_followup", "2026-09-22", "2026-09-23T09:00", DeadlineResolution.MET)
    deadline("next_conversation", "2026-10-01")
    deadline("first_evaluation", "2026-09-20", "2026-09-14T09:00", DeadlineResolution.REPLACED)
    y = Case.objects.create(state="step_2", opened_at=at("2026-10-10T10:00"), opened_by=ib)
    step(y, "verify", "reported", "step_1", "2026-10-10T10:00")
