import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.models import Role
from accounts.services import user_requires_two_factor
from accounts.tests.helpers import login_password_step, otp_login, totp_device_create
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# Reachable for someone who still has to set up an app (the setup wizard opens only with a
# fresh password, so its page may send on to the confirm-password page).
ENROLMENT_PATHS = {
    "/inloggen/",
    "/uitloggen/",
    "/healthz",
    "/account/tweestapsverificatie/instellen/",
    "/account/tweestapsverificatie/qr/",
    "/account/wachtwoord-bevestigen/",
}


def _paths_without_parameters(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = str(pattern.pattern)
        if "<" in route or route.startswith("^"):
            continue
        if isinstance(pattern, URLResolver):
            yield from _paths_without_parameters(pattern, prefix + route)
        elif isinstance(pattern, URLPattern):
            yield "/" + prefix + route


ALL_PATHS = sorted(set(_paths_without_parameters()))


@pytest.mark.parametrize(
    ("roles", "required"),
    [
        ([Role.TEACHER], False),
        ([Role.IB], True),
        ([Role.DIRECTIE], True),
        ([Role.COORDINATOR], True),
        ([Role.CONFIDANT], True),
        ([Role.TEACHER, Role.CONFIDANT], True),
        ([], False),
    ],
)
def test_the_roles_that_see_many_pupils_require_two_factor_login(roles, required):
    user = UserFactory(roles=roles)

    assert user_requires_two_factor(user) is required


def test_teachers_require_it_when_the_school_switches_it_on(settings, teacher):
    assert user_requires_two_factor(teacher) is False

    settings.TWO_FACTOR_REQUIRED_FOR_TEACHERS = True

    assert user_requires_two_factor(teacher) is True


def test_staff_who_can_open_the_admin_require_it():
    assert user_requires_two_factor(UserFactory(is_staff=True)) is True
    assert user_requires_two_factor(UserFactory(is_superuser=True)) is True


def test_the_url_list_under_test_is_complete():
    # Guards the enumeration below: if it found nothing, the next test would pass vacuously.
    assert {"/", "/meldingen/", "/account/tweestapsverificatie/", "/beheer/"} <= set(ALL_PATHS)
    assert ENROLMENT_PATHS - {"/uitloggen/", "/healthz"} <= set(ALL_PATHS)


@pytest.mark.parametrize("path", [p for p in ALL_PATHS if p not in ENROLMENT_PATHS])
def test_an_ib_without_an_app_is_sent_to_the_setup_from_every_page(client, ib, path):
    client.force_login(ib)

    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"] == reverse("two_factor:setup")


def test_an_ib_without_an_app_goes_from_the_login_straight_to_the_setup(client, ib):
    response = login_password_step(client, "ib.carla", follow=True)

    assert response.redirect_chain[-1][0] == reverse("two_factor:setup")
    assert response.status_code == 200
    assert response.templates[0].name == "two_factor/core/setup.html"


def test_an_ib_without_an_app_may_open_the_setup_log_out_and_check_health(client, ib):
    login_password_step(client, "ib.carla")

    assert client.get(reverse("two_factor:setup")).status_code == 200
    assert client.get(reverse("healthz")).status_code == 200
    assert client.get(reverse("login")).status_code == 200
    assert client.get(reverse("accounts:reauthenticate")).status_code == 200
    logout = client.post(reverse("logout"))
    assert logout.status_code == 302
    assert logout["Location"] == reverse("login")


def test_a_teacher_without_an_app_works_as_usual_while_the_setting_is_off(client, teacher):
    client.force_login(teacher)

    assert client.get(reverse("cases:incident_list")).status_code == 200


def test_a_teacher_without_an_app_is_sent_to_the_setup_when_it_is_on(settings, client, teacher):
    settings.TWO_FACTOR_REQUIRED_FOR_TEACHERS = True
    client.force_login(teacher)

    response = client.get(reverse("cases:incident_list"))

    assert response["Location"] == reverse("two_factor:setup")


def test_an_ib_with_an_app_but_a_password_only_session_logs_in_again(client, ib):
    # Logged in before the app was set up (in another browser, say).
    totp_device_create(ib)
    client.force_login(ib)

    response = client.get(reverse("cases:incident_list"))

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next=/meldingen/"


def test_an_ib_verified_with_the_app_reaches_every_page(client, ib):
    otp_login(client, ib)

    assert client.get(reverse("cases:incident_list")).status_code == 200
    assert client.get(reverse("two_factor:profile")).status_code == 200


def test_the_otp_login_fixture_logs_in_a_verified_directie(directie_client):
    assert directie_client.get(reverse("cases:incident_list")).status_code == 200
