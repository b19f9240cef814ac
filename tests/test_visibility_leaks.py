"""Nothing of another group leaks to a teacher: not in the list, a search, a count, the home
page or the CSV export; confidential reports reach nobody but the aanspreekpersoon; and a
teacher's group taken away counts from the very next request.

Object pages (detail, attachments, history, and PDFs as they come) answer 404 to outsiders:
tests/test_access_matrix.py checks that for every URL.
"""

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from accounts.models import Role
from accounts.tests.helpers import otp_login, password_login
from cases.incidents.corrections import incident_correct
from cases.models import (
    AccessAction,
    AccessLog,
    ActionPlan,
    IncidentReview,
    ParentContact,
    SignalObservation,
    Suspension,
)
from cases.pupils.selectors import signal_observations_visible_to
from cases.review.weeks import Week
from cases.school.services import teacher_groups_set
from cases.stappenplan.selectors import my_work
from cases.visibility.permissions import visibility_sync
from confidential.tests.factories import ConfidentialReportFactory
from protocol.models import Signal
from tests.factories import (
    CaseFactory,
    IncidentFactory,
    InvolvementFactory,
    SchoolYearFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

LIST = reverse("cases:incident_list")
EXPORT = reverse("cases:incident_export")


@pytest.fixture
def incidents(teacher, other_teacher, pupil_5, pupil_7):
    """One incident and case of groep 5 (the teacher's), two of groep 7 (not hers)."""
    made = {}
    for name, pupil, registered_by in (
        ("own", pupil_5, other_teacher),
        ("other", pupil_7, other_teacher),
        ("other_2", pupil_7, other_teacher),
    ):
        case = CaseFactory(title=f"Dossier {name}")
        incident = IncidentFactory(registered_by=registered_by, case=case, location="gym")
        InvolvementFactory(incident=incident, pupil=pupil)
        made[name] = incident
    visibility_sync()
    return made


@pytest.fixture
def as_teacher(client, teacher):
    password_login(client, teacher)
    return client


def test_the_list_shows_only_her_groups_incidents(as_teacher, incidents, pupil_7):
    response = as_teacher.get(LIST)

    assert list(response.context["incidents"]) == [incidents["own"]]
    assert pupil_7.full_name not in response.content.decode()


def test_a_search_for_the_other_group_finds_nothing(as_teacher, incidents, group_7, pupil_7):
    response = as_teacher.get(LIST, {"group": group_7.pk})

    assert list(response.context["incidents"]) == []
    assert pupil_7.full_name not in response.content.decode()


@pytest.mark.parametrize("params", [{}, {"classification": "undetermined"}, {"late": "no"}])
def test_the_count_counts_only_what_she_may_see(as_teacher, incidents, params):
    response = as_teacher.get(LIST, params)

    assert response.context["page"].paginator.count == 1


def test_the_home_page_shows_nothing_of_the_other_group(as_teacher, incidents, pupil_7):
    response = as_teacher.get(reverse("home"), follow=True)

    assert response.status_code == 200
    assert pupil_7.full_name not in response.content.decode()


def test_the_home_page_lists_only_her_groups_cases(as_teacher, incidents):
    response = as_teacher.get(reverse("home"))

    html = response.content.decode()
    assert incidents["own"].case.get_absolute_url() in html
    assert incidents["other"].case.get_absolute_url() not in html


def test_the_case_list_shows_only_her_groups_cases(as_teacher, incidents, pupil_7):
    response = as_teacher.get(reverse("cases:case_list"))

    assert [row["case"] for row in response.context["rows"]] == [incidents["own"].case]
    assert pupil_7.full_name not in response.content.decode()


def test_the_pdfs_of_another_groups_case_are_not_found(as_teacher, incidents, pupil_7, ib):
    case = incidents["other"].case
    plan = ActionPlan.objects.create(
        case=case,
        created_by=ib,
        period_start="2027-03-15",
        period_end="2027-03-29",
        analysis="Analyse.",
        goals="Doelen.",
        evaluate_on="2027-03-29",
    )
    suspension = Suspension.objects.create(
        case=case,
        created_by=ib,
        pupil=pupil_7,
        start_date="2027-03-15",
        end_date="2027-03-15",
        school_days=1,
        reason="Reden.",
        objection_procedure="Bezwaar.",
    )

    for url in (
        reverse("cases:action_plan_pdf", args=[case.pk, plan.pk]),
        reverse("cases:suspension_letter_pdf", args=[case.pk, suspension.pk]),
        # Nor through her own case's address.
        reverse("cases:action_plan_pdf", args=[incidents["own"].case.pk, plan.pk]),
    ):
        assert as_teacher.get(url).status_code == 404, url
    assert not AccessLog.objects.filter(action=AccessAction.PDF).exists()


def test_the_pupil_search_finds_no_pupil_of_the_other_group(as_teacher, incidents, pupil_7):
    for params in ({}, {"q": pupil_7.first_name}, {"q": pupil_7.student_number}):
        response = as_teacher.get(reverse("cases:pupil_list"), params)

        assert response.context["page"].paginator.count == (1 if not params else 0)
        assert reverse("cases:pupil_detail", args=[pupil_7.pk]) not in response.content.decode()


def test_her_pupils_page_shows_nothing_of_the_other_group(
    as_teacher, incidents, pupil_5, pupil_7, other_teacher
):
    # Sem (hers) is also a bystander in an incident of groep 7 she may see through him:
    # that one shows; the groep 7 cases of which Sem is no part do not.
    shared = IncidentFactory(registered_by=other_teacher, case=incidents["other"].case)
    InvolvementFactory(incident=shared, pupil=pupil_5, role="bystander")
    visibility_sync()

    response = as_teacher.get(reverse("cases:pupil_detail", args=[pupil_5.pk]))

    shown = {(entry.kind, entry.obj.pk) for entry in response.context["entries"]}
    assert ("incident", incidents["other_2"].pk) not in shown
    assert ("incident", incidents["own"].pk) in shown
    assert as_teacher.get(reverse("cases:pupil_detail", args=[pupil_7.pk])).status_code == 404


def test_the_correction_page_of_another_groups_incident_is_not_found(as_teacher, incidents):
    url = reverse("cases:incident_correct", args=[incidents["other"].pk])

    assert as_teacher.get(url).status_code == 404
    assert as_teacher.post(url, {"reason": "x"}).status_code == 404


def test_a_correction_that_takes_her_pupil_off_an_incident_takes_it_from_her(
    as_teacher, teacher, ib, incidents, pupil_5, pupil_7
):
    incident = incidents["own"]
    assert as_teacher.get(incident.get_absolute_url()).status_code == 200

    incident_correct(
        incident=incident,
        by=ib,
        reason="Het ging om een leerling van groep 7.",
        occurred_on=incident.occurred_on,
        occurred_time=incident.occurred_time,
        reporter_kind=incident.reporter_kind,
        reporter_name=incident.reporter_name,
        location=incident.location,
        description=incident.description,
        digital_description="",
        classification=incident.classification,
        severity=incident.severity,
        forms=[],
        examples=[],
        platforms=[],
        marks=[],
        involvements=[(pupil_7, "victim")],
    )

    assert as_teacher.get(incident.get_absolute_url()).status_code == 404
    assert as_teacher.get(LIST).context["page"].paginator.count == 0


def test_signals_recorded_by_her_colleague_about_another_groups_pupil_stay_hidden(
    as_teacher, teacher, other_teacher, incidents, pupil_5, pupil_7
):
    signal = Signal.objects.create(key="victim-quiet", kind="victim", text="Zijn stil.")
    SignalObservation.objects.create(
        pupil=pupil_7,
        signal=signal,
        observed_on="2026-11-02",
        note="Noah zit alleen.",
        recorded_by=other_teacher,
        recorded_at="2026-11-02T10:00:00Z",
    )

    assert not signal_observations_visible_to(teacher).exists()
    url = reverse("cases:pupil_signals_record", args=[pupil_7.pk])
    assert as_teacher.post(url, {"signals": [signal.pk]}).status_code == 404
    html = as_teacher.get(reverse("cases:pupil_detail", args=[pupil_5.pk])).content.decode()
    assert "Noah zit alleen." not in html


def test_the_inzage_export_of_another_groups_pupil_is_not_found(as_teacher, incidents, pupil_7):
    assert as_teacher.get(reverse("cases:pupil_inzage", args=[pupil_7.pk])).status_code == 404
    transfer = reverse("cases:pupil_transfer", args=[pupil_7.pk])
    assert as_teacher.post(transfer, {"sections": ["cases"]}).status_code == 404
    assert as_teacher.get(reverse("cases:pupil_accesses", args=[pupil_7.pk])).status_code == 404
    comment = reverse("cases:pupil_comment_record", args=[pupil_7.pk])
    assert as_teacher.post(comment, {"text": "x"}).status_code == 404
    assert not AccessLog.objects.filter(action=AccessAction.EXPORT).exists()


def test_the_privacy_pages_name_no_pupil(client, directie, incidents, pupil_5, pupil_7):
    pupil_7.left_on = "2020-01-01"
    pupil_7.save()
    otp_login(client, directie)

    for name in ("cases:privacy", "cases:retention"):
        html = client.get(reverse(name)).content.decode()
        for pupil in (pupil_5, pupil_7):
            assert pupil.last_name not in html, name


def test_no_letter_to_the_parents_of_another_groups_pupil(as_teacher, incidents, pupil_7):
    other, own = incidents["other"].case, incidents["own"].case
    letter = {"pupil": pupil_7.pk, "kind": "advice"}

    assert (
        as_teacher.post(reverse("cases:parent_letter", args=[other.pk]), letter).status_code == 404
    )
    # Nor through her own case's address: the pupil is not one of its pupils.
    response = as_teacher.post(reverse("cases:parent_letter", args=[own.pk]), letter)
    assert response["Content-Type"] != "application/pdf"
    assert not ParentContact.objects.exists()
    contact = ParentContact.objects.create(
        case=other,
        created_by=other.opened_by,
        pupil=pupil_7,
        contacted_on="2027-03-15",
        channel="letter",
        summary="Brief.",
    )
    pdf = reverse("cases:parent_letter_pdf", args=[other.pk, contact.pk, "advice"])
    assert as_teacher.get(pdf).status_code == 404
    assert not AccessLog.objects.filter(action=AccessAction.PDF).exists()


def test_her_work_list_holds_only_her_groups_cases(teacher, incidents):
    work = my_work(teacher)

    assert list(work["cases"]) == [incidents["own"].case]


def _rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content if response.streaming else [response.content])
    return list(csv.reader(io.StringIO(text.decode("utf-8-sig")), delimiter=";"))


