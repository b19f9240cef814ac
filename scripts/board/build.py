"""The board built: every part in order, and the counts the benchmark prints."""

import random
from datetime import time, timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from cases import demo
from cases.models import (
    ActionPlan,
    Agreement,
    Attachment,
    Case,
    CaseTransition,
    Classification,
    Conversation,
    Incident,
    Involvement,
    InvolvementRole,
    ParentContact,
    Pupil,
    School,
    SchoolGroup,
    TeamNotice,
)
from cases.reminders.models import Notification, Reminder
from cases.stappenplan.models import Consent
from cases.visibility.permissions import visibility_sync
from confidential.models import (
    ConfidentialReport,
)
from protocol.stappenplan import CaseState
from scripts.board.cases import Cases
from scripts.board.confidential import confidential_build
from scripts.board.incidents import Incidents
from scripts.board.people import People, Reference
from scripts.board.reminders import reminders_build
from scripts.board.services import calendar_rows, through_services
from scripts.board.sizes import SEED, SERVICE_PUPILS, STATE_MIX, YEARS, BenchSchool, Sizes, at, bulk
from scripts.board.walk import CasePupils


def school_build(*, scale: float, seed: int = SEED) -> BenchSchool:
    """Build the board; returns who and what the benchmark measures."""
    rng = random.Random(seed)
    sizes = Sizes.for_scale(scale)
    now = timezone.now()
    today = timezone.localdate(now)
    # The last day whose whole school day lies in the past: nothing is dated after `now`.
    last_day = today if timezone.localtime(now).time() >= time(17) else today - timedelta(days=1)

    with transaction.atomic():
        schools = [
            School(
                name=f"{demo.SCHOOL_NAME} {number}" if number else demo.SCHOOL_NAME,
                city=demo.SCHOOL_CITY,
            )
            for number in range(sizes.schools)
        ]
        bulk(School, schools)
        calendar = calendar_rows(schools, today)
        people = People(rng, sizes, schools)
        ref = Reference()

    # Through the services, before the bulk rows so that their reminder sweeps stay quick.
    via_services = through_services(people, ref, calendar)

    with transaction.atomic():
        incidents = Incidents(rng, ref, now)
        cases = Cases(rng, people, ref, incidents, calendar, last_day)
        showcase = _showcase(cases, people, sizes)
        detail = incidents.planned[0].incident
        states = [s for s, _ in STATE_MIX]
        weights = [w for _, w in STATE_MIX]
        for _ in range(sizes.cases - 1):
            cases.add(rng.choices(states, weights=weights)[0])
        standalone = max(0, sizes.incidents - len(incidents.planned) - via_services)
        _standalone_incidents(rng, people, incidents, calendar, last_day, standalone)
        cases.save()
        incidents.save()
        _attachments(detail, people.bench_teacher, sizes.detail_attachments)
        reminders_build(rng, people, cases, incidents, today, now)
        confidential_build(rng, people, incidents, sizes.reports, now)
        # Who sees what, as the services grant it for the rows they write.
        visibility_sync()

    return BenchSchool(
        teacher=people.bench_teacher,
        ib=people.ibs[0],
        directie=people.directie[0],
        confidant=people.confidant,
        showcase_case_id=showcase.pk,
        detail_incident_id=detail.pk,
        filter_group_id=people.bench_group.pk,
        filter_form_id=ref.verbal.pk,
        counts=_counts(showcase),
    )


def _showcase(cases: Cases, people: People, sizes: Sizes) -> Case:
    """The long case the case pages are measured on, in groep 5a (the benchmark teacher's):
    rounds of new action plans in step 5, then steps 6, 7 and 8, suspended again."""
    pool = people.pupils_of[people.bench_group.pk]
    chosen = pool[SERVICE_PUPILS : SERVICE_PUPILS + sizes.detail_pupils]
    roles = [InvolvementRole.FOLLOWER, InvolvementRole.DEFENDER, InvolvementRole.BYSTANDER]
    showcase_pupils = CasePupils(
        people.bench_group,
        bullies=[chosen[0].pk],
        victims=[chosen[1].pk],
        others=[(p.pk, roles[i % len(roles)]) for i, p in enumerate(chosen[2:])],
    )
    rounds = sizes.showcase_rounds
    return cases.add(
        CaseState.STEP_8,
        names=[
            "verify_as_bullying",
            "complete_step_1",
            "complete_step_2",
            "complete_step_3",
            "complete_step_4",
            *["new_action_plan"] * rounds,
            "escalate_to_step_6",
            "place_elsewhere",
            "suspend",
            *["suspend_again"] * max(1, rounds // 3),
        ],
        pupils=showcase_pupils,
        extra_incidents=sizes.showcase_incidents - 1,
        first_incident_rich=True,
        teacher=people.bench_teacher,
        # Colleagues assigned to the case, all at the parents' meeting.
        extra_teachers=people.other_teachers[: sizes.showcase_colleagues],
    )


def _standalone_incidents(rng, people, incidents, calendar, last_day, count: int) -> None:
    """Incidents outside cases over YEARS school years: teasing, aggression, or not verified
    yet."""
    others = [InvolvementRole.FOLLOWER, InvolvementRole.DEFENDER, InvolvementRole.BYSTANDER]
    for _ in range(count):
        day = last_day - timedelta(days=rng.randint(0, 365 * YEARS - 1))
        day = min(calendar.next_school_day(day), last_day)
        group = people.weighted_group()
        chosen = rng.sample(people.pupils_of[group.pk], rng.randint(2, 4))
        involvements = [
            (chosen[0].pk, InvolvementRole.BULLY),
            (chosen[1].pk, InvolvementRole.VICTIM),
            *[(p.pk, rng.choice(others)) for p in chosen[2:]],
        ]
        recent = (last_day - day).days < 3
        verified = not recent or rng.random() < 0.5
        incidents.add(
            day=day,
            registered_by=people.registrar_for(group),
            involvements=involvements,
            verified_at=at(day, 16) + timedelta(days=1) if verified else None,
            verified_by=people.teacher_for(group) if verified else None,
            verified_classification=rng.choice([Classification.TEASING, Classification.AGGRESSION])
            if verified
            else "",
        )


def _attachments(incident: Incident, user: User, count: int) -> None:
    bulk(
        Attachment,
        [
            Attachment(
                incident=incident,
                file=f"attachments/benchmark-{index}.png",
                original_name=f"schermafbeelding-{index + 1}.png",
                content_type="image/png",
                size=120_000 + index,
                uploaded_by=user,
            )
            for index in range(count)
        ],
    )


def _counts(showcase: Case) -> dict[str, int]:
    return {
        "schools": School.objects.count(),
        "groups": SchoolGroup.objects.count(),
        "teachers": SchoolGroup.teachers.through.objects.values("user").distinct().count(),
        "pupils": Pupil.objects.count(),
        "incidents": Incident.objects.count(),
        "involvements": Involvement.objects.count(),
        "cases": Case.objects.count(),
        "open cases": Case.objects.exclude(state=CaseState.CLOSED).count(),
        "step changes": CaseTransition.objects.count(),
        "conversations": Conversation.objects.count(),
        "agreements": Agreement.objects.count(),
        "action plans": ActionPlan.objects.count(),
        "reminders": Reminder.objects.count(),
        "notifications": Notification.objects.count(),
        "confidential reports": ConfidentialReport.objects.count(),
        "showcase case records": sum(
            model.objects.filter(case_id=showcase.pk).count()
            for model in (Conversation, Agreement, ParentContact, TeamNotice, ActionPlan, Consent)
        ),
    }
