import datetime
from io import StringIO
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone, translation

from accounts.models import Role, User
from accounts.tests.helpers import otp_login
from cases.demo import DEMO_PASSWORD, demo_seed, school_year_dates
from cases.models import (
    Case,
    Classification,
    Incident,
    Involvement,
    InvolvementRole,
    Pupil,
    School,
    SchoolGroup,
    SchoolYear,
    Severity,
)
from protocol.models import SuggestedAction
from tests.factories import IncidentFactory, InvolvementFactory, PupilFactory, SchoolFactory

pytestmark = pytest.mark.django_db

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
TODAY = datetime.datetime(2026, 11, 24, 10, 30, tzinfo=AMSTERDAM)
GROUP_NAMES = [
    "groep 1/2a",
    "groep 1/2b",
    "groep 3",
    "groep 4",
    "groep 5",
    "groep 6",
    "groep 7",
    "groep 8",
]


@pytest.fixture
def on_a_november_morning():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def seeded(on_a_november_morning):
    return demo_seed()


def _snapshot() -> dict:
    return {
        "schools": list(School.objects.order_by("pk").values()),
        "years": list(SchoolYear.objects.order_by("pk").values()),
        "groups": list(SchoolGroup.objects.order_by("pk").values()),
        "teachers": list(SchoolGroup.teachers.through.objects.order_by("pk").values()),
        "pupils": list(Pupil.objects.order_by("pk").values()),
        "users": list(User.objects.order_by("pk").values()),
        "roles": list(User.groups.through.objects.order_by("pk").values()),
        "incidents": list(Incident.objects.order_by("pk").values()),
        "involvements": list(Involvement.objects.order_by("pk").values()),
    }


@pytest.mark.parametrize(
    ("today", "name", "first_day", "last_day"),
    [
        ("2026-11-24", "2026-2027", "2026-08-17", "2027-07-09"),
        ("2026-08-01", "2026-2027", "2026-08-17", "2027-07-09"),
        ("2026-07-31", "2025-2026", "2025-08-18", "2026-07-10"),
        ("2027-07-20", "2026-2027", "2026-08-17", "2027-07-09"),
        ("2027-08-01", "2027-2028", "2027-08-16", "2028-07-14"),
    ],
)
def test_the_school_year_runs_from_august_to_july(today, name, first_day, last_day):
    result = school_year_dates(datetime.date.fromisoformat(today))

    assert result == (
        name,
        datetime.date.fromisoformat(first_day),
        datetime.date.fromisoformat(last_day),
    )


def test_it_creates_the_school_its_year_and_its_groups(seeded):
    school = School.objects.get()
    year = SchoolYear.objects.get()

    assert (school.name, school.city) == ("Kindcentrum Mozaïek", "Helmond")
    assert (year.school, year.name) == (school, "2026-2027")
    assert (year.start_date, year.end_date) == (
        datetime.date(2026, 8, 17),
        datetime.date(2027, 7, 9),
    )
    assert list(SchoolGroup.objects.values_list("name", "order")) == [
        (name, order) for order, name in enumerate(GROUP_NAMES, start=1)
    ]
    assert seeded.created == {
        "schools": 1,
        "school_years": 1,
        "groups": 8,
        "pupils": 200,
        "users": 6,
        "incidents": 40,
        "holidays": 8,
        "cases": 4,
    }


def test_it_creates_about_200_pupils_with_stable_student_numbers(seeded):
    pupils = Pupil.objects.all()

    assert pupils.count() == 200
    assert set(pupils.values_list("student_number", flat=True)) == {
        str(number) for number in range(1001, 1201)
    }
    sizes = dict(SchoolGroup.objects.annotate(n=Count("pupils")).values_list("name", "n"))
    assert all(22 <= size <= 28 for size in sizes.values())
    assert pupils.filter(left_on__isnull=False).count() == 2
    assert pupils.filter(infix__gt="").exists()
    assert len(set(pupils.values_list("first_name", "infix", "last_name"))) > 180
    first = Pupil.objects.get(student_number="1001")
    assert (first.first_name, first.last_name) != ("", "")


def test_it_makes_the_same_pupils_on_another_database(seeded):
    names = list(Pupil.objects.order_by("student_number").values_list("first_name", "last_name"))
    Incident.objects.all().delete()
    Case.objects.all().delete()
    Pupil.objects.all().delete()

    with time_machine.travel(TODAY, tick=False):
        demo_seed()

    again = list(Pupil.objects.order_by("student_number").values_list("first_name", "last_name"))
    assert again == names


