"""Every change to incidents, cases and their records is kept as history
(django-simple-history), including changes made in bulk by the services."""

import ast
import datetime
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from django.urls import reverse

from accounts.tests.helpers import password_login
from cases.conftest import image_bytes, upload
from cases.incidents.attachments import attachment_inspect, attachments_store_pending
from cases.incidents.services import incident_register
from cases.models import (
    AccessLog,
    Agreement,
    Attachment,
    Case,
    CaseTransition,
    Conversation,
    Incident,
    Involvement,
    Notification,
    Reminder,
)
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def registered(teacher, pupil_5, pupil_5b, protocol):
    file = upload("plein.png", image_bytes("PNG"))
    stored = attachments_store_pending(
        uploads=[(file, attachment_inspect(file))], uploaded_by=teacher
    )
    return incident_register(
        registered_by=teacher,
        occurred_on=datetime.date.today(),
        occurred_time=None,
        reported_at=datetime.datetime.now(datetime.UTC),
        reporter_kind="pupil",
        reporter_name="",
        location="playground",
        description="Sem duwde Lotte.",
        forms=[protocol["physical"]],
        examples=[],
        platforms=[],
        digital_description="",
        marks=[],
        classification="bullying",
        severity="light",
        involvements=[(pupil_5, "bully"), (pupil_5b, "victim")],
        attachments=stored,
    )


def test_registering_keeps_the_incident_in_its_history(registered, teacher):
    (record,) = registered.history.all()

    assert record.history_type == "+"
    assert record.description == "Sem duwde Lotte."
    assert record.history_user == teacher


def test_the_pupils_involved_are_kept_though_created_in_bulk(registered, teacher):
    records = Involvement.history.filter(incident_id=registered.pk)

    assert sorted(r.role for r in records) == ["bully", "victim"]
    assert {r.history_type for r in records} == {"+"}
    assert {r.history_user for r in records} == {teacher}


def test_an_attachment_keeps_its_upload_and_its_link_to_the_incident(registered, teacher):
    attachment = registered.attachments.get()

    records = list(attachment.history.order_by("history_date", "history_id"))

    assert [r.history_type for r in records] == ["+", "~"]
    assert records[0].incident_id is None
    assert records[1].incident_id == registered.pk
    assert records[1].history_user == teacher


def test_the_attachment_history_holds_metadata_not_the_file(registered):
    history_fields = {f.name for f in Attachment.history.model._meta.fields}

    assert {"original_name", "content_type", "size", "uploaded_by"} <= history_fields
    assert not any(isinstance(f, models.BinaryField) for f in Attachment.history.model._meta.fields)


def test_a_change_made_through_a_page_names_who_made_it(client, teacher, pupil_5, protocol):
    password_login(client, teacher)
    now = datetime.datetime.now()
    client.post(
        reverse("cases:incident_create"),
        {
            "occurred_on": now.date().isoformat(),
            "reported_at": now.strftime("%Y-%m-%dT%H:%M"),
            "reporter_kind": "pupil",
            "location": "playground",
            "description": "Uitgescholden.",
            "classification": "undetermined",
            "severity": "light",
            "pupils-TOTAL_FORMS": "1",
            "pupils-INITIAL_FORMS": "0",
            "pupils-0-pupil": pupil_5.pk,
            "pupils-0-role": "victim",
        },
    )

    incident = Incident.objects.get()
    assert incident.history.get().history_user == teacher


def test_a_change_of_a_case_and_of_its_teachers_is_kept(teacher, other_teacher, ib):
    case = CaseFactory(opened_by=ib)
    case.teachers.add(teacher)
    case.title = "Plein groep 5"
    case.save()
    case.teachers.add(other_teacher)

    records = list(case.history.order_by("history_date", "history_id"))

    assert [r.history_type for r in records] == ["+", "~", "~", "~"]
    assert records[2].title == "Plein groep 5"
    assert {row.user_id for row in records[3].teachers.all()} == {teacher.pk, other_teacher.pk}