def test_the_csv_holds_only_her_groups_incidents(as_teacher, incidents, pupil_5, pupil_7):
    response = as_teacher.get(EXPORT)

    rows = _rows(response)
    assert response["Content-Type"].startswith("text/csv")
    assert [row[0] for row in rows[1:]] == [str(incidents["own"].pk)]
    assert pupil_5.full_name in rows[1][4]
    assert pupil_7.full_name not in response.content.decode("utf-8-sig")


def test_the_csv_of_the_ib_holds_every_incident(client, ib, incidents):
    otp_login(client, ib)

    assert len(_rows(client.get(EXPORT))) == 1 + 3


def test_taking_her_group_away_counts_from_her_next_request(
    as_teacher, teacher, directie, incidents
):
    assert as_teacher.get(LIST).context["page"].paginator.count == 1
    assert as_teacher.get(incidents["own"].get_absolute_url()).status_code == 200

    teacher_groups_set(user=teacher, groups=[], by=directie)

    assert as_teacher.get(LIST).context["page"].paginator.count == 0
    assert as_teacher.get(incidents["own"].get_absolute_url()).status_code == 404
    assert len(_rows(as_teacher.get(EXPORT))) == 1
    assert list(my_work(teacher)["cases"]) == []


# --- The weekoverzicht ----------------------------------------------------------------------