def test_it_creates_one_account_per_role(seeded):
    roles = {user.username: user.role_names() for user in User.objects.all()}

    assert roles == {
        "leerkracht": {Role.TEACHER},
        "leerkracht2": {Role.TEACHER},
        "ib": {Role.IB},
        "directie": {Role.DIRECTIE},
        "coordinator": {Role.COORDINATOR},
        "aanspreekpersoon": {Role.CONFIDANT},
    }
    for user in User.objects.all():
        assert user.check_password(DEMO_PASSWORD)
        assert user.is_active
        assert not user.is_superuser
        assert user.is_staff == (user.username == "coordinator")
    assert str(User.objects.get(username="directie")) == "Esther Warmerdam"
    assert str(User.objects.get(username="aanspreekpersoon")) == "Hanneke Kuijpers"
    assert str(User.objects.get(username="coordinator")) == "Iris Bouwman"


def test_the_two_teachers_teach_different_groups(seeded):
    teaching = {
        user.username: [group.name for group in user.teaching_groups.all()]
        for user in User.objects.all()
    }

    assert teaching["leerkracht"] == ["groep 5"]
    assert teaching["leerkracht2"] == ["groep 7"]
    assert all(groups == [] for name, groups in teaching.items() if not name.startswith("leer"))


def test_the_demo_coordinator_can_log_in_to_the_admin(seeded, client):
    coordinator = User.objects.get(username="coordinator")
    assert coordinator.check_password(DEMO_PASSWORD)
    # The coordinator's role needs a second factor before any page opens.
    otp_login(client, coordinator)

    response = client.get(reverse("admin:protocol_signal_changelist"))

    assert response.status_code == 200


def test_it_loads_the_protocol_lists_first(seeded):
    assert SuggestedAction.objects.count() == 69


def test_incidents_are_spread_over_the_school_year_so_far(seeded):
    incidents = Incident.objects.all()
    now = timezone.now()

    assert incidents.count() == 40
    dates = sorted(incidents.values_list("occurred_on", flat=True))
    assert dates[0] >= datetime.date(2026, 8, 17)
    assert dates[-1] < datetime.date(2026, 11, 24)
    assert {day.month for day in dates} == {8, 9, 10, 11}
    assert all(day.weekday() < 5 for day in dates)
    for incident in incidents:
        assert incident.occurred_on <= timezone.localtime(incident.reported_at).date()
        assert incident.reported_at <= incident.registered_at <= now
    assert incidents.late().count() == 6
    assert {i.classification for i in incidents} == set(Classification.values)
    assert {i.severity for i in incidents} == set(Severity.values)
    assert len({i.location for i in incidents}) >= 5
    assert len({i.description for i in incidents}) >= 35


def test_every_incident_has_two_to_four_pupils_of_one_group_in_roles(seeded):
    for incident in Incident.objects.prefetch_related("involvements__pupil"):
        involvements = list(incident.involvements.all())
        roles = [involvement.role for involvement in involvements]
        assert 2 <= len(involvements) <= 4
        assert roles.count(InvolvementRole.BULLY) == 1
        assert roles.count(InvolvementRole.VICTIM) == 1
        assert len({involvement.pupil.group_id for involvement in involvements}) == 1
        assert all(involvement.pupil.left_on is None for involvement in involvements)
    assert Involvement.objects.filter(role=InvolvementRole.FOLLOWER).exists()
    assert Involvement.objects.filter(role=InvolvementRole.DEFENDER).exists()
    assert Involvement.objects.filter(role=InvolvementRole.BYSTANDER).exists()


def test_most_incidents_are_in_the_upper_groups(seeded):
    per_group = dict(
        Involvement.objects.filter(role=InvolvementRole.VICTIM)
        .values_list("pupil__group__name")
        .annotate(n=Count("id"))
    )

    upper = sum(per_group.get(f"groep {n}", 0) for n in (5, 6, 7, 8))
    assert upper >= 30
    assert per_group["groep 5"] >= 5
    assert per_group["groep 7"] >= 5


def test_the_teachers_registered_the_incidents_of_their_own_group(seeded):
    for username, group in (("leerkracht", "groep 5"), ("leerkracht2", "groep 7")):
        in_group = Incident.objects.filter(involvements__pupil__group__name=group).distinct()
        assert {incident.registered_by.username for incident in in_group} == {username}