def test_a_record_on_a_case_is_kept_with_every_change(teacher, pupil_5):
    case = CaseFactory()
    agreement = Agreement.objects.create(
        case=case, created_by=teacher, text="Sem laat Lotte met rust.", made_on="2027-03-15"
    )
    agreement.outcome = "kept"
    agreement.save()
    conversation = Conversation.objects.create(
        case=case, created_by=teacher, kind="separate", held_on="2027-03-15", notes="Gesprek."
    )
    conversation.pupils.add(pupil_5)

    assert [r.outcome for r in agreement.history.order_by("history_id")] == ["", "kept"]
    assert conversation.history.count() == 2


def _models_about_cases() -> list[type[models.Model]]:
    """Incidents, cases and every model that hangs off them, found from the relations, so
    that a record model added later is covered without editing this test."""
    exempt = {
        AccessLog,  # the access log itself: append-only, no content
        CaseTransition,  # append-only: it is the history of the step
        # Messages about deadlines, not records of what happened; each row's status and
        # times are its own log, and they are rewritten in bulk by the reminder sweep.
        Reminder,
        Notification,
    }
    app = apps.get_app_config("cases")
    roots = {Incident, Case}
    found = set(roots)
    changed = True
    while changed:
        changed = False
        for model in app.get_models():
            if model in found or model in exempt or model.__name__.startswith("Historical"):
                continue
            if model.__module__ == "cases.visibility.models.object_permissions":
                continue
            if any(
                f.many_to_one and f.related_model in found
                for f in model._meta.get_fields()
                if f.concrete
            ):
                found.add(model)
                changed = True
    return sorted(found, key=lambda m: m.__name__)


def test_every_model_of_incidents_and_cases_keeps_its_history():
    missing = [m.__name__ for m in _models_about_cases() if not hasattr(m, "history")]

    assert not missing, (
        f"{missing} hold(s) what was recorded on an incident or case but keep(s) no history: "
        "add `history = HistoricalRecords()` and a migration."
    )


# Code that writes in bulk on purpose, and why its rows need no history.
BULK_WITHOUT_HISTORY = {
    # The benchmark's synthetic school board: its rows have no past to keep.
    "scripts/board/copy.py",
}
HISTORY_HELPERS = {"bulk_create_with_history", "bulk_update_with_history", "bulk_history_create"}
BULK_WRITES = {"update", "bulk_create", "bulk_update"}


def _bulk_writes_without_history(path: Path, tracked: set[str]) -> list[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    problems = []
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        calls = [node for node in ast.walk(function) if isinstance(node, ast.Call)]
        helpers = {
            getattr(call.func, "attr", getattr(call.func, "id", None)) for call in calls
        } & HISTORY_HELPERS
        for call in calls:
            if not isinstance(call.func, ast.Attribute) or call.func.attr not in BULK_WRITES:
                continue
            root = call.func.value
            while isinstance(root, ast.Attribute | ast.Call):
                root = root.func if isinstance(root, ast.Call) else root.value
            if isinstance(root, ast.Name) and root.id in tracked and not helpers:
                problems.append(f"{path}:{call.lineno} {root.id}...{call.func.attr}()")
    return problems


def test_no_code_writes_history_keeping_models_in_bulk_without_recording_it():
    tracked = {m.__name__ for m in _models_about_cases()}
    base = Path(settings.BASE_DIR)
    problems = []
    for path in sorted(base.glob("*/**/*.py")):
        relative = path.relative_to(base).parts
        if relative[0] in {".venv", "var"} or "tests" in relative or "migrations" in relative:
            continue
        if "/".join(relative) in BULK_WITHOUT_HISTORY:
            continue
        problems += _bulk_writes_without_history(path, tracked)

    assert not problems, (
        "A queryset update or bulk write skips django-simple-history. Use "
        "simple_history.utils.bulk_create_with_history / bulk_update_with_history, or record "
        f"with Model.history.bulk_history_create in the same function: {problems}"
    )


def test_the_bulk_write_check_finds_an_update_that_skips_history(tmp_path):
    code = tmp_path / "services_example.py"
    code.write_text(
        "def close_all(case):\n"
        "    Agreement.objects.filter(case=case).update(is_active=False)\n"
        "\n"
        "def close_all_recorded(case, agreements):\n"
        "    bulk_update_with_history(agreements, Agreement, ['is_active'])\n"
    )

    problems = _bulk_writes_without_history(code, {"Agreement"})

    assert len(problems) == 1
    assert ":2 Agreement...update()" in problems[0]
