"""The retention policies: the pupil-records policy at its date boundary, its dry run, what
anonymisation removes and what it keeps for the trends; the log policies; the confirmation
that lets a policy run; and the run log."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.utils import timezone

from cases.models import (
    AccessLog,
    Agreement,
    Incident,
    Involvement,
    Pupil,
    RetentionConfirmation,
    RetentionRun,
    SignalObservation,
)
from cases.privacy.services import retention_confirm, retention_preview, retention_run
from protocol.models import Signal
from tests.factories import CaseFactory, IncidentFactory, InvolvementFactory, PupilFactory

pytestmark = pytest.mark.django_db

LEFT = datetime.date(2024, 7, 10)
TWO_YEARS_LATER = datetime.date(2026, 7, 10)


@pytest.fixture
def left_pupils(group_5, ib, protocol):
    """Sem and Daan left on 10 July 2024; Lotte is still at school. Sem bullied Daan (both
    gone), and Sem bullied Lotte (she is still here)."""
    sem = PupilFactory(
        school=group_5.school, group=group_5, first_name="Sem", last_name="Bakker", left_on=LEFT
    )
    daan = PupilFactory(
        school=group_5.school, group=group_5, first_name="Daan", last_name="Mol", left_on=LEFT
    )
    lotte = PupilFactory(school=group_5.school, group=group_5, first_name="Lotte")
    case = CaseFactory(opened_by=ib, analysis="Sem zit Daan steeds achterna.", state="closed")
    gone = IncidentFactory(
        registered_by=ib,
        case=case,
        occurred_on=datetime.date(2024, 3, 4),
        description="Sem schopte Daan.",
        reporter_name="Moeder van Daan",
    )
    gone.forms.set([protocol["physical"]])
    InvolvementFactory(incident=gone, pupil=sem, role="bully")
    InvolvementFactory(incident=gone, pupil=daan, role="victim")
    Agreement.objects.create(
        case=case,
        created_by=ib,
        pupil=sem,
        text="Sem blijft uit de buurt van Daan.",
        made_on=datetime.date(2024, 3, 5),
    )
    shared = IncidentFactory(
        registered_by=ib, occurred_on=datetime.date(2024, 4, 1), description="Sem duwde Lotte."
    )
    InvolvementFactory(incident=shared, pupil=sem, role="bully")
    InvolvementFactory(incident=shared, pupil=lotte, role="victim")
    SignalObservation.objects.create(
        pupil=sem,
        signal=Signal.objects.create(key="bully-power", kind="bully", text="Machtig."),
        observed_on=datetime.date(2024, 3, 1),
        note="Sem commandeert de klas.",
        recorded_by=ib,
        recorded_at=timezone.now(),
    )
    return {"sem": sem, "daan": daan, "lotte": lotte, "gone": gone, "shared": shared, "case": case}


def trends() -> dict:
    """The figures the trends are made of."""
    return {
        "roles": sorted(Involvement.objects.values_list("role").annotate(n=Count("pk"))),
        "forms": sorted(
            Incident.objects.values_list("forms__code").annotate(n=Count("pk")), key=str
        ),
        "months": sorted(Incident.objects.values_list("occurred_on", "location", "classification")),
    }


def confirm_all(directie):
    for policy in ("pupil_records", "access_log", "login_attempts"):
        retention_confirm(policy=policy, by=directie)


def test_a_day_before_the_two_years_nothing_is_due(left_pupils, directie):
    confirm_all(directie)

    retention_run(today=TWO_YEARS_LATER - datetime.timedelta(days=1))

    assert Pupil.objects.filter(anonymised_on__isnull=False).count() == 0


def test_on_the_day_the_pupils_who_left_are_anonymised(left_pupils, directie):
    confirm_all(directie)

    retention_run(today=TWO_YEARS_LATER)

    sem = Pupil.objects.get(pk=left_pupils["sem"].pk)
    assert sem.full_name == f"Leerling {sem.pk}"
    assert sem.student_number == f"anon-{sem.pk}"
    assert sem.anonymised_on == TWO_YEARS_LATER
    assert Pupil.objects.get(pk=left_pupils["lotte"].pk).first_name == "Lotte"


def test_free_text_goes_where_every_pupil_is_gone_and_stays_where_one_is_still_here(
    left_pupils, directie
):
    confirm_all(directie)

    retention_run(today=TWO_YEARS_LATER)

    gone = Incident.objects.get(pk=left_pupils["gone"].pk)
    assert (gone.description, gone.reporter_name) == ("", "")
    assert not gone.history.exclude(description="").exists()  # no copy in the history
    assert Incident.objects.get(pk=left_pupils["shared"].pk).description == "Sem duwde Lotte."
    case = left_pupils["case"]
    case.refresh_from_db()
    assert case.analysis == ""
    assert Agreement.objects.get().text == ""
    assert SignalObservation.objects.get().note == ""


def test_the_trends_figures_are_the_same_after_anonymisation(left_pupils, directie):
    before = trends()
    confirm_all(directie)

    retention_run(today=TWO_YEARS_LATER)

    assert trends() == before


def test_the_dry_run_counts_and_changes_nothing(left_pupils):
    counts = {policy.key: counts for policy, counts in retention_preview(today=TWO_YEARS_LATER)}

    assert counts["pupil_records"] == {
        "pupils": 2,
        "incident_texts": 1,
        "attachments": 0,
        "case_texts": 2,  # the case's analysis and the agreement
        "pupil_texts": 1,
    }
    assert Pupil.objects.filter(anonymised_on__isnull=False).count() == 0
    assert Incident.objects.get(pk=left_pupils["gone"].pk).description == "Sem schopte Daan."


def test_without_the_directies_confirmation_a_run_is_a_logged_dry_run(left_pupils):
    runs = retention_run(today=TWO_YEARS_LATER)

    assert {run.policy: run.dry_run for run in runs} == {
        "pupil_records": True,
        "access_log": True,
        "login_attempts": True,
        "confidential_reports": True,
    }
    assert RetentionRun.objects.get(policy="pupil_records").counts["pupils"] == 2
    assert Pupil.objects.filter(anonymised_on__isnull=False).count() == 0


def test_a_second_run_finds_nothing_more_to_do(left_pupils, directie):
    confirm_all(directie)
    retention_run(today=TWO_YEARS_LATER)

    (second,) = [r for r in retention_run(today=TWO_YEARS_LATER) if r.policy == "pupil_records"]

    assert set(second.counts.values()) == {0}


def test_only_the_directie_confirms(ib):
    with pytest.raises(PermissionDenied):
        retention_confirm(policy="pupil_records", by=ib)
    assert not RetentionConfirmation.objects.exists()


def test_the_access_log_is_deleted_after_its_period(settings, directie, teacher):
    settings.RETENTION_ACCESS_LOG_DAYS = 30
    today = datetime.date(2026, 11, 2)
    old = AccessLog.objects.create(
        user=teacher,
        action="view",
        object_type="incident",
        object_id=1,
        at=datetime.datetime(2026, 10, 2, 23, tzinfo=datetime.UTC) - datetime.timedelta(days=1),
    )
    recent = AccessLog.objects.create(
        user=teacher,
        action="view",
        object_type="incident",
        object_id=1,
        at=datetime.datetime(2026, 10, 3, 1, tzinfo=datetime.UTC),
    )
    retention_confirm(policy="access_log", by=directie)

    retention_run(today=today)

    assert list(AccessLog.objects.all()) == [recent]
    assert not AccessLog.objects.filter(pk=old.pk).exists()
