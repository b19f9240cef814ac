"""Whatever staff type reaches the PDFs as text: markup is shown, never interpreted, and a
word too long for a line still renders, wrapped, in full."""

import datetime
import io
import re

import pytest
from django.utils import timezone
from pypdf import PdfReader

from cases.models import (
    ActionPlan,
    ActionPlanItem,
    Case,
    ExternalHelp,
    InvolvementRole,
    Suspension,
)
from cases.stappenplan.documents import action_plan_pdf, suspension_letter_pdf
from protocol.models import Track
from tests.factories import IncidentFactory, InvolvementFactory

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert('x')</script>"
MARKUP = '<b>vet</b> <img src="https://tracker.example/p.png"> </div></td></table> & "quotes" \\'


def hostile(label: str, length: int) -> str:
    """Markup, a backslash and quotes, then one unbroken word filling the field."""
    start = f"{label} {SCRIPT} {MARKUP} "
    if len(start) + len(label) + 10 > length:  # a short column (the city): the script only
        start = f"{label} {SCRIPT} "
    value = start + label.upper() + "W" * (length - len(start) - len(label))
    assert len(value) == length
    return value


def long_word(value: str) -> str:
    return value.split()[-1]


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def squeezed(text: str) -> str:
    # A word wrapped over lines comes out of the PDF with line breaks in it.
    return re.sub(r"\s+", "", text)


def assert_shown_as_text(text: str, value: str) -> None:
    assert squeezed(long_word(value)) in squeezed(text)
    assert squeezed(value) in squeezed(text)


def assert_never_escaped_twice(text: str) -> None:
    for entity in ("&quot;", "&lt;", "&gt;", "&amp;", "&#x27;", "&#39;"):
        assert entity not in text


@pytest.fixture
def hostile_case(teacher, ib, pupil_5, pupil_5b, school, group_5):
    school.name = hostile("school", 200)
    school.city = hostile("city", 100)
    school.save()
    group_5.name = "<i>5</i>"
    group_5.save()
    pupil_5.first_name = hostile("voornaam", 100)
    pupil_5.last_name = hostile("achternaam", 100)
    pupil_5.save()
    for user in (teacher, ib):
        user.first_name = hostile("first", 150)
        user.last_name = hostile("last", 150)
        user.save()
    case = Case.objects.create(
        state="step_4",
        opened_at=timezone.now(),
        opened_by=teacher,
        analysis=hostile("caseanalysis", 3000),
    )
    case.teachers.add(teacher)
    incident = IncidentFactory(registered_by=teacher, case=case)
    InvolvementFactory(incident=incident, pupil=pupil_5, role=InvolvementRole.BULLY)
    InvolvementFactory(incident=incident, pupil=pupil_5b, role=InvolvementRole.VICTIM)
    return case


def test_every_free_text_of_the_action_plan_is_printed_as_text(hostile_case, teacher, ib):
    plan = ActionPlan.objects.create(
        case=hostile_case,
        created_by=teacher,
        period_start=datetime.date(2026, 11, 23),
        period_end=datetime.date(2026, 12, 4),
        analysis=hostile("plananalysis", 3000),
        goals=hostile("goals", 3000),
        external_help=[ExternalHelp.SOVA, ExternalHelp.OTHER],
        external_help_other=hostile("externalhelp", 200),
        made_with_ib=ib,
        evaluate_on=datetime.date(2026, 12, 7),
    )
    item = ActionPlanItem.objects.create(
        plan=plan,
        track=Track.BULLY,
        action=hostile("action", 300),
        who=hostile("who", 150),
        when=hostile("when", 100),
    )
    data = action_plan_pdf(plan)
    text = pdf_text(data)

    for value in (
        hostile_case.analysis,
        plan.analysis,
        plan.goals,
        plan.external_help_other,
        item.action,
        item.who,
        item.when,
        teacher.first_name,
        ib.last_name,
        hostile("voornaam", 100),
        hostile("achternaam", 100),
        hostile("school", 200),
    ):
        assert_shown_as_text(text, value)
    assert "<i>5</i>" in squeezed(text)
    assert_never_escaped_twice(text)
    pages = PdfReader(io.BytesIO(data)).pages
    assert len(pages) > 1
    for page in pages:
        # The footer names the school on every page.
        footer = squeezed("Vertrouwelijk · " + hostile("school", 200))
        assert footer in squeezed(page.extract_text())


def test_every_free_text_of_the_suspension_letter_is_printed_as_text(
    hostile_case, pupil_5, directie
):
    directie.first_name = hostile("directie", 150)
    directie.save()
    suspension = Suspension.objects.create(
        case=hostile_case,
        pupil=pupil_5,
        created_by=directie,
        start_date=datetime.date(2026, 11, 30),
        end_date=datetime.date(2026, 12, 1),
        school_days=2,
        reason=hostile("reason", 3000),
        objection_procedure=hostile("objection", 3000),
    )
    text = pdf_text(suspension_letter_pdf(suspension))

    for value in (
        suspension.reason,
        suspension.objection_procedure,
        directie.first_name,
        pupil_5.first_name,
        pupil_5.last_name,
        hostile("school", 200),
        hostile("city", 100),
    ):
        assert_shown_as_text(text, value)
    assert "<i>5</i>" in squeezed(text)
    assert_never_escaped_twice(text)
