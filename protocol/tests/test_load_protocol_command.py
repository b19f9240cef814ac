from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation

from protocol.models import SuggestedAction

pytestmark = pytest.mark.django_db


def _run() -> str:
    out = StringIO()
    with translation.override("en"):
        call_command("load_protocol", stdout=out)
    return out.getvalue()


def test_it_loads_the_lists_and_says_how_many_it_added():
    output = _run()

    assert SuggestedAction.objects.count() == 69
    assert "4 forms of bullying, 29 examples, 7 platforms, 5 marks of bullying" in output
    assert "30 signals, 69 suggested actions" in output


def test_a_second_run_says_there_was_nothing_to_add():
    _run()

    output = _run()

    assert "nothing was added" in output
    assert SuggestedAction.objects.count() == 69
