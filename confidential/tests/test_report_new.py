from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from django.utils.translation import gettext

from confidential.codes import normalize_code
from confidential.forms import ReportForm
from confidential.models import ConfidentialReport, RateLimitHit
from confidential.services import report_find_by_code

pytestmark = pytest.mark.django_db

URL = "/melden/"


def valid_data(**overrides):
    data = {
        "reporter_kind": "pupil",
        "message": "Op het plein schoppen ze me steeds als de juf niet kijkt.",
        "is_anonymous": "yes",
        "reporter_name": "",
        "reporter_contact": "",
        "consent_to_forward": "no",
        "subject": "",
    }
    data.update(overrides)
    return data


def test_the_form_opens_without_logging_in(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert isinstance(response.context["form"], ReportForm)
    assert b'name="viewport"' in response.content


def test_the_form_and_the_thank_you_page_are_never_cached(client):
    assert "no-store" in client.get(URL)["Cache-Control"]
    response = client.post(URL, valid_data())
    assert "no-store" in response["Cache-Control"]
    assert "no-store" in client.get("/melden/bedankt/")["Cache-Control"]


def test_the_honeypot_is_hidden_by_a_css_class_not_an_inline_style(client):
    content = client.get(URL).content.decode()
    assert 'class="hp-field"' in content
    assert 'name="subject"' in content
    assert "style=" not in content


def test_an_anonymous_report_is_stored_without_a_name(client):
    response = client.post(URL, valid_data())
    assert response.status_code == 302
    assert response["Location"] == "/melden/bedankt/"
    report = ConfidentialReport.objects.get()
    assert report.is_anonymous
    assert report.reporter_name == report.reporter_contact == ""
    assert report.reporter_kind == "pupil"
    assert report.status == "new"
    assert report.unread_by_confidant
    assert not report.consent_to_forward


def test_a_report_with_name_and_contact_keeps_them(client):
    client.post(
        URL,
        valid_data(
            reporter_kind="parent",
            is_anonymous="no",
            reporter_name="Marieke de Boer",
            reporter_contact="marieke@example.test",
            consent_to_forward="yes",
        ),
    )
    report = ConfidentialReport.objects.get()
    assert not report.is_anonymous
    assert report.reporter_name == "Marieke de Boer"
    assert report.reporter_contact == "marieke@example.test"
    assert report.consent_to_forward


def test_the_code_is_shown_once_and_not_in_the_address(client):
    response = client.post(URL, valid_data())
    assert "code" not in response["Location"].lower()
    first = client.get("/melden/bedankt/")
    code = first.context["code"]
    assert code is not None
    assert code in first.content.decode()
    assert report_find_by_code(raw_code=code) == ConfidentialReport.objects.get()
    second = client.get("/melden/bedankt/")
    assert second.context["code"] is None
    assert normalize_code(code) not in normalize_code(second.content.decode())
    assert "confidential_new_code" not in client.session


def test_the_reporter_can_add_to_the_new_report_at_once_without_typing_the_code(client):
    client.post(URL, valid_data())
    response = client.get("/melden/opvolgen/")
    assert response.context["report"] == ConfidentialReport.objects.get()


def test_the_thank_you_page_offers_to_close_the_report_on_this_device_at_once(client):
    # Sending opens the report on this device; on a shared computer the next person must
    # not find it behind "I already have a code".
    client.post(URL, valid_data())
    for thanks in (client.get("/melden/bedankt/"), client.get("/melden/bedankt/")):
        content = thanks.content.decode()
        assert 'action="/melden/opvolgen/klaar/"' in content
        assert gettext("I am done") in content
        assert thanks.context["access_minutes"] == 30
    client.post("/melden/opvolgen/klaar/")
    assert client.get("/melden/opvolgen/").context.get("report") is None


def test_a_filled_honeypot_looks_like_success_but_stores_nothing(client):
    response = client.post(URL, valid_data(subject="cheap pills"))
    assert response.status_code == 302
    assert response["Location"] == "/melden/bedankt/"
    thanks = client.get("/melden/bedankt/")
    assert thanks.context["code"] is not None
    assert ConfidentialReport.objects.count() == 0
    assert report_find_by_code(raw_code=thanks.context["code"]) is None


def test_an_overlong_message_is_refused_at_the_field_and_nothing_is_saved(client):
    response = client.post(URL, valid_data(message="x" * 5001))
    assert response.status_code == 200
    errors = response.context["form"].errors["message"]
    assert len(errors) == 1
    assert "5000" in errors[0] and "5001" in errors[0]
    assert errors[0] in response.content.decode()
    assert ConfidentialReport.objects.count() == 0


def test_a_message_of_exactly_5000_characters_counting_line_breaks_once_is_accepted(client):
    message = ("a" * 99 + "\r\n") * 50  # 5,000 characters as the browser counts them
    response = client.post(URL, valid_data(message=message))
    assert response.status_code == 302
    assert len(ConfidentialReport.objects.get().message) == 4999  # stripped of the last break


def test_an_overlong_name_or_contact_is_refused_at_its_field(client):
    response = client.post(
        URL,
        valid_data(is_anonymous="no", reporter_name="n" * 101, reporter_contact="c" * 201),
    )
    errors = response.context["form"].errors
    assert "100" in errors["reporter_name"][0]
    assert "200" in errors["reporter_contact"][0]
    assert ConfidentialReport.objects.count() == 0


def test_it_asks_for_a_name_when_the_reporter_chose_to_give_one(client):
    response = client.post(URL, valid_data(is_anonymous="no"))
    assert "reporter_name" in response.context["form"].errors
    assert ConfidentialReport.objects.count() == 0


def test_it_keeps_no_name_when_the_reporter_chose_anonymous_but_typed_one(client):
    response = client.post(URL, valid_data(reporter_name="Sem"))
    assert "reporter_name" in response.context["form"].errors
    assert ConfidentialReport.objects.count() == 0


def test_it_asks_for_an_answer_about_passing_it_on(client):
    data = valid_data()
    del data["consent_to_forward"]
    response = client.post(URL, data)
    assert "consent_to_forward" in response.context["form"].errors
    assert ConfidentialReport.objects.count() == 0


def test_the_sixth_report_within_an_hour_from_one_address_is_refused_until_the_hour_passed(
    client,
):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        for _ in range(5):
            assert client.post(URL, valid_data()).status_code == 302
        refused = client.post(URL, valid_data())
        assert refused.status_code == 429
        assert refused["Retry-After"] == "3600"
        assert "no-store" in refused["Cache-Control"]
        assert refused.context["text"] == valid_data()["message"]
        assert ConfidentialReport.objects.count() == 5

        other_address = client.post(URL, valid_data(), REMOTE_ADDR="192.0.2.77")
        assert other_address.status_code == 302

        traveller.shift(timedelta(hours=1, seconds=1))
        assert client.post(URL, valid_data()).status_code == 302
    assert ConfidentialReport.objects.count() == 7


def test_forms_with_mistakes_do_not_use_up_the_limit(client):
    for _ in range(8):
        client.post(URL, valid_data(message=""))
    assert client.post(URL, valid_data()).status_code == 302


def test_the_address_is_stored_only_hashed(client):
    client.post(URL, valid_data(), REMOTE_ADDR="198.51.100.23")
    hit = RateLimitHit.objects.get()
    assert "198.51.100.23" not in hit.address_hash
    assert len(hit.address_hash) == 64


def test_what_was_posted_never_ends_up_in_an_error_report(client):
    response = client.post(URL, valid_data(message=""))
    assert response.wsgi_request.sensitive_post_parameters == "__ALL__"


def test_a_filled_honeypot_over_the_limit_is_refused_without_an_error(client):
    for _ in range(5):
        assert client.post(URL, valid_data()).status_code == 302
    refused = client.post(URL, valid_data(subject="autofilled"))
    assert refused.status_code == 429
    assert refused.context["text"] == ""
    assert ConfidentialReport.objects.count() == 5
