"""The pupil's page has a plain title: the pupil's name, no markup."""

import re

import pytest
from django.urls import reverse

from accounts.tests.helpers import otp_login

pytestmark = pytest.mark.django_db


def test_the_title_is_the_pupils_name(client, ib, pupil_5):
    otp_login(client, ib)
    html = client.get(reverse("cases:pupil_detail", args=[pupil_5.pk])).content.decode()

    title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
    assert pupil_5.full_name in title
    assert "<" not in title and "form" not in title
    assert html.count('id="signals-heading"') <= 1
