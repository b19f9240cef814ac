import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.tests.helpers import otp_login
from confidential.models import ReportStatus
from confidential.tests.factories import ConfidentialReportFactory, ReportMessageFactory

pytestmark = pytest.mark.django_db

URL = "/vertrouwelijk/"


@pytest.mark.parametrize("outsider", ["teacher", "ib", "directie", "coordinator", "superuser"])
def test_everyone_but_the_confidant_gets_404(client, request, outsider, report):
    otp_login(client, request.getfixturevalue(outsider))
    assert client.get(URL).status_code == 404
    assert client.get(f"{URL}{report.pk}/").status_code == 404


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, report):
    for url in (URL, f"{URL}{report.pk}/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/inloggen/")


def test_the_confidant_sees_every_report(client, confidant):
    reports = ConfidentialReportFactory.create_batch(3)
    otp_login(client, confidant)
    response = client.get(URL)
    assert response.status_code == 200
    assert set(response.context["page"].object_list) == set(reports)
    assert "no-store" in response["Cache-Control"]


def test_the_head_who_is_also_the_confidant_sees_the_inbox(client, confidant_and_directie):
    otp_login(client, confidant_and_directie)
    assert client.get(URL).status_code == 200


def test_an_inactive_confidant_cannot_get_in(client, confidant, report):
    confidant.is_active = False
    confidant.save()
    otp_login(client, confidant)
    assert client.get(URL).status_code in (302, 404)
    assert client.get(f"{URL}{report.pk}/").status_code in (302, 404)


def test_it_filters_by_status_and_counts_each(client, confidant):
    new = ConfidentialReportFactory.create_batch(2)
    busy = ConfidentialReportFactory(status=ReportStatus.IN_PROGRESS)
    closed = ConfidentialReportFactory(status=ReportStatus.CLOSED, unread_by_confidant=False)
    otp_login(client, confidant)

    response = client.get(URL, {"status": "new"})
    assert set(response.context["page"].object_list) == set(new)
    assert list(client.get(URL, {"status": "in_progress"}).context["page"].object_list) == [busy]
    assert list(client.get(URL, {"status": "closed"}).context["page"].object_list) == [closed]
    counts = {value: count for value, _label, count in response.context["tabs"]}
    assert counts == {"": 4, "new": 2, "in_progress": 1, "closed": 1}


def test_an_unknown_filter_shows_everything(client, confidant):
    ConfidentialReportFactory.create_batch(2)
    otp_login(client, confidant)
    response = client.get(URL, {"status": "'; drop table"})
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 2


def test_unread_reports_come_first(client, confidant):
    read = ConfidentialReportFactory(unread_by_confidant=False)
    unread = ConfidentialReportFactory()
    otp_login(client, confidant)
    assert list(client.get(URL).context["page"].object_list) == [unread, read]


@pytest.mark.parametrize("amount", [5, 50])
def test_the_inbox_makes_the_same_number_of_queries_for_5_or_50_reports(
    client, confidant, django_assert_num_queries, amount
):
    for report in ConfidentialReportFactory.create_batch(amount):
        ReportMessageFactory.create_batch(2, report=report)
    otp_login(client, confidant)
    # session, user, roles, page count, page, status counts, unread count in the menu, the
    # confidant's unread notices (the session is not rewritten within a minute)
    with django_assert_num_queries(10):
        response = client.get(URL)
    assert len(response.context["page"].object_list) == amount
    assert response.context["page"].object_list[0].message_count == 2


def test_the_menu_shows_the_confidant_how_many_reports_are_new(client, confidant):
    ConfidentialReportFactory.create_batch(2)
    ConfidentialReportFactory(unread_by_confidant=False)
    otp_login(client, confidant)
    response = client.get(URL)
    assert response.context["confidential_unread_count"] == 2
    assert 'href="/vertrouwelijk/"' in response.content.decode()


@pytest.mark.parametrize("outsider", ["teacher", "directie", "superuser"])
def test_the_menu_has_no_confidential_link_or_count_for_others(client, request, outsider):
    ConfidentialReportFactory()
    otp_login(client, request.getfixturevalue(outsider))
    response = client.get("/meldingen/")
    assert "confidential_unread_count" not in response.context
    assert 'href="/vertrouwelijk/"' not in response.content.decode()


def test_other_users_pages_make_no_confidential_query(client, teacher):
    ConfidentialReportFactory()
    otp_login(client, teacher)
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/meldingen/")
    assert response.status_code == 200
    assert captured.captured_queries
    assert not any("confidential" in query["sql"] for query in captured.captured_queries)