WEEK = reverse("reporting:week")


def _this_week() -> dict:
    return {"week": str(Week.containing(timezone.localdate()))}


def test_the_weekoverzicht_is_refused_to_a_teacher(as_teacher, incidents, pupil_7):
    for url in (WEEK, reverse("reporting:week_export")):
        response = as_teacher.get(url, _this_week())
        assert response.status_code == 403, url
        assert pupil_7.full_name not in response.content.decode()


def test_the_aanspreekpersoon_alone_sees_nothing_of_the_weekoverzicht(
    client, confidant, incidents, pupil_7
):
    otp_login(client, confidant)

    for url in (WEEK, reverse("reporting:week_export")):
        response = client.get(url, _this_week())
        assert response.status_code == 403, url
        assert pupil_7.full_name not in response.content.decode()
    response = client.post(reverse("reporting:incident_review", args=[incidents["own"].pk]))
    assert response.status_code == 404
    assert not IncidentReview.objects.exists()


def test_a_teacher_cannot_review_a_registration_of_another_group(as_teacher, incidents):
    response = as_teacher.post(reverse("reporting:incident_review", args=[incidents["other"].pk]))

    assert response.status_code == 404
    assert not IncidentReview.objects.exists()


@pytest.mark.parametrize("role", [Role.IB, Role.DIRECTIE, Role.COORDINATOR])
def test_the_school_wide_roles_see_every_groups_registrations(client, role, incidents, pupil_7):
    otp_login(client, UserFactory(roles=[role]))

    response = client.get(WEEK, _this_week())

    assert pupil_7.full_name in response.content.decode()
    assert response.context["registrations"].count == 3
    assert len(_rows(client.get(reverse("reporting:week_export"), _this_week()))) == 1 + 3


