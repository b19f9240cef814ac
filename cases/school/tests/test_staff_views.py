"""The staff screen (medewerkers/): the directie adds staff, assigns roles and teaching groups,
and deactivates and reactivates accounts."""

import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Role, User, UserSession
from accounts.tests.helpers import otp_login, password_login
from cases.incidents.selectors import incidents_visible_to
from cases.visibility.permissions import visibility_sync
from tests.factories import IncidentFactory, InvolvementFactory, SchoolGroupFactory, UserFactory

pytestmark = pytest.mark.django_db

LIST = reverse("cases:staff_list")
ADD = reverse("cases:staff_add")


def edit_url(user) -> str:
    return reverse("cases:staff_edit", args=[user.pk])


@pytest.fixture
def as_directie(client, directie):
    otp_login(client, directie)
    return client


@pytest.fixture
def new_member(group_5):
    return {
        "username": "juf.sanne",
        "first_name": "Sanne",
        "last_name": "Peters",
        "email": "sanne@school.test",
        "roles": [Role.TEACHER],
        "groups": [group_5.pk],
    }


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get(LIST)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", [Role.TEACHER, Role.IB, Role.COORDINATOR, Role.CONFIDANT])
def test_only_the_directie_may_open_the_staff_screen(client, role):
    user = UserFactory(roles=[role])
    (password_login if role == Role.TEACHER else otp_login)(client, user)

    for url in (LIST, ADD):
        assert client.get(url).status_code == 403


def test_a_superuser_without_the_directie_role_manages_staff_in_the_admin_not_here(client):
    otp_login(client, UserFactory(is_superuser=True, is_staff=True))

    assert client.get(LIST).status_code == 403


def test_the_list_shows_each_member_with_roles_and_groups(
    as_directie, teacher, other_teacher, ib, group_5, group_7
):
    group_7.teachers.add(teacher)

    html = as_directie.get(LIST).content.decode()

    row = html[html.index("Anna de Vries") :]
    row = row[: row.index("</tr>")]
    assert "juf.anna" in row
    assert str(Role.TEACHER.label) in row
    assert "groep 5, groep 7" in row
    assert "Carla" in html


def test_technical_administrators_are_not_listed(as_directie):
    UserFactory(username="beheer", is_superuser=True, is_staff=True)

    assert "beheer" not in as_directie.get(LIST).content.decode()


def test_deactivated_accounts_are_listed_apart(as_directie, teacher):
    teacher.is_active = False
    teacher.save()

    assert "juf.anna" not in as_directie.get(LIST).content.decode()
    assert "juf.anna" in as_directie.get(LIST, {"toon": "gedeactiveerd"}).content.decode()


def test_the_list_takes_the_same_queries_however_many_staff(as_directie, group_5, group_7):
    with CaptureQueriesContext(connection) as few:
        as_directie.get(LIST)
    for number in range(10):
        user = UserFactory(roles=[Role.TEACHER, Role.IB])
        (group_5 if number % 2 else group_7).teachers.add(user)
    with CaptureQueriesContext(connection) as many:
        as_directie.get(LIST)

    assert len(many) == len(few)


def test_adding_a_member_creates_the_account_without_a_password_and_mails_a_link(
    as_directie, new_member, group_5, directie
):
    response = as_directie.post(ADD, new_member, follow=True)

    user = User.objects.get(username="juf.sanne")
    assert response.redirect_chain == [(LIST, 302)]
    assert (user.first_name, user.last_name, user.email) == ("Sanne", "Peters", new_member["email"])
    assert user.role_names() == {Role.TEACHER}
    assert list(user.teaching_groups.all()) == [group_5]
    assert not user.has_usable_password()
    (email,) = mail.outbox
    assert email.to == ["sanne@school.test"]
    assert "juf.sanne" in email.body
    assert "/account/wachtwoord-instellen/" in email.body


def test_the_new_teacher_sees_her_groups_incidents_at_once(as_directie, new_member, pupil_5):
    incident = IncidentFactory()
    InvolvementFactory(incident=incident, pupil=pupil_5)
    visibility_sync(incidents=[incident])

    as_directie.post(ADD, new_member)

    assert list(incidents_visible_to(User.objects.get(username="juf.sanne"))) == [incident]


def test_a_username_in_use_is_refused_whatever_its_case(as_directie, new_member, teacher):
    response = as_directie.post(ADD, {**new_member, "username": "Juf.Anna"})

    assert response.status_code == 200
    assert response.context["form"].errors["username"]
    assert not mail.outbox


def test_an_email_address_is_required(as_directie, new_member):
    response = as_directie.post(ADD, {**new_member, "email": ""})

    assert response.context["form"].errors["email"]
    assert not User.objects.filter(username="juf.sanne").exists()


def test_an_unknown_role_is_refused(as_directie, new_member):
    response = as_directie.post(ADD, {**new_member, "roles": ["admin"]})

    assert response.context["form"].errors["roles"]


