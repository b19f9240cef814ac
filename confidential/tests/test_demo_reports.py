"""The demo's confidential reports: a few, one answered, made through the services, without
sending a single email."""

import pytest
from django.core import mail

from accounts.models import Role
from confidential.demo import demo_reports_seed
from confidential.models import ConfidentialReport, NoticeEmail
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_confidant_finds_a_few_reports_without_emails_sent(
    django_capture_on_commit_callbacks,
):
    UserFactory(username="aanspreekpersoon", roles=[Role.CONFIDANT])

    with django_capture_on_commit_callbacks(execute=True):
        assert demo_reports_seed() == 3
    assert demo_reports_seed() == 0

    assert ConfidentialReport.objects.count() == 3
    assert ConfidentialReport.objects.filter(messages__author_kind="confidant").exists()
    assert not ConfidentialReport.objects.filter(notices__email_status=NoticeEmail.PENDING).exists()
    assert mail.outbox == []
