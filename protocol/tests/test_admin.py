import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Role
from accounts.tests.helpers import otp_login
from cases.models import Attachment, Incident, Involvement
from protocol.models import (
    BullyingForm,
    BullyingMark,
    DigitalPlatform,
    FormExample,
    Signal,
    SuggestedAction,
)
from protocol.services import protocol_data_load
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

REFERENCE_MODELS = [
    BullyingForm,
    FormExample,
    DigitalPlatform,
    BullyingMark,
    Signal,
    SuggestedAction,
]


def _url(model, view: str, *args) -> str:
    return reverse(f"admin:protocol_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def lists():
    protocol_data_load()


@pytest.fixture
def staff_coordinator(coordinator):
    coordinator.is_staff = True
    coordinator.save(update_fields=["is_staff"])
    return coordinator


@pytest.fixture
def coordinator_client(client, staff_coordinator):
    otp_login(client, staff_coordinator)
    return client


def test_the_coordinator_role_may_view_add_and_change_but_not_delete():
    codenames = set(
        Group.objects.get(name=Role.COORDINATOR).permissions.values_list("codename", flat=True)
    )

    for model in REFERENCE_MODELS:
        name = model._meta.model_name
        assert {f"view_{name}", f"add_{name}", f"change_{name}"} <= codenames
        assert f"delete_{name}" not in codenames


@pytest.mark.parametrize("model", REFERENCE_MODELS, ids=lambda m: m.__name__)
def test_the_coordinator_can_open_the_list_of_every_reference_model(
    coordinator_client, lists, model
):
    response = coordinator_client.get(_url(model, "changelist"))

    assert response.status_code == 200
    first = model.objects.first()
    assert str(first) in response.content.decode()


@pytest.mark.parametrize("model", REFERENCE_MODELS, ids=lambda m: m.__name__)
def test_the_coordinator_can_open_every_item(coordinator_client, lists, model):
    response = coordinator_client.get(_url(model, "change", model.objects.first().pk))

    assert response.status_code == 200


def test_the_list_explains_that_items_are_deactivated_instead_of_deleted(coordinator_client, lists):
    response = coordinator_client.get(_url(Signal, "changelist"))

    assert 'name="form-0-is_active"' in response.content.decode()
    assert b'id="reference-help"' in response.content
    assert b"delete_selected" not in response.content


def test_the_coordinator_can_edit_a_mark(coordinator_client, lists):
    mark = BullyingMark.objects.get(key="repeated")

    response = coordinator_client.post(
        _url(BullyingMark, "change", mark.pk),
        {"text": "Het gebeurt steeds weer.", "order": "15", "is_active": "on"},
    )

    assert response.status_code == 302
    mark.refresh_from_db()
    assert (mark.text, mark.order, mark.key) == ("Het gebeurt steeds weer.", 15, "repeated")


def test_the_coordinator_can_reorder_and_deactivate_from_the_list(coordinator_client, lists):
    snapchat = DigitalPlatform.objects.get(key="snapchat")

    response = coordinator_client.post(
        _url(DigitalPlatform, "changelist"),
        {
            "form-TOTAL_FORMS": "1",
            "form-INITIAL_FORMS": "1",
            "form-MIN_NUM_FORMS": "0",
            "form-MAX_NUM_FORMS": "1000",
            "form-0-id": str(snapchat.pk),
            "form-0-order": "5",
            "_save": "Save",
        },
    )

    assert response.status_code == 302
    snapchat.refresh_from_db()
    assert (snapchat.order, snapchat.is_active) == (5, False)


def test_the_coordinator_can_deactivate_several_items_at_once(coordinator_client, lists):
    signals = Signal.objects.filter(key__in=["bully-charisma", "bully-impulsive"])

    response = coordinator_client.post(
        _url(Signal, "changelist"),
        {"action": "make_inactive", "_selected_action": [s.pk for s in signals]},
    )

    assert response.status_code == 302
    assert not Signal.objects.filter(key__in=["bully-charisma", "bully-impulsive"], is_active=True)
    assert Signal.objects.filter(is_active=True).count() == 28


def test_a_platform_the_coordinator_adds_gets_a_custom_key(coordinator_client, lists):
    response = coordinator_client.post(
        _url(DigitalPlatform, "add"), {"name": "Roblox", "order": "65", "is_active": "on"}
    )

    assert response.status_code == 302
    assert DigitalPlatform.objects.get(name="Roblox").key == "custom-roblox"
    assert protocol_data_load()["platforms"] == 0


def test_the_coordinator_can_edit_a_form_and_add_an_example_inline(coordinator_client, lists):
    form = BullyingForm.objects.get(code="verbal")
    examples = list(form.examples.all())
    data = {
        "name": "Verbaal pesten",
        "description": form.description,
        "order": str(form.order),
        "is_active": "on",
        "examples-TOTAL_FORMS": str(len(examples) + 1),
        "examples-INITIAL_FORMS": str(len(examples)),
        "examples-MIN_NUM_FORMS": "0",
        "examples-MAX_NUM_FORMS": "1000",
    }
    for index, example in enumerate(examples):
        data |= {
            f"examples-{index}-id": str(example.pk),
            f"examples-{index}-form": str(form.pk),
            f"examples-{index}-text": example.text,
            f"examples-{index}-order": str(example.order),
        }
        if example.key != "verbal-insults":
            data[f"examples-{index}-is_active"] = "on"
    new = len(examples)
    data |= {
        f"examples-{new}-form": str(form.pk),
        f"examples-{new}-text": "Uitlachen om een accent.",
        f"examples-{new}-order": "75",
        f"examples-{new}-is_active": "on",
    }

    response = coordinator_client.post(_url(BullyingForm, "change", form.pk), data)

    assert response.status_code == 302, response.context["errors"]
    form.refresh_from_db()
    assert (form.name, form.code) == ("Verbaal pesten", "verbal")
    assert FormExample.objects.get(key="verbal-insults").is_active is False
    added = FormExample.objects.get(text="Uitlachen om een accent.")
    assert (added.form, added.key) == (form, "custom-uitlachen-om-een-accent")


def test_nobody_can_delete_a_reference_item_in_the_admin(client, admin_user, lists):
    otp_login(client, admin_user)
    mark = BullyingMark.objects.first()

    response = client.post(_url(BullyingMark, "delete", mark.pk), {"post": "yes"})

    assert response.status_code == 403
    assert BullyingMark.objects.filter(pk=mark.pk).exists()


def test_the_list_of_forms_takes_the_same_queries_however_many_examples(coordinator_client, lists):
    url = _url(BullyingForm, "changelist")
    with CaptureQueriesContext(connection) as before:
        coordinator_client.get(url)
    FormExample.objects.create(key="custom-extra", form=BullyingForm.objects.first(), text="x")
    with CaptureQueriesContext(connection) as after:
        response = coordinator_client.get(url)

    assert len(after) == len(before)
    assert response.context["cl"].result_list[0].example_count == 8


def test_a_teacher_without_staff_status_is_sent_to_the_login_page(client, teacher, lists):
    otp_login(client, teacher)

    response = client.get(_url(Signal, "changelist"))

    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_a_staff_teacher_without_the_coordinator_role_may_not_open_the_lists(client, lists):
    teacher = UserFactory(username="juf.staff", is_staff=True, roles=[Role.TEACHER])
    otp_login(client, teacher)

    for model in REFERENCE_MODELS:
        assert client.get(_url(model, "changelist")).status_code == 403
    assert client.post(_url(BullyingMark, "add"), {"text": "x", "order": "1"}).status_code == 403


def test_incidents_involvements_and_attachments_are_not_in_the_admin(client, admin_user):
    otp_login(client, admin_user)

    for model in (Incident, Involvement, Attachment):
        assert not admin.site.is_registered(model)
    assert client.get("/beheer/cases/incident/").status_code == 404
    index = client.get(reverse("admin:index")).content.decode()
    assert "/beheer/cases/incident/" not in index
    assert "/beheer/cases/involvement/" not in index


def test_the_admin_is_titled_as_technical_administration(coordinator_client):
    response = coordinator_client.get(reverse("admin:index"))

    assert str(admin.site.site_header) in response.content.decode()