def test_editing_changes_roles_and_groups(as_directie, teacher, group_5, group_7):
    response = as_directie.post(
        edit_url(teacher),
        {
            "first_name": "Anna",
            "last_name": "de Vries-Smit",
            "email": "anna@school.test",
            "roles": [Role.TEACHER, Role.IB],
            "groups": [group_7.pk],
        },
    )

    assert response.status_code == 302
    teacher.refresh_from_db()
    assert teacher.last_name == "de Vries-Smit"
    assert teacher.role_names() == {Role.TEACHER, Role.IB}
    assert list(teacher.teaching_groups.all()) == [group_7]


def test_the_edit_form_starts_with_what_is_stored(as_directie, teacher, group_5):
    form = as_directie.get(edit_url(teacher)).context["form"]

    assert form.initial["roles"] == [Role.TEACHER]
    assert list(form.initial["groups"]) == [group_5]
    assert "username" not in form.fields


def test_revoking_a_teachers_group_takes_effect_on_her_next_request(as_directie, teacher, pupil_5):
    incident = IncidentFactory()
    InvolvementFactory(incident=incident, pupil=pupil_5)
    visibility_sync(incidents=[incident])
    browser = Client()
    password_login(browser, teacher)
    assert browser.get(incident.get_absolute_url()).status_code == 200

    as_directie.post(
        edit_url(teacher),
        {"first_name": "Anna", "last_name": "de Vries", "email": "a@school.test", "roles": []},
    )

    assert browser.get(incident.get_absolute_url()).status_code == 404


def test_the_directie_cannot_take_her_own_directie_role(as_directie, directie):
    response = as_directie.post(
        edit_url(directie),
        {"first_name": "Esther", "last_name": "X", "email": "e@school.test", "roles": ["ib"]},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["roles"]
    assert directie.has_role(Role.DIRECTIE)


def test_a_technical_administrator_cannot_be_edited_here(as_directie):
    superuser = UserFactory(is_superuser=True, is_staff=True)

    assert as_directie.get(edit_url(superuser)).status_code == 404
    deactivate = reverse("cases:staff_deactivate", args=[superuser.pk])
    assert as_directie.post(deactivate).status_code == 404


def test_deactivating_ends_the_members_sessions(as_directie, teacher):
    browser = Client()
    password_login(browser, teacher)

    response = as_directie.post(reverse("cases:staff_deactivate", args=[teacher.pk]))

    assert response.status_code == 302
    teacher.refresh_from_db()
    assert not teacher.is_active
    assert not UserSession.objects.filter(user=teacher).exists()
    assert SESSION_KEY not in browser.session
    assert browser.get(reverse("cases:incident_list")).status_code == 302


def test_deactivating_takes_a_post(as_directie, teacher):
    assert as_directie.get(reverse("cases:staff_deactivate", args=[teacher.pk])).status_code == 405


def test_the_directie_cannot_deactivate_herself(as_directie, directie):
    response = as_directie.post(reverse("cases:staff_deactivate", args=[directie.pk]), follow=True)

    directie.refresh_from_db()
    assert directie.is_active
    assert response.redirect_chain[-1][0] == edit_url(directie)


def test_reactivating_lets_the_member_log_in_again(as_directie, teacher):
    teacher.is_active = False
    teacher.save()

    as_directie.post(reverse("cases:staff_reactivate", args=[teacher.pk]))

    teacher.refresh_from_db()
    assert teacher.is_active


def test_a_new_link_can_be_sent(as_directie, teacher):
    response = as_directie.post(reverse("cases:staff_send_link", args=[teacher.pk]), follow=True)

    (email,) = mail.outbox
    assert email.to == [teacher.email]
    assert any(teacher.email in str(m) for m in response.context["messages"])


def test_a_failing_mail_server_is_explained(as_directie, teacher, settings):
    settings.EMAIL_BACKEND = "cases.school.tests.test_staff_views.BrokenBackend"

    response = as_directie.post(reverse("cases:staff_send_link", args=[teacher.pk]), follow=True)

    (message,) = response.context["messages"]
    assert message.level_tag == "error"
    assert teacher.email in str(message)


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("no mail server")


def test_the_link_is_never_shown_to_the_directie(as_directie, new_member):
    response = as_directie.post(ADD, new_member, follow=True)

    assert not re.search(r"wachtwoord-instellen/\w+/", response.content.decode())


def test_the_groups_offered_are_the_schools_groups(as_directie, school):
    SchoolGroupFactory(school=school, name="groep 8", order=8)

    html = as_directie.get(ADD).content.decode()

    assert "groep 8" in html


def test_the_menu_offers_the_staff_screen_to_the_directie_only(client, directie, teacher):
    otp_login(client, directie)
    assert f'href="{LIST}"' in client.get(reverse("cases:incident_list")).content.decode()

    password_login(client, teacher)
    assert f'href="{LIST}"' not in client.get(reverse("cases:incident_list")).content.decode()
