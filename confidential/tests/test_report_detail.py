import pytest

from accounts.tests.helpers import otp_login
from confidential.models import ReportEvent
from confidential.services import report_follow_up
from confidential.tests.factories import ReportMessageFactory

pytestmark = pytest.mark.django_db


def url(report, action=""):
    return f"/vertrouwelijk/{report.pk}/{action}"


def test_the_confidant_reads_the_whole_report(client, confidant, consenting_report):
    report_follow_up(report=consenting_report, body="Het gebeurt ook na schooltijd.")
    otp_login(client, confidant)
    response = client.get(url(consenting_report))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Mijn dochter wordt in de klassenapp buitengesloten." in content
    assert "Het gebeurt ook na schooltijd." in content
    assert "Marieke de Boer" in content
    assert "06-12345678" in content
    assert "no-store" in response["Cache-Control"]


def test_opening_a_report_marks_it_read(client, confidant, report):
    otp_login(client, confidant)
    client.get(url(report))
    report.refresh_from_db()
    assert not report.unread_by_confidant
    assert report.first_read_at is not None


def test_an_unknown_report_is_404(client, confidant):
    otp_login(client, confidant)
    assert client.get("/vertrouwelijk/999999/").status_code == 404


@pytest.mark.parametrize("amount", [1, 20])
def test_the_report_page_makes_a_constant_number_of_queries(
    client, confidant, report, django_assert_num_queries, amount
):
    ReportMessageFactory.create_batch(amount, report=report)
    otp_login(client, confidant)
    client.get(url(report))  # marks it read once
    # session, user, roles, report, messages, notes, forwards, history, menu count, the
    # opening noted and listed (who opened it), its notices marked read and the unread
    # notices; the session is not rewritten within a minute
    with django_assert_num_queries(15):
        assert client.get(url(report)).status_code == 200


@pytest.mark.parametrize("outsider", ["teacher", "ib", "directie", "coordinator", "superuser"])
@pytest.mark.parametrize("action", ["antwoord/", "notitie/", "status/", "doorgeven/"])
def test_outsiders_cannot_act_on_a_report(client, request, outsider, action, consenting_report):
    otp_login(client, request.getfixturevalue(outsider))
    data = {"body": "x", "status": "closed", "recipient": "ib", "text": "x"}
    assert client.post(url(consenting_report, action), data).status_code == 404
    assert client.get(url(consenting_report, action)).status_code == 404
    consenting_report.refresh_from_db()
    assert consenting_report.status == "new"
    assert not consenting_report.messages.exists()
    assert not consenting_report.notes.exists()
    assert not consenting_report.forwards.exists()


def test_a_reply_is_stored_for_the_reporter_and_starts_the_work(client, confidant, report):
    otp_login(client, confidant)
    response = client.post(url(report, "antwoord/"), {"body": "Fijn dat je het vertelt."})
    assert response.status_code == 302
    message = report.messages.get()
    assert (message.author_kind, message.author, message.body) == (
        "confidant",
        confidant,
        "Fijn dat je het vertelt.",
    )
    report.refresh_from_db()
    assert report.status == "in_progress"


def test_an_empty_reply_is_refused_at_the_field(client, confidant, report):
    otp_login(client, confidant)
    response = client.post(url(report, "antwoord/"), {"body": "  "})
    assert response.status_code == 200
    assert response.context["reply_form"].errors["body"]
    assert not report.messages.exists()


def test_a_note_stays_with_the_confidant(client, confidant, report):
    otp_login(client, confidant)
    client.post(url(report, "notitie/"), {"body": "Volgende week opnieuw kijken."})
    note = report.notes.get()
    assert (note.author, note.body) == (confidant, "Volgende week opnieuw kijken.")
    assert not report.messages.exists()


def test_a_status_change_is_recorded(client, confidant, report):
    otp_login(client, confidant)
    client.post(url(report, "status/"), {"status": "closed"})
    report.refresh_from_db()
    assert report.status == "closed"
    event = ReportEvent.objects.get()
    assert (event.kind, event.old_value, event.new_value, event.by) == (
        "status",
        "new",
        "closed",
        confidant,
    )


def test_an_unknown_status_changes_nothing(client, confidant, report):
    otp_login(client, confidant)
    client.post(url(report, "status/"), {"status": "archived"})
    report.refresh_from_db()
    assert report.status == "new"
    assert not ReportEvent.objects.exists()


def test_replies_and_forwarded_text_never_end_up_in_an_error_report(
    client, confidant, consenting_report
):
    otp_login(client, confidant)
    for action in ("antwoord/", "notitie/", "doorgeven/"):
        response = client.post(url(consenting_report, action), {"body": "", "text": ""})
        assert response.wsgi_request.sensitive_post_parameters == "__ALL__"
