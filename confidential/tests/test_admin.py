import pytest
from django.contrib import admin

from accounts.tests.helpers import otp_login
from confidential import models

pytestmark = pytest.mark.django_db


def test_no_confidential_model_is_registered_in_the_admin():
    registered = {model._meta.app_label for model in admin.site._registry}
    assert "confidential" not in registered
    for model in (
        models.ConfidentialReport,
        models.ReportMessage,
        models.ConfidantNote,
        models.ReportForward,
        models.ReportEvent,
        models.RateLimitHit,
    ):
        assert not admin.site.is_registered(model)


def test_a_superuser_does_not_see_them_on_the_admin_index(client, superuser):
    otp_login(client, superuser)
    response = client.get("/beheer/")
    assert response.status_code == 200
    assert "confidential" not in response.content.decode().lower()


@pytest.mark.parametrize(
    "path",
    [
        "/beheer/confidential/",
        "/beheer/confidential/confidentialreport/",
        "/beheer/confidential/confidentialreport/{pk}/change/",
        "/beheer/confidential/reportmessage/",
        "/beheer/confidential/confidantnote/",
        "/beheer/confidential/reportforward/",
    ],
)
def test_admin_urls_for_them_are_404_for_a_superuser(client, superuser, report, path):
    otp_login(client, superuser)
    assert client.get(path.format(pk=report.pk)).status_code == 404
