"""The Django admin is for technical administration only: no incident, case, record,
history, object permission, access log or confidential report is registered there, so a
superuser without a role reads none of it."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from accounts.models import Role
from cases.incidents.selectors import incidents_visible_to
from cases.models import Incident
from cases.visibility.permissions import visibility_sync
from tests.factories import IncidentFactory, InvolvementFactory, UserFactory

pytestmark = pytest.mark.django_db


def _content_models() -> set[type]:
    """Every model that holds what happened to a child, found from the relations, so that a
    model added later is covered without editing this test."""
    cases = apps.get_app_config("cases")
    found = {apps.get_model("cases", "Incident"), apps.get_model("cases", "Case")}
    changed = True
    while changed:
        changed = False
        for model in cases.get_models():
            if model not in found and any(
                f.many_to_one and f.related_model in found
                for f in model._meta.get_fields()
                if f.concrete
            ):
                found.add(model)
                changed = True
    # Who opened what (by type and number, so no relation leads to it).
    found.add(apps.get_model("cases", "AccessLog"))
    # Their history (simple_history), the historical m2m rows included.
    found |= {m for m in cases.get_models() if m.__name__.startswith("Historical")}
    found |= set(apps.get_app_config("confidential").get_models())
    found |= set(apps.get_app_config("guardian").get_models())
    return found


def test_no_case_confidential_history_or_permission_model_is_in_the_admin():
    registered = set(admin.site._registry)

    exposed = sorted(m._meta.label for m in registered & _content_models())

    assert not exposed, f"These must not be registered in the admin: {exposed}"


def test_the_check_covers_what_it_should():
    labels = {m._meta.label for m in _content_models()}

    assert {
        "cases.Incident",
        "cases.Involvement",
        "cases.Attachment",
        "cases.Case",
        "cases.Agreement",
        "cases.ActionPlanItem",
        "cases.HistoricalIncident",
        "cases.HistoricalCase_teachers",
        "cases.IncidentUserObjectPermission",
        "cases.AccessLog",
        "confidential.ConfidentialReport",
        "confidential.ReportAccess",
        "guardian.UserObjectPermission",
    } <= labels


@pytest.mark.parametrize(
    "path",
    [
        "/beheer/cases/incident/",
        "/beheer/cases/case/",
        "/beheer/cases/historicalincident/",
        "/beheer/cases/accesslog/",
        "/beheer/confidential/confidentialreport/",
        "/beheer/guardian/userobjectpermission/",
    ],
)
def test_a_superuser_finds_no_content_in_the_admin(admin_client, path):
    assert admin_client.get(path).status_code == 404


def test_the_admin_index_links_to_no_content(admin_client):
    html = admin_client.get(reverse("admin:index")).content.decode()

    for app_path in ("/beheer/confidential/", "/beheer/cases/incident", "/beheer/cases/case/"):
        assert app_path not in html


def test_changing_a_groups_teachers_in_the_admin_changes_who_sees_its_incidents(
    admin_client, group_5, teacher, pupil_5
):
    incident = IncidentFactory()
    InvolvementFactory(incident=incident, pupil=pupil_5)
    visibility_sync(incidents=[incident])
    newcomer = UserFactory(username="juf.sanne", roles=[Role.TEACHER])

    admin_client.post(
        reverse("admin:cases_schoolgroup_change", args=[group_5.pk]),
        {"school": group_5.school.pk, "name": "groep 5", "order": "5", "teachers": [newcomer.pk]},
    )

    assert list(incidents_visible_to(newcomer)) == [incident]
    assert not incidents_visible_to(teacher).exists()


def test_moving_a_pupil_in_the_admin_moves_who_sees_their_incidents(
    admin_client, group_7, teacher, other_teacher, pupil_5
):
    incident = IncidentFactory()
    InvolvementFactory(incident=incident, pupil=pupil_5)
    visibility_sync(incidents=[incident])

    admin_client.post(
        reverse("admin:cases_pupil_change", args=[pupil_5.pk]),
        {
            "school": pupil_5.school.pk,
            "student_number": pupil_5.student_number,
            "first_name": pupil_5.first_name,
            "infix": "",
            "last_name": pupil_5.last_name,
            "group": group_7.pk,
            "left_on": "",
        },
    )

    assert list(incidents_visible_to(other_teacher)) == [incident]
    assert not incidents_visible_to(teacher).exists()
    assert Incident.objects.count() == 1