def test_forms_examples_platforms_and_marks_fit_together(seeded):
    incidents = Incident.objects.prefetch_related("forms", "examples", "platforms", "marks")
    for incident in incidents:
        forms = set(incident.forms.all())
        assert forms
        assert {example.form for example in incident.examples.all()} <= forms
        digital = any(form.is_digital for form in forms)
        assert bool(incident.platforms.all()) == digital
        if incident.classification == Classification.BULLYING:
            assert len(incident.marks.all()) >= 3
    assert Incident.objects.filter(forms__code="digital").count() >= 8
    other = Incident.objects.filter(platforms__key="other")
    assert all(incident.digital_description for incident in other)


def test_a_second_run_changes_nothing(seeded):
    before = _snapshot()

    with time_machine.travel(TODAY + datetime.timedelta(days=3), tick=False):
        result = demo_seed()

    assert result.created == dict.fromkeys(seeded.created, 0)
    assert _snapshot() == before


def test_a_rerun_leaves_what_the_school_changed_alone(seeded):
    leerkracht = User.objects.get(username="leerkracht")
    leerkracht.set_password("een-eigen-wachtwoord")
    leerkracht.save()
    SchoolGroup.objects.get(name="groep 5").teachers.clear()
    Pupil.objects.filter(student_number="1001").update(first_name="Anders")

    with time_machine.travel(TODAY, tick=False):
        demo_seed()

    leerkracht.refresh_from_db()
    assert leerkracht.check_password("een-eigen-wachtwoord")
    assert not SchoolGroup.objects.get(name="groep 5").teachers.exists()
    assert Pupil.objects.get(student_number="1001").first_name == "Anders"


def test_it_adds_no_incidents_to_a_school_that_already_has_some(on_a_november_morning):
    school = SchoolFactory()
    incident = IncidentFactory()
    InvolvementFactory(incident=incident, pupil=PupilFactory(school=school))

    result = demo_seed()

    assert result.created["incidents"] == 0
    assert Incident.objects.count() == 1
    assert School.objects.count() == 1


def test_early_in_the_year_the_incidents_still_lie_in_the_past():
    with time_machine.travel(datetime.datetime(2026, 8, 19, 9, 0, tzinfo=AMSTERDAM), tick=False):
        demo_seed()
        now = timezone.now()

    assert SchoolYear.objects.get().name == "2026-2027"
    assert Incident.objects.count() == 40
    assert all(i.registered_at <= now for i in Incident.objects.all())
    assert Incident.objects.filter(occurred_on__gte=datetime.date(2026, 8, 19)).count() == 0


def test_it_creates_everything_or_nothing(on_a_november_morning):
    with (
        mock.patch(
            "cases.demo.incidents.Involvement.objects.bulk_create", side_effect=RuntimeError
        ),
        pytest.raises(RuntimeError),
    ):
        demo_seed()

    assert not School.objects.exists()
    assert not User.objects.exists()
    assert not Incident.objects.exists()


def test_the_command_refuses_to_run_without_debug(settings, on_a_november_morning):
    settings.DEBUG = False

    with translation.override("en"), pytest.raises(CommandError, match="--force"):
        call_command("seed_demo", stdout=StringIO())

    assert not School.objects.exists()
    assert not User.objects.exists()


def test_the_command_runs_without_debug_when_forced(settings, on_a_november_morning):
    settings.DEBUG = False

    call_command("seed_demo", "--force", stdout=StringIO())

    assert Pupil.objects.count() == 200


def test_the_command_prints_the_demo_logins(settings, on_a_november_morning):
    settings.DEBUG = True
    out = StringIO()

    with translation.override("en"):
        call_command("seed_demo", stdout=out)
    output = out.getvalue()

    assert "Added: 8 groups, 200 pupils, 6 staff accounts, 40 incidents." in output
    assert f"password {DEMO_PASSWORD}" in output
    for username in ("leerkracht", "leerkracht2", "ib", "directie", "coordinator"):
        assert f"  {username} " in output
    assert "aanspreekpersoon  Hanneke Kuijpers" in output
    assert "coordinator       Iris Bouwman" in output
    assert "groep 5" in output
    assert "/beheer/" in output


def test_a_second_run_of_the_command_says_nothing_changed(settings, on_a_november_morning):
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    out = StringIO()

    with translation.override("en"):
        call_command("seed_demo", stdout=out)

    assert "nothing was changed" in out.getvalue()
    assert "leerkracht2" in out.getvalue()
    assert User.objects.count() == 6
