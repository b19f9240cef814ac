import pytest
from django.urls import reverse

from cases.conftest import image_bytes, pdf_bytes, upload
from cases.incidents.attachments import attachment_inspect, attachments_store_pending
from cases.models import Attachment
from cases.visibility.permissions import visibility_sync
from tests.factories import IncidentFactory

pytestmark = pytest.mark.django_db


def attach(incident, user, name, content):
    file = upload(name, content)
    attachment = attachments_store_pending(
        uploads=[(file, attachment_inspect(file))], uploaded_by=user
    )[0]
    Attachment.objects.filter(pk=attachment.pk).update(incident=incident)
    attachment.refresh_from_db()
    return attachment


@pytest.fixture
def incident(teacher):
    incident = IncidentFactory(registered_by=teacher)
    visibility_sync(incidents=[incident])
    return incident


def download_url(attachment, incident_pk=None):
    return reverse(
        "cases:attachment_download", args=[incident_pk or attachment.incident_id, attachment.pk]
    )


def test_a_pdf_is_sent_as_a_download_with_its_original_name(client, teacher, incident):
    attachment = attach(incident, teacher, "verslag gesprek.pdf", pdf_bytes())
    client.force_login(teacher)

    response = client.get(download_url(attachment))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="verslag gesprek.pdf"'
    assert b"".join(response.streaming_content) == pdf_bytes()


def test_an_image_is_shown_inline_with_safe_headers(client, teacher, incident):
    attachment = attach(incident, teacher, "screenshot.png", image_bytes("PNG"))
    client.force_login(teacher)

    response = client.get(download_url(attachment))

    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"] == 'inline; filename="screenshot.png"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"


def test_a_name_with_accents_is_encoded_for_the_header(client, teacher, incident):
    attachment = attach(incident, teacher, "één foto.png", image_bytes("PNG"))
    client.force_login(teacher)

    response = client.get(download_url(attachment))

    assert "filename*=utf-8''%C3%A9%C3%A9n%20foto.png" in response["Content-Disposition"]


def test_anonymous_visitors_are_sent_to_the_login_page(client, teacher, incident):
    attachment = attach(incident, teacher, "screenshot.png", image_bytes("PNG"))

    response = client.get(download_url(attachment))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_an_unknown_attachment_is_not_found(client, teacher, incident):
    client.force_login(teacher)

    response = client.get(reverse("cases:attachment_download", args=[incident.pk, 999]))

    assert response.status_code == 404


def test_an_unknown_incident_is_not_found(client, teacher, incident):
    attachment = attach(incident, teacher, "screenshot.png", image_bytes("PNG"))
    client.force_login(teacher)

    response = client.get(download_url(attachment, incident_pk=incident.pk + 100))

    assert response.status_code == 404


def test_an_attachment_is_not_found_through_another_incident(client, teacher, incident):
    attachment = attach(incident, teacher, "screenshot.png", image_bytes("PNG"))
    other = IncidentFactory(registered_by=teacher)
    client.force_login(teacher)

    response = client.get(download_url(attachment, incident_pk=other.pk))

    assert response.status_code == 404


def test_a_pending_attachment_cannot_be_downloaded(client, teacher, incident):
    file = upload("screenshot.png", image_bytes("PNG"))
    pending = attachments_store_pending(
        uploads=[(file, attachment_inspect(file))], uploaded_by=teacher
    )[0]
    client.force_login(teacher)

    response = client.get(download_url(pending, incident_pk=incident.pk))

    assert response.status_code == 404


def test_a_user_who_may_not_see_the_incident_gets_not_found(
    client, teacher, other_teacher, incident
):
    attachment = attach(incident, teacher, "screenshot.png", image_bytes("PNG"))
    client.force_login(other_teacher)

    response = client.get(download_url(attachment))

    assert response.status_code == 404


def test_a_file_missing_from_storage_is_not_found(client, teacher, incident):
    attachment = attach(incident, teacher, "screenshot.png", image_bytes("PNG"))
    attachment.file.storage.delete(attachment.file.name)
    client.force_login(teacher)

    response = client.get(download_url(attachment))

    assert response.status_code == 404
