import re
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from accounts.tests.helpers import otp_login
from confidential.codes import format_code
from confidential.forms import WRONG_CODE
from confidential.models import ConfidentialReport, RateLimitHit, ReportEvent, ReportMessage
from confidential.services import (
    report_forward_as_incident,
    report_note_add,
    report_reply,
    report_status_change,
)
from confidential.tests.factories import ConfidentialReportFactory

pytestmark = pytest.mark.django_db

URL = "/melden/opvolgen/"


def enter_code(client, code, **extra):
    return client.post(URL, {"code": code, "subject": ""}, **extra)


def test_without_a_code_it_asks_for_one(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert response.templates[0].name == "confidential/public/code_form.html"
    assert "no-store" in response["Cache-Control"]


def test_a_reporter_reads_the_reply_with_the_code_and_answers(client, confidant):
    # Someone tells anonymously what is going on ...
    client.post(
        "/melden/",
        {
            "reporter_kind": "pupil",
            "message": "Ik word uitgescholden in de klassenapp.",
            "is_anonymous": "yes",
            "consent_to_forward": "no",
        },
    )
    code = client.get("/melden/bedankt/").context["code"]
    client.post("/melden/opvolgen/klaar/")

    # ... the confidant replies ...
    confidant_client = Client()
    otp_login(confidant_client, confidant)
    report_url = f"/vertrouwelijk/{ConfidentialReport.objects.get().pk}/"
    confidant_client.post(report_url + "antwoord/", {"body": "Dank je. Wil je me vertellen wie?"})

    # ... and days later, on another device, the reporter reads it with the code and answers.
    reporter = Client()
    assert reporter.get(URL).context.get("report") is None
    response = enter_code(reporter, code.lower().replace("-", " "))
    assert response.status_code == 302
    assert response["Location"] == URL
    thread = reporter.get(URL)
    assert "Dank je. Wil je me vertellen wie?" in thread.content.decode()
    assert "Ik word uitgescholden in de klassenapp." in thread.content.decode()

    response = reporter.post(URL + "bericht/", {"body": "Het zijn twee jongens uit groep 7."})
    assert response.status_code == 302
    assert "Het zijn twee jongens uit groep 7." in reporter.get(URL).content.decode()

    inbox = confidant_client.get(report_url)
    assert "Het zijn twee jongens uit groep 7." in inbox.content.decode()
    assert [m.author_kind for m in ReportMessage.objects.all()] == ["confidant", "reporter"]


def test_the_code_is_not_echoed_and_a_wrong_code_says_the_same_whatever_was_typed(
    client, report, code
):
    unknown = enter_code(client, "K7QF-2M9X-HT4P-Z8RD")
    malformed = enter_code(client, "hallo!")
    empty = enter_code(client, "")
    too_long = enter_code(client, "A" * 200)
    for response in (unknown, malformed, empty, too_long):
        assert response.status_code == 200
        assert response.context["code_error"] == WRONG_CODE
    # The very same page for every wrong code (apart from the CSRF token).
    assert strip_csrf(unknown) == strip_csrf(malformed) == strip_csrf(empty)
    assert str(WRONG_CODE) in unknown.content.decode()
    assert client.get(URL).context.get("report") is None


def strip_csrf(response):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def test_a_filled_honeypot_gets_the_wrong_code_answer_even_with_a_good_code(client, code):
    response = client.post(URL, {"code": code, "subject": "http://spam.example"})
    assert response.context["code_error"] == WRONG_CODE
    assert client.get(URL).context.get("report") is None


def wrong_codes(count, *, prefix=None):
    """Well-formed codes that belong to no report, each with its own first two symbols unless
    a prefix is given."""
    alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
    codes = []
    for number in range(count):
        start = prefix or alphabet[number // 32 % 32] + alphabet[number % 32]
        codes.append(start + alphabet[number % 32] * 14)
    return codes


def test_after_ten_wrong_codes_a_wrong_code_is_refused_but_the_right_one_gets_through(
    client, report, code
):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        for wrong in wrong_codes(10):
            assert enter_code(client, wrong).status_code == 200
        refused = enter_code(client, "ZZZZ-ZZZZ-ZZZZ-ZZZY")
        assert refused.status_code == 429
        assert refused["Retry-After"] == "900"
        assert "no-store" in refused["Cache-Control"]

        assert enter_code(client, code).status_code == 302
        assert client.get(URL).context["report"] == report

        traveller.shift(timedelta(minutes=15, seconds=1))
        assert enter_code(client, "ZZZZ-ZZZZ-ZZZZ-ZZZY").status_code == 200


def test_one_pupil_guessing_for_a_quarter_hour_does_not_lock_out_the_others(client, code):
    school = {"REMOTE_ADDR": "198.51.100.7"}
    guesser = Client()
    for wrong in wrong_codes(300):
        assert guesser.post(URL, {"code": wrong, "subject": ""}, **school).status_code in (200, 429)
    assert enter_code(client, code, **school).status_code == 302


def test_a_right_code_is_never_counted_as_an_attempt(client, code):
    for _ in range(20):
        assert enter_code(Client(), code).status_code == 302
    assert RateLimitHit.objects.count() == 0


def test_codes_are_no_longer_checked_after_five_wrong_ones_with_the_same_first_symbols(
    client, report, code
):
    # This is what keeps guessing hopeless: one address can have at most 32 * 32 * 5 codes
    # checked per quarter hour, of 2**80.
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        same_start = [wrong for wrong in wrong_codes(6, prefix=code[:2]) if wrong != code]
        for wrong in same_start[:5]:
            assert enter_code(client, wrong).status_code == 200
        refused = enter_code(client, code)
        assert refused.status_code == 429
        assert client.get(URL).context.get("report") is None
        other_start = next(wrong for wrong in wrong_codes(40) if wrong[:2] != code[:2])
        assert enter_code(client, other_start).status_code == 200

        traveller.shift(timedelta(minutes=15, seconds=1))
        assert enter_code(client, code).status_code == 302
        assert client.get(URL).context["report"] == report


def test_the_limit_counts_per_address_and_behind_a_proxy_per_forwarded_address(
    client, settings, code
):
    settings.BEHIND_PROXY = True
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    for _ in range(10):
        enter_code(client, "X", HTTP_X_FORWARDED_FOR="203.0.113.5", **proxy)
    assert enter_code(client, "X", HTTP_X_FORWARDED_FOR="203.0.113.5", **proxy).status_code == 429
    # A client cannot escape by making up an earlier hop: the proxy's own entry counts.
    spoofed = "198.51.100.1, 203.0.113.5"
    assert enter_code(client, "X", HTTP_X_FORWARDED_FOR=spoofed, **proxy).status_code == 429
    other = enter_code(client, code, HTTP_X_FORWARDED_FOR="203.0.113.6", **proxy)
    assert other.status_code == 302


def test_without_a_proxy_the_forwarded_header_is_ignored(client):
    for attempt in range(10):
        enter_code(client, "X", HTTP_X_FORWARDED_FOR=f"203.0.113.{attempt}")
    assert enter_code(client, "X", HTTP_X_FORWARDED_FOR="203.0.113.99").status_code == 429


def test_access_ends_after_30_idle_minutes(client, report, code):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        enter_code(client, code)
        traveller.shift(timedelta(minutes=29))
        assert client.get(URL).context["report"] == report  # and this extends it
        traveller.shift(timedelta(minutes=29))
        assert client.get(URL).context["report"] == report
        traveller.shift(timedelta(minutes=31))
        assert client.get(URL).context.get("report") is None


def test_a_message_after_access_ended_is_not_stored(client, report, code):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        enter_code(client, code)
        traveller.shift(timedelta(minutes=31))
        response = client.post(URL + "bericht/", {"body": "Nog iets."})
    assert response.status_code == 302
    assert ReportMessage.objects.count() == 0


def test_i_am_done_ends_access_on_this_device(client, code):
    enter_code(client, code)
    response = client.post(URL + "klaar/")
    assert response.status_code == 302
    assert client.get(URL).context.get("report") is None


def test_a_login_on_the_same_browser_does_not_inherit_the_reporters_open_report(
    client, code, teacher
):
    enter_code(client, code)
    assert client.get(URL).context.get("report") is not None

    # A teacher logs in on the classroom computer a pupil just used.
    client.force_login(teacher)

    assert client.get(URL).context.get("report") is None


def test_a_new_code_entry_gives_a_fresh_session(client, code):
    session = client.session
    session["seen"] = True
    session.save()
    before = client.cookies["sessionid"].value
    enter_code(client, code)
    assert client.cookies["sessionid"].value != before


def test_the_thread_shows_no_notes_no_forward_text_and_no_staff_name(
    client, confidant, consenting, incident_facts
):
    report, code = consenting
    report_note_add(report=report, by=confidant, body="Eerst met IB afstemmen.")
    report_forward_as_incident(
        report=report, by=confidant, **{**incident_facts, "description": "Let op in groep 6."}
    )
    report_reply(report=report, by=confidant, body="Ik ga ermee aan de slag.")
    other = ConfidentialReportFactory(message="Een heel andere melding.")
    enter_code(client, code)
    content = client.get(URL).content.decode()
    assert "Ik ga ermee aan de slag." in content
    assert "Eerst met IB afstemmen." not in content
    assert "Let op in groep 6." not in content
    assert confidant.last_name not in content
    assert other.message not in content


def test_a_message_reopens_a_closed_report_and_marks_it_unread(client, report, code, confidant):
    report_status_change(report=report, by=confidant, status="closed")
    report.unread_by_confidant = False
    report.save()
    enter_code(client, code)
    client.post(URL + "bericht/", {"body": "Het is weer begonnen."})
    report.refresh_from_db()
    assert report.status == "in_progress"
    assert report.unread_by_confidant
    event = ReportEvent.objects.filter(kind="status").last()
    assert (event.old_value, event.new_value, event.by) == ("closed", "in_progress", None)


def test_an_overlong_message_is_refused_at_the_field(client, code):
    enter_code(client, code)
    response = client.post(URL + "bericht/", {"body": "y" * 5001})
    assert response.status_code == 200
    assert "5000" in response.context["message_form"].errors["body"][0]
    assert ReportMessage.objects.count() == 0


def test_a_filled_honeypot_on_a_message_stores_nothing(client, code):
    enter_code(client, code)
    response = client.post(URL + "bericht/", {"body": "Buy now", "subject": "x"})
    assert response.status_code == 302
    assert ReportMessage.objects.count() == 0


def test_the_reporter_can_give_permission_to_pass_it_on_later(client, report, code):
    enter_code(client, code)
    client.post(URL + "toestemming/", {"consent_to_forward": "yes"})
    report.refresh_from_db()
    assert report.consent_to_forward
    event = ReportEvent.objects.get(kind="consent")
    assert (event.old_value, event.new_value, event.by) == ("false", "true", None)


def test_the_code_is_shown_grouped_in_the_examples_and_accepted_that_way(client, report, code):
    assert enter_code(client, format_code(code)).status_code == 302


def test_the_reporter_pages_are_never_cached(client, code):
    enter_code(client, code)
    assert "no-store" in client.get(URL)["Cache-Control"]
    assert "no-store" in client.post(URL + "bericht/", {"body": "Hoi"})["Cache-Control"]
    assert "no-store" in client.post(URL + "klaar/")["Cache-Control"]


def test_a_typed_code_never_ends_up_in_an_error_report(client, code):
    response = enter_code(client, code)
    assert response.wsgi_request.sensitive_post_parameters == "__ALL__"
    enter_code(client, code)
    response = client.post(URL + "bericht/", {"body": "Geheim"})
    assert response.wsgi_request.sensitive_post_parameters == "__ALL__"


def test_the_31st_message_within_an_hour_is_refused_and_handed_back(client, code):
    enter_code(client, code)
    for number in range(30):
        assert client.post(URL + "bericht/", {"body": f"Bericht {number}"}).status_code == 302
    refused = client.post(URL + "bericht/", {"body": "Nog eentje"})
    assert refused.status_code == 429
    assert refused.context["text"] == "Nog eentje"
    assert ReportMessage.objects.count() == 30


def test_a_filled_honeypot_on_a_message_over_the_limit_is_refused_without_an_error(client, code):
    enter_code(client, code)
    for number in range(30):
        client.post(URL + "bericht/", {"body": f"Bericht {number}"})
    refused = client.post(URL + "bericht/", {"body": "Buy now", "subject": "x"})
    assert refused.status_code == 429
    assert ReportMessage.objects.count() == 30
