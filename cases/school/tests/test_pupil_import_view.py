import base64

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.tests.helpers import otp_login
from cases.models import Pupil, SchoolGroup
from cases.school.forms import PUPIL_IMPORT_MAX_BYTES
from cases.school.views.pupils import SESSION_KEY
from cases.tests.pupil_csv import make_csv, numbered_rows
from tests.factories import PupilFactory, SchoolFactory, SchoolGroupFactory

pytestmark = pytest.mark.django_db

UPLOAD_URL = reverse("cases:pupil_import")


def upload(client, content: bytes, name: str = "leerlingen.csv"):
    return client.post(UPLOAD_URL, {"file": SimpleUploadedFile(name, content, "text/csv")})


def preview_url(token: str) -> str:
    return reverse("cases:pupil_import_preview", args=[token])


def confirm_url(token: str) -> str:
    return reverse("cases:pupil_import_confirm", args=[token])


def token_of(response) -> str:
    assert response.status_code == 302
    return response.url.rstrip("/").rsplit("/", 1)[-1]


def db_state():
    return (
        sorted(Pupil.objects.values_list("student_number", "first_name", "group_id", "left_on")),
        sorted(SchoolGroup.objects.values_list("name", flat=True)),
    )


@pytest.fixture
def group_4(school):
    return SchoolGroupFactory(school=school, name="groep 4", order=4)


@pytest.fixture
def pupils(school, group_4, group_5):
    """Sem moves up from groep 4, Lotte stays in groep 5, Noah has left the school."""
    return {
        "sem": PupilFactory(
            school=school, group=group_4, student_number="1", first_name="Sem", last_name="Bakker"
        ),
        "lotte": PupilFactory(
            school=school, group=group_5, student_number="2", first_name="Lotte", last_name="Dam"
        ),
        "noah": PupilFactory(
            school=school, group=group_5, student_number="3", first_name="Noah", last_name="Smit"
        ),
    }


@pytest.fixture
def export():
    return make_csv(
        [
            ("1", "Sem", "", "Bakker", "5"),
            ("2", "Lotte", "", "Dam", "5"),
            ("4", "Zoë", "", "Çelik", "Groep 1/2a"),
        ]
    )


@pytest.fixture
def directie_client(client, directie):
    otp_login(client, directie)
    return client


def test_directie_sees_the_upload_form_and_the_current_numbers(directie_client, pupils):
    response = directie_client.get(UPLOAD_URL)

    assert response.status_code == 200
    assert 'type="file"' in response.content.decode()
    assert response.context["active_pupils"] == 3
    assert response.context["group_count"] == 2


def test_the_menu_links_to_the_import_for_directie_only(client, directie, teacher):
    otp_login(client, directie)
    assert UPLOAD_URL in client.get(reverse("cases:incident_list")).content.decode()

    otp_login(client, teacher)
    assert UPLOAD_URL not in client.get(reverse("cases:incident_list")).content.decode()


def test_uploading_shows_what_will_change_and_changes_nothing(directie_client, pupils, export):
    before = db_state()

    response = upload(directie_client, export)
    page = directie_client.get(response.url)

    assert db_state() == before
    assert page.status_code == 200
    plan = page.context["plan"]
    assert [p.name for p in plan.new] == ["Zoë Çelik"]
    assert [(m.name, m.from_group, m.to_group) for m in plan.moved] == [
        ("Sem Bakker", "groep 4", "groep 5")
    ]
    assert [p.name for p in plan.leaving] == ["Noah Smit"]
    assert plan.new_groups == ["groep 1/2a"]
    html = page.content.decode()
    assert "groep 4 → groep 5" in html
    assert "Zoë Çelik" in html
    assert confirm_url(token_of(response)) in html


def test_confirming_applies_the_changes_and_reports_them(directie_client, pupils, export):
    token = token_of(upload(directie_client, export))

    response = directie_client.post(confirm_url(token))

    assert response.status_code == 302
    assert response.url == UPLOAD_URL
    pupils["sem"].refresh_from_db()
    pupils["noah"].refresh_from_db()
    assert pupils["sem"].group.name == "groep 5"
    assert pupils["noah"].left_on is not None
    assert Pupil.objects.get(student_number="4").group.name == "groep 1/2a"
    [message] = get_messages(response.wsgi_request)
    assert message.level_tag == "success"
    assert "1" in str(message)
    assert SESSION_KEY not in directie_client.session


def test_a_confirmed_import_cannot_be_confirmed_again(directie_client, pupils, export):
    token = token_of(upload(directie_client, export))
    directie_client.post(confirm_url(token))
    Pupil.objects.filter(student_number="4").delete()

    response = directie_client.post(confirm_url(token))

    assert response.status_code == 302
    assert not Pupil.objects.filter(student_number="4").exists()
    assert [m.level_tag for m in get_messages(response.wsgi_request)][-1] == "error"


