"""What the case models promise on their own."""

import pytest
from django.db.models import ProtectedError, RestrictedError

from cases.models import CaseTransition, Conversation
from cases.tests.case_steps import finish_step_1

pytestmark = pytest.mark.django_db


def test_a_case_goes_with_its_history_and_records_once_its_reports_are_detached(case, teacher):
    finish_step_1(case, teacher)
    with pytest.raises(ProtectedError):
        case.delete()  # the reports keep their case

    case.incidents.update(case=None)
    case.delete()

    assert not CaseTransition.objects.exists()
    assert not Conversation.objects.exists()


def test_a_step_change_with_records_is_not_deleted_on_its_own(case, teacher):
    finish_step_1(case, teacher)
    with pytest.raises(RestrictedError):
        case.transitions.first().delete()


def test_a_case_is_open_until_it_is_closed(case):
    assert case.is_open
    case.state = "closed"
    assert not case.is_open
