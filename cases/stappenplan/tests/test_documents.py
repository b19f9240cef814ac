import datetime
import io

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
from mozaiek.pdf import StaticFilesOnlyFetcher
from protocol.models import Track
from tests.factories import IncidentFactory, InvolvementFactory

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def case(teacher, pupil_5, pupil_5b):
    case = Case.objects.create(
        state="step_4",
        opened_at=timezone.now(),
        opened_by=teacher,
        analysis="Sem zoekt steeds Lotte op tijdens de pauze.",
    )
    case.teachers.add(teacher)
    incident = IncidentFactory(registered_by=teacher, case=case)
    InvolvementFactory(incident=incident, pupil=pupil_5, role=InvolvementRole.BULLY)
    InvolvementFactory(incident=incident, pupil=pupil_5b, role=InvolvementRole.VICTIM)
    return case


@pytest.fixture
def plan(case, teacher, ib):
    plan = ActionPlan.objects.create(
        case=case,
        created_by=teacher,
        period_start=datetime.date(2026, 11, 23),
        period_end=datetime.date(2026, 12, 4),
        analysis="De afspraken werden in de gymzaal niet nagekomen.",
        goals="Lotte voelt zich weer veilig in de pauze.",
        external_help=[ExternalHelp.SOVA, ExternalHelp.OTHER],
        external_help_other="Buurtsportcoach",
        made_with_ib=ib,
        evaluate_on=datetime.date(2026, 12, 7),
    )
    ActionPlanItem.objects.create(
        plan=plan,
        track=Track.BULLY,
        action="Dagelijks kort gesprek met Sem",
        who="Juf Anna",
        when="elke ochtend",
    )
    ActionPlanItem.objects.create(
        plan=plan,
        track=Track.PARENTS,
        action="Ouders van Lotte bellen",
        who="IB",
        when="vrijdag 27 november",
    )
    return plan


def test_the_action_plan_names_pupils_actions_and_dates(plan):
    text = pdf_text(action_plan_pdf(plan))

    assert "Handelingsplan" in text
    assert "Kindcentrum Mozaïek" in text
    assert "Sem" in text and "Bakker" in text
    assert "Lotte van Dam" in text
    assert "groep 5" in text
    assert "Dagelijks kort gesprek met Sem" in text
    assert "Ouders van Lotte bellen" in text
    assert "23 november 2026" in text
    assert "4 december 2026" in text
    assert "7 december 2026" in text
    assert "SOVA" in text
    assert "Buurtsportcoach" in text
    assert "Vertrouwelijk" in text
    assert "Pagina 1 van" in text


def test_the_action_plan_is_a4(plan):
    reader = PdfReader(io.BytesIO(action_plan_pdf(plan)))
    box = reader.pages[0].mediabox
    assert round(float(box.width) / 72 * 25.4) == 210
    assert round(float(box.height) / 72 * 25.4) == 297


def test_the_suspension_letter_states_reason_period_and_objection(case, pupil_5, directie):
    suspension = Suspension.objects.create(
        case=case,
        pupil=pupil_5,
        created_by=directie,
        start_date=datetime.date(2026, 11, 30),
        end_date=datetime.date(2026, 12, 1),
        school_days=2,
        reason="Ondanks alle afspraken ging het pesten door.",
        objection_procedure="U kunt binnen zes weken bezwaar maken bij het bestuur.",
    )
    text = pdf_text(suspension_letter_pdf(suspension))

    assert "Sem Bakker" in text
    assert "2 schooldagen" in text
    assert "30 november 2026" in text
    assert "Ondanks alle afspraken ging het pesten door." in text
    assert "bezwaar maken bij het bestuur" in text
    assert "Inspectie" in text


def test_the_fetcher_refuses_anything_but_static_files():
    fetcher = StaticFilesOnlyFetcher()
    with pytest.raises(ValueError):
        fetcher.fetch("https://example.com/tracker.png")
    with pytest.raises(ValueError):
        fetcher.fetch("file:///etc/passwd")
    with pytest.raises(ValueError):
        fetcher.fetch("https://pdf.mozaiek.invalid/media/attachments/secret.png")
    response = fetcher.fetch("https://pdf.mozaiek.invalid/static/css/pdf.css")
    assert b"@page" in response.read()