def test_a_wrong_token_imports_nothing(directie_client, pupils, export):
    token_of(upload(directie_client, export))
    before = db_state()

    response = directie_client.post(confirm_url("not-the-token"))

    assert response.status_code == 302
    assert db_state() == before
    assert directie_client.get(preview_url("not-the-token")).status_code == 302


def test_the_confirm_validates_the_stored_file_again(directie_client, pupils, export):
    token = token_of(upload(directie_client, export))
    session = directie_client.session
    session[SESSION_KEY]["content"] = base64.b64encode(make_csv([("9", "", "", "X", "5")])).decode()
    session.save()
    before = db_state()

    response = directie_client.post(confirm_url(token))

    assert response.status_code == 200
    assert db_state() == before
    assert [(e.code, e.row) for e in response.context["errors"]] == [("missing_first_name", 2)]


def test_the_confirm_plans_again_against_the_current_database(
    directie_client, pupils, export, school, group_5
):
    token = token_of(upload(directie_client, export))
    # Between preview and confirm someone added Zoë by hand, under another name.
    PupilFactory(school=school, group=group_5, student_number="4", first_name="Zoe")

    directie_client.post(confirm_url(token))

    assert Pupil.objects.filter(student_number="4").count() == 1
    assert Pupil.objects.get(student_number="4").first_name == "Zoë"


def test_errors_are_listed_per_row_and_there_is_no_confirm_button(directie_client, pupils):
    content = make_csv(
        [("1", "Sem", "", "Bakker", "5"), ("", "Lotte", "", "Dam", "5"), ("5", "Finn", "", "", "")]
    )
    before = db_state()

    response = upload(directie_client, content)

    assert response.status_code == 200
    assert [(e.code, e.row) for e in response.context["errors"]] == [
        ("missing_student_number", 3),
        ("missing_last_name", 4),
        ("missing_group", 4),
    ]
    html = response.content.decode()
    assert html.count("<li>", html.index('id="import-errors"')) >= 3
    assert "bevestigen" not in html
    assert SESSION_KEY not in directie_client.session
    assert db_state() == before


def test_a_file_with_missing_columns_gets_one_clear_error(directie_client, school):
    response = upload(directie_client, b"naam;klas\nSem;5\n")

    assert [(e.code, e.row) for e in response.context["errors"]] == [("missing_columns", None)]
    assert "leerlingnummer" in response.content.decode()


def test_a_file_over_two_megabytes_is_refused(directie_client, school):
    content = make_csv(numbered_rows(1)) + b" " * PUPIL_IMPORT_MAX_BYTES

    response = upload(directie_client, content)

    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not Pupil.objects.exists()


def test_a_spreadsheet_file_is_refused_with_advice(directie_client, school):
    response = upload(directie_client, b"PK\x03\x04", name="leerlingen.xlsx")

    assert response.context["form"].errors["file"]


def test_without_a_school_nothing_can_be_imported(directie_client, export):
    response = upload(directie_client, export)

    assert response.status_code == 200
    assert response.context["school"] is None
    assert not Pupil.objects.exists()


def test_with_several_schools_the_screen_does_not_guess(directie_client, school, export):
    SchoolFactory(name="De Regenboog")

    response = upload(directie_client, export)

    assert response.context["school"] is None
    assert not Pupil.objects.exists()


def test_the_confirm_only_accepts_post(directie_client, pupils, export):
    token = token_of(upload(directie_client, export))

    assert directie_client.get(confirm_url(token)).status_code == 405


@pytest.mark.parametrize("user_fixture", ["teacher", "ib", "coordinator", "confidant"])
def test_other_roles_are_forbidden_everywhere(request, client, user_fixture, pupils, export):
    otp_login(client, request.getfixturevalue(user_fixture))
    before = db_state()

    assert client.get(UPLOAD_URL).status_code == 403
    assert upload(client, export).status_code == 403
    assert client.get(preview_url("token")).status_code == 403
    assert client.post(confirm_url("token")).status_code == 403
    assert db_state() == before


def test_a_stolen_token_is_useless_to_a_teacher(client, directie, teacher, pupils, export):
    otp_login(client, directie)
    token = token_of(upload(client, export))
    otp_login(client, teacher)

    assert client.post(confirm_url(token)).status_code == 403


def test_anonymous_visitors_are_sent_to_the_login_page(client, pupils, export):
    for response in (
        client.get(UPLOAD_URL),
        upload(client, export),
        client.get(preview_url("token")),
        client.post(confirm_url("token")),
    ):
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("count", [20, 200])
def test_the_preview_takes_a_constant_number_of_queries(
    count, directie_client, school, group_5, django_assert_max_num_queries
):
    Pupil.objects.bulk_create(
        [
            Pupil(
                school=school, group=group_5, student_number=str(n), first_name="A", last_name="B"
            )
            for n in range(count)
        ]
    )
    token = token_of(upload(directie_client, make_csv(numbered_rows(count, group="6"))))

    with django_assert_max_num_queries(11):
        response = directie_client.get(preview_url(token))

    assert len(response.context["plan"].new) == count