# --- The confidential channel -------------------------------------------------------------------


@pytest.mark.parametrize(
    "role", [Role.TEACHER, Role.IB, Role.DIRECTIE, Role.COORDINATOR, "superuser"]
)
def test_confidential_reports_reach_nobody_but_the_aanspreekpersoon(client, role):
    report = ConfidentialReportFactory(message="Ik word gepest in de bus.")
    if role == "superuser":
        user = UserFactory(is_superuser=True, is_staff=True)
    else:
        user = UserFactory(roles=[role])
    otp_login(client, user)

    for url in (
        reverse("confidential:inbox"),
        reverse("confidential:report_detail", args=[report.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "gepest in de bus" not in response.content.decode()
    # The admin sends whoever is not staff to its own login; staff find nothing registered.
    for url in (
        "/beheer/confidential/confidentialreport/",
        f"/beheer/confidential/confidentialreport/{report.pk}/change/",
    ):
        response = client.get(url)
        assert response.status_code == (404 if user.is_staff else 302), url
        assert "gepest in de bus" not in response.content.decode()


def test_the_aanspreekpersoon_reads_the_report(client, confidant):
    report = ConfidentialReportFactory(message="Ik word gepest in de bus.")
    otp_login(client, confidant)

    response = client.get(reverse("confidential:report_detail", args=[report.pk]))

    assert "gepest in de bus" in response.content.decode()


def test_a_superuser_who_is_also_directie_still_sees_no_confidential_report(client):
    user = UserFactory(is_superuser=True, is_staff=True, roles=[Role.DIRECTIE])
    report = ConfidentialReportFactory()
    otp_login(client, user)

    assert client.get(reverse("confidential:report_detail", args=[report.pk])).status_code == 404


def test_a_second_browser_of_the_teacher_is_cut_off_too(teacher, directie, incidents):
    laptop, phone = Client(), Client()
    password_login(laptop, teacher)
    password_login(phone, teacher)

    teacher_groups_set(user=teacher, groups=[], by=directie)

    for browser in (laptop, phone):
        assert browser.get(incidents["own"].get_absolute_url()).status_code == 404


# --- Trends and the yearly report: counts only, for the school-wide roles ----------------------


@pytest.mark.parametrize("role", [Role.TEACHER, Role.CONFIDANT])
def test_the_trends_are_refused_to_teachers_and_the_aanspreekpersoon(client, role, incidents):
    user = UserFactory(roles=[role])
    otp_login(client, user)

    for url in (
        reverse("trends:page"),
        reverse("trends:csv", args=["group"]),
        reverse("monitor:page"),
    ):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "groep 7" not in response.content.decode()


def test_the_trends_name_no_pupil(client, coordinator, incidents, pupil_5, pupil_7):
    SchoolYearFactory(school=pupil_5.school)
    otp_login(client, coordinator)

    pages = [client.get(reverse("trends:page"))]
    pages += [client.get(reverse("trends:csv", args=[key])) for key in ("group", "role", "summary")]
    for response in pages:
        assert response.status_code == 200
        text = response.content.decode("utf-8-sig")
        assert pupil_5.full_name not in text
        assert pupil_7.full_name not in text
        assert pupil_7.last_name not in text


@pytest.mark.parametrize("role", [Role.TEACHER, Role.CONFIDANT])
def test_the_yearly_report_is_refused_to_teachers_and_the_aanspreekpersoon(
    client, role, incidents, pupil_5
):
    year = SchoolYearFactory(school=pupil_5.school)
    otp_login(client, UserFactory(roles=[role]))

    for name in ("yearly:report", "yearly:pdf"):
        assert client.get(reverse(name, args=[year.pk])).status_code == 403, name


def test_the_yearly_report_names_no_pupil_and_no_confidential_content(
    client, coordinator, confidant, incidents, pupil_5, pupil_7
):
    year = SchoolYearFactory(school=pupil_5.school)
    ConfidentialReportFactory(
        message="Ik word gepest in de bus.", is_anonymous=False, reporter_name="Kim Vos"
    )
    otp_login(client, confidant)
    client.post(
        reverse("yearly:contribution", args=[year.pk]), {"text": "Rustig jaar.", "release": ""}
    )
    otp_login(client, coordinator)

    page = client.get(reverse("yearly:report", args=[year.pk])).content.decode()
    pdf = client.get(reverse("yearly:pdf", args=[year.pk])).content
    pdf_text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    for text in (page, pdf_text):
        assert "Rustig jaar." in text
        for secret in ("gepest in de bus", "Kim Vos", pupil_5.full_name, pupil_7.full_name):
            assert secret not in text
