"""Every URL of the project has an access rule, and every rule is checked for every role.

The URL patterns are read from the resolver, so a new URL without a rule in RULES fails
`test_every_url_has_an_access_rule`. Each rule says, per actor, which status code the page
answers: on the object of the teacher's own group (groep 5) and, for object pages, on the
other group's object (groep 7). The outsider is the teacher of groep 7: for object pages
"own" is the other teacher's object to them, and "other" is their own.

Actors: the teacher of groep 5, the outsider teacher (groep 7), IB, directie, coordinator,
aanspreekpersoon, a superuser without a role, and an anonymous visitor. Privileged users log
in with a verified second factor (otp_login), teachers with a password.

Anything an outsider may not see answers 404, never 403, so that existence does not leak;
403 is kept for management screens whose existence is no secret (staff, pupil import).
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.models import Role
from accounts.tests.helpers import otp_login, password_login
from cases.conftest import image_bytes, upload
from cases.incidents.attachments import attachment_inspect, attachments_store_pending
from cases.models import (
    ActionPlan,
    Attachment,
    Conversation,
    Holiday,
    Notification,
    ParentContact,
    Reminder,
    Suspension,
)
from cases.visibility.permissions import visibility_sync
from confidential.tests.factories import ConfidentialReportFactory
from reporting.models import MonitorInstrument, MonitorResult, Training
from tests.factories import (
    CaseFactory,
    DigitalPlatformFactory,
    IncidentFactory,
    InvolvementFactory,
    SchoolYearFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

TEACHER, OUTSIDER, IB, DIRECTIE = "teacher", "outsider", "ib", "directie"
COORDINATOR, CONFIDANT, SUPERUSER, ANONYMOUS = (
    "coordinator",
    "aanspreekpersoon",
    "superuser",
    "anonymous",
)
ACTORS = (TEACHER, OUTSIDER, IB, DIRECTIE, COORDINATOR, CONFIDANT, SUPERUSER, ANONYMOUS)
USERS = ACTORS[:-1]
SCHOOL_WIDE = (IB, DIRECTIE, COORDINATOR)

# Everything under the admin is the admin's own business (it checks is_staff and model
# permissions itself; tests/test_admin_exposure.py checks what is registered there).
ADMIN_PREFIX = "beheer/"
TO_LOGIN = "login"  # an anonymous visitor is sent to the login page


def statuses(default: int | str, *, anonymous: int | str = TO_LOGIN, **per_actor) -> dict:
    """`default` for every logged-in actor, overridden per actor; anonymous as given."""
    result = dict.fromkeys(USERS, default)
    result.update({name.replace("_", ""): code for name, code in per_actor.items()})
    result[ANONYMOUS] = anonymous
    return result


def only(actors, ok: int, denied: int, *, anonymous: int | str = TO_LOGIN) -> dict:
    return {**statuses(denied, anonymous=anonymous), **dict.fromkeys(actors, ok)}


@dataclass(frozen=True)
class Rule:
    own: dict
    other: dict | None = None  # object pages: the status on the other group's object
    method: str = "get"
    kwargs: Callable[["World", str, str], dict] | None = None
    data: dict = field(default_factory=dict)


@dataclass
class World:
    users: dict[str, Any]
    incidents: dict[str, Any]
    cases: dict[str, Any]
    attachments: dict[str, Any]
    report: Any
    staff_member: Any
    problem: Any
    holiday: Any


# --- How an object page finds its object ------------------------------------------------------


def incident_kwargs(world: World, actor: str, which: str) -> dict:
    return {"pk": world.incidents[which].pk}


def attachment_kwargs(world: World, actor: str, which: str) -> dict:
    attachment = world.attachments[which]
    return {"pk": attachment.incident_id, "attachment_pk": attachment.pk}


def case_kwargs(world: World, actor: str, which: str) -> dict:
    return {"pk": world.cases[which].pk}


def staff_kwargs(world: World, actor: str, which: str) -> dict:
    return {"pk": world.staff_member.pk}


def report_kwargs(world: World, actor: str, which: str) -> dict:
    return {"pk": world.report.pk}


def notification_kwargs(world: World, actor: str, which: str) -> dict:
    """A notification to the actor (own), or to somebody else (other)."""
    mine = which == "own" and actor != ANONYMOUS
    recipient = world.users[actor] if mine else world.staff_member
    notification = Notification.objects.create(
        recipient=recipient, kind="evaluation_today", incident=world.incidents["own"]
    )
    return {"pk": notification.pk}


def problem_kwargs(world: World, actor: str, which: str) -> dict:
    return {"pk": world.problem.pk}


def plan_kwargs(world: World, actor: str, which: str) -> dict:
    plan = world.cases[which].action_plans.get()
    return {"pk": plan.case_id, "plan_pk": plan.pk}


def suspension_kwargs(world: World, actor: str, which: str) -> dict:
    suspension = world.cases[which].suspensions.get()
    return {"pk": suspension.case_id, "suspension_pk": suspension.pk}


def letter_kwargs(world: World, actor: str, which: str) -> dict:
    contact = world.cases[which].parent_contacts.get()
    return {"pk": contact.case_id, "contact_pk": contact.pk, "kind": "advice"}


def record_create_kwargs(world: World, actor: str, which: str) -> dict:
    return {"pk": world.cases[which].pk, "record": "gesprek"}


def record_edit_kwargs(world: World, actor: str, which: str) -> dict:
    conversation = world.cases[which].conversations.get()
    return {"pk": conversation.case_id, "record": "gesprek", "record_pk": conversation.pk}


def judgement_kwargs(world: World, actor: str, which: str) -> dict:
    return {"pk": world.cases[which].pk, "record": "analyse"}


def pupil_kwargs(world: World, actor: str, which: str) -> dict:
    """The pupil of the own (groep 5) or other (groep 7) incident."""
    return {"pk": world.incidents[which].involvements.get().pupil_id}


def retention_kwargs(world: World, actor: str, which: str) -> dict:
    return {"policy": "access_log"}


def holiday_kwargs(world: World, actor: str, which: str) -> dict:
    return {"pk": world.holiday.pk}


def trend_table_kwargs(world: World, actor: str, which: str) -> dict:
    return {"key": "location"}


def monitor_result_kwargs(world: World, actor: str, which: str) -> dict:
    result = MonitorResult.objects.create(
        school_year=world.holiday.school_year,
        instrument=MonitorInstrument.objects.first(),
        measured_on=datetime.date(2027, 3, 1),
        feel_safe_percent=90,
        recorded_by=world.users[COORDINATOR],
    )
    return {"pk": result.pk}


def year_kwargs(world: World, actor: str, which: str) -> dict:
    return {"year": world.holiday.school_year.pk}


def year_table_kwargs(world: World, actor: str, which: str) -> dict:
    return {**year_kwargs(world, actor, which), "key": "location"}


def training_kwargs(world: World, actor: str, which: str) -> dict:
    training = Training.objects.create(
        school_year=world.holiday.school_year,
        held_on=datetime.date(2026, 10, 5),
        subject="Traumasensitief onderwijs",
        participants="Team",
        recorded_by=world.users[COORDINATOR],
    )
    return {**year_kwargs(world, actor, which), "pk": training.pk}


def list_kwargs(world: World, actor: str, which: str) -> dict:
    return {"slug": "platforms"}


def list_item_kwargs(world: World, actor: str, which: str) -> dict:
    return {"slug": "platforms", "pk": DigitalPlatformFactory().pk}


def token_kwargs(world: World, actor: str, which: str) -> dict:
    return {"token": "unknown"}


def password_link_kwargs(world: World, actor: str, which: str) -> dict:
    return {"uidb64": "MTIz", "token": "not-a-valid-token"}


# Who sees an incident or case of groep 5 (own) and of groep 7 (other).
SEES_OWN = {TEACHER: 200, **dict.fromkeys(SCHOOL_WIDE, 200)}
SEES_OTHER = {OUTSIDER: 200, **dict.fromkeys(SCHOOL_WIDE, 200)}
# Who works on it: the case's teacher, the IB and the directie; the coordinator reads along.
ON_OWN_CASE = {**SEES_OWN, COORDINATOR: 403}
ON_OTHER_CASE = {**SEES_OTHER, COORDINATOR: 403}

RULES: dict[str, Rule] = {
    # Public: no login, nothing about a pupil or an incident.
    "healthz": Rule(own=statuses(200, anonymous=200)),
    "login": Rule(own=statuses(200, anonymous=200)),
    "two_factor:login": Rule(own=statuses(200, anonymous=200)),
    "logout": Rule(own=statuses(302, anonymous=302), method="post"),
    "accounts:password_set": Rule(
        own=statuses(200, anonymous=200), kwargs=password_link_kwargs
    ),  # a wrong link: "this link no longer works"
    "accounts:password_set_done": Rule(own=statuses(200, anonymous=200)),
    "confidential:report_new": Rule(own=statuses(200, anonymous=200)),
    "confidential:report_thanks": Rule(own=statuses(200, anonymous=200)),
    "confidential:follow_up": Rule(own=statuses(200, anonymous=200)),
    # Follow-up actions without a code entered first: back to the code form.
    "confidential:follow_up_message": Rule(own=statuses(302, anonymous=302), method="post"),
    "confidential:follow_up_consent": Rule(own=statuses(302, anonymous=302), method="post"),
    "confidential:follow_up_done": Rule(own=statuses(302, anonymous=302), method="post"),
    # Any logged-in user: pages about themselves, or lists read through the selectors.
    "home": Rule(own=statuses(200)),  # "Mijn werk": what is in it, test_visibility_leaks
    "cases:case_list": Rule(own=statuses(200)),
    "cases:incident_list": Rule(own=statuses(200)),
    "cases:incident_create": Rule(own=statuses(200)),
    "cases:incident_export": Rule(own=statuses(200)),  # what is in it: test_visibility_leaks
    "cases:pupil_list": Rule(own=statuses(200)),  # whom it finds: test_visibility_leaks
    "cases:notification_list": Rule(own=statuses(200)),
    "cases:notifications_read_all": Rule(own=statuses(302), method="post"),
    "cases:notification_preferences": Rule(own=statuses(200)),
    "two_factor:profile": Rule(own=statuses(200)),
    "two_factor:setup": Rule(own=statuses(302)),  # confirm the password, or already set up
    "two_factor:qr": Rule(own=statuses(404)),  # only during a setup
    "two_factor:setup_complete": Rule(own=statuses(200, teacher=302, outsider=302)),
    "two_factor:backup_tokens": Rule(own=statuses(302)),  # confirm the password first
    "two_factor:disable": Rule(own=statuses(302)),  # confirm the password first
    "accounts:reauthenticate": Rule(own=statuses(200)),
    "accounts:backup_codes_new": Rule(own=statuses(302), method="post"),
    # Role-restricted management screens: 403 (their existence is no secret).
    "cases:staff_list": Rule(own=only([DIRECTIE], 200, 403)),
    "cases:staff_add": Rule(own=only([DIRECTIE], 200, 403)),
    "cases:staff_edit": Rule(own=only([DIRECTIE], 200, 403), kwargs=staff_kwargs),
    "cases:staff_send_link": Rule(
        own=only([DIRECTIE], 302, 403), method="post", kwargs=staff_kwargs
    ),
    "cases:staff_reactivate": Rule(
        own=only([DIRECTIE], 302, 403), method="post", kwargs=staff_kwargs
    ),
    "cases:staff_deactivate": Rule(
        own=only([DIRECTIE], 302, 403), method="post", kwargs=staff_kwargs
    ),
    "cases:pupil_import": Rule(own=only([DIRECTIE], 200, 403)),
    "cases:privacy": Rule(own=only([DIRECTIE], 200, 403)),
    "cases:retention": Rule(own=only([DIRECTIE], 200, 403)),
    "cases:retention_confirm": Rule(
        own=only([DIRECTIE], 302, 403), method="post", kwargs=retention_kwargs
    ),
    "cases:holiday_list": Rule(own=only([DIRECTIE], 200, 403)),
    "cases:holiday_edit": Rule(own=only([DIRECTIE], 200, 403), kwargs=holiday_kwargs),
    "cases:holiday_remove": Rule(
        own=only([DIRECTIE], 302, 403), method="post", kwargs=holiday_kwargs
    ),
    "cases:pupil_import_preview": Rule(own=only([DIRECTIE], 302, 403), kwargs=token_kwargs),
    "cases:pupil_import_confirm": Rule(
        own=only([DIRECTIE], 302, 403), method="post", kwargs=token_kwargs
    ),
    # School-wide figures (reporting/): coordinator, IB and directie read them.
    "trends:page": Rule(own=only(SCHOOL_WIDE, 200, 403)),
    "trends:csv": Rule(own=only(SCHOOL_WIDE, 200, 403), kwargs=trend_table_kwargs),
    # The coordinator's own records (§12): the coordinator only.
    "monitor:page": Rule(own=only([COORDINATOR], 200, 403)),
    # Without a file the upload form comes back with its error (200).
    "monitor:import": Rule(own=only([COORDINATOR], 200, 403), method="post"),
    "monitor:delete": Rule(
        own=only([COORDINATOR], 302, 403), method="post", kwargs=monitor_result_kwargs
    ),
    # The yearly report: read by the school-wide roles, written by the coordinator, adopted by
    # the directie; the aanspreekpersoon's part is hers alone, hidden like her inbox (404).
    "yearly:current": Rule(own=only(SCHOOL_WIDE, 302, 403)),
    "yearly:report": Rule(own=only(SCHOOL_WIDE, 200, 403), kwargs=year_kwargs),
    "yearly:pdf": Rule(own=only(SCHOOL_WIDE, 200, 403), kwargs=year_kwargs),
    "yearly:csv": Rule(own=only(SCHOOL_WIDE, 200, 403), kwargs=year_table_kwargs),
    "yearly:adopt": Rule(own=only([DIRECTIE], 302, 403), method="post", kwargs=year_kwargs),
    # Without data the training form comes back with its errors (200).
    "yearly:training_add": Rule(
        own=only([COORDINATOR], 200, 403), method="post", kwargs=year_kwargs
    ),
    "yearly:training_remove": Rule(
        own=only([COORDINATOR], 302, 403), method="post", kwargs=training_kwargs
    ),
    "yearly:contribution": Rule(own=only([CONFIDANT], 200, 404), kwargs=year_kwargs),
    "yearly:protocol_evaluation": Rule(own=only(SCHOOL_WIDE, 200, 403)),
    # The protocol's lists, kept by the coordinator in the application.
    "lists:overview": Rule(own=only([COORDINATOR], 200, 403)),
    "lists:items": Rule(own=only([COORDINATOR], 200, 403), kwargs=list_kwargs),
    "lists:edit": Rule(own=only([COORDINATOR], 200, 403), kwargs=list_item_kwargs),
    "lists:retire": Rule(own=only([COORDINATOR], 302, 403), method="post", kwargs=list_item_kwargs),
    # Role-restricted, answered with 404 like an object page.
    "cases:delivery_problems": Rule(own=only([DIRECTIE], 200, 404)),
    "cases:delivery_resend": Rule(
        own=only([DIRECTIE], 302, 404), method="post", kwargs=problem_kwargs
    ),
    "cases:delivery_dismiss": Rule(
        own=only([DIRECTIE], 302, 404), method="post", kwargs=problem_kwargs
    ),
    "confidential:inbox": Rule(own=only([CONFIDANT], 200, 404)),
    "confidential:report_detail": Rule(own=only([CONFIDANT], 200, 404), kwargs=report_kwargs),
    "confidential:report_reply": Rule(
        own=only([CONFIDANT], 302, 404), method="post", kwargs=report_kwargs, data={"body": "Ok"}
    ),
    "confidential:report_note": Rule(
        own=only([CONFIDANT], 302, 404), method="post", kwargs=report_kwargs, data={"body": "N"}
    ),
    "confidential:report_status": Rule(
        own=only([CONFIDANT], 302, 404),
        method="post",
        kwargs=report_kwargs,
        data={"status": "closed"},
    ),
    "confidential:report_forward": Rule(own=only([CONFIDANT], 200, 404), kwargs=report_kwargs),
    # Object pages: through the visibility selectors, 404 for whoever may not see it.
    "cases:incident_detail": Rule(
        own=statuses(404, **SEES_OWN), other=statuses(404, **SEES_OTHER), kwargs=incident_kwargs
    ),
    # A pupil's page: whoever may see one of the pupil's incidents, or teaches the pupil.
    "cases:pupil_detail": Rule(
        own=statuses(404, **SEES_OWN), other=statuses(404, **SEES_OTHER), kwargs=pupil_kwargs
    ),
    # The inzage export (art. 15 AVG): whoever may see the pupil; then the directie only.
    "cases:pupil_inzage": Rule(
        own=statuses(404, teacher=403, ib=403, coordinator=403, directie=200),
        other=statuses(404, outsider=403, ib=403, coordinator=403, directie=200),
        kwargs=pupil_kwargs,
    ),
    "cases:pupil_accesses": Rule(
        own=statuses(404, teacher=403, ib=403, coordinator=403, directie=200),
        other=statuses(404, outsider=403, ib=403, coordinator=403, directie=200),
        kwargs=pupil_kwargs,
    ),
    "cases:pupil_transfer": Rule(
        own=statuses(404, teacher=403, ib=403, coordinator=403, directie=200),
        other=statuses(404, outsider=403, ib=403, coordinator=403, directie=200),
        kwargs=pupil_kwargs,
    ),
    # A parent's comment on the record: the directie (an empty form comes back, 200).
    "cases:pupil_comment_record": Rule(
        own=statuses(404, teacher=403, ib=403, coordinator=403, directie=200),
        other=statuses(404, outsider=403, ib=403, coordinator=403, directie=200),
        method="post",
        kwargs=pupil_kwargs,
    ),
    # Recording signals: whoever may see the pupil (an empty form comes back with its errors).
    "cases:pupil_signals_record": Rule(
        own=statuses(404, **SEES_OWN),
        other=statuses(404, **SEES_OTHER),
        method="post",
        kwargs=pupil_kwargs,
    ),
    "cases:attachment_download": Rule(
        own=statuses(404, **SEES_OWN),
        other=statuses(404, **SEES_OTHER),
        kwargs=attachment_kwargs,
    ),
    "cases:case_detail": Rule(
        own=statuses(404, **SEES_OWN), other=statuses(404, **SEES_OTHER), kwargs=case_kwargs
    ),
    "cases:action_plan_pdf": Rule(
        own=statuses(404, **SEES_OWN), other=statuses(404, **SEES_OTHER), kwargs=plan_kwargs
    ),
    "cases:suspension_letter_pdf": Rule(
        own=statuses(404, **SEES_OWN),
        other=statuses(404, **SEES_OTHER),
        kwargs=suspension_kwargs,
    ),
    # Verifying: whoever sees the report; then only its teacher or the IB (403 for others).
    "cases:incident_verify": Rule(
        own=statuses(404, teacher=200, ib=200, directie=403, coordinator=403),
        other=statuses(404, outsider=200, ib=200, directie=403, coordinator=403),
        kwargs=incident_kwargs,
    ),
    # Correcting (art. 16 AVG): whoever sees it; then the registering teacher within 24 hours
    # (here the IB registered both) and the IB (403 for others).
    "cases:incident_correct": Rule(
        own=statuses(404, teacher=403, ib=200, directie=403, coordinator=403),
        other=statuses(404, outsider=403, ib=200, directie=403, coordinator=403),
        kwargs=incident_kwargs,
    ),
    # Working on a case: whoever sees it; then its team, the IB and the directie (the
    # coordinator reads along, 403). An empty form comes back with its errors (200).
    "cases:record_create": Rule(
        own=statuses(404, **ON_OWN_CASE),
        other=statuses(404, **ON_OTHER_CASE),
        method="post",
        kwargs=record_create_kwargs,
    ),
    "cases:record_edit": Rule(
        own=statuses(404, **ON_OWN_CASE),
        other=statuses(404, **ON_OTHER_CASE),
        kwargs=record_edit_kwargs,
    ),
    "cases:case_judgement": Rule(
        own=statuses(404, **ON_OWN_CASE),
        other=statuses(404, **ON_OTHER_CASE),
        method="post",
        kwargs=judgement_kwargs,
    ),
    # A step the stappenplan refuses comes back on the workspace with the reason (200).
    # A letter to parents is recorded on the case: its team, the IB and the directie. An
    # empty form comes back with the workspace (200).
    "cases:parent_letter": Rule(
        own=statuses(404, **ON_OWN_CASE),
        other=statuses(404, **ON_OTHER_CASE),
        method="post",
        kwargs=case_kwargs,
    ),
    "cases:parent_letter_pdf": Rule(
        own=statuses(404, **SEES_OWN), other=statuses(404, **SEES_OTHER), kwargs=letter_kwargs
    ),
    "cases:case_step": Rule(
        own=statuses(404, **SEES_OWN),
        other=statuses(404, **SEES_OTHER),
        method="post",
        kwargs=case_kwargs,
        data={"name": "complete_step_1", "version": "1"},
    ),
    # History and access log: seen only through the selectors, then for the directie only.
    "cases:incident_history": Rule(
        own=statuses(404, teacher=403, ib=403, coordinator=403, directie=200),
        other=statuses(404, outsider=403, ib=403, coordinator=403, directie=200),
        kwargs=incident_kwargs,
    ),
    "cases:case_history": Rule(
        own=statuses(404, teacher=403, ib=403, coordinator=403, directie=200),
        other=statuses(404, outsider=403, ib=403, coordinator=403, directie=200),
        kwargs=case_kwargs,
    ),
    # The weekoverzicht (§11.1): read by IB, directie and coordinator; reviewed by IB and
    # directie. Its existence is no secret (403); a registration is reviewed only by whoever
    # sees it (404 otherwise).
    "reporting:week": Rule(own=only(SCHOOL_WIDE, 200, 403)),
    "reporting:week_export": Rule(own=only(SCHOOL_WIDE, 200, 403)),
    "reporting:week_review": Rule(own=only([IB, DIRECTIE], 302, 403), method="post"),
    "reporting:incident_review": Rule(
        own=statuses(404, teacher=403, ib=302, directie=302, coordinator=403),
        other=statuses(404, outsider=403, ib=302, directie=302, coordinator=403),
        method="post",
        kwargs=incident_kwargs,
    ),
    # A notification: only its recipient opens it (and is sent on to what it is about).
    "cases:notification_open": Rule(
        own=statuses(302), other=statuses(404), method="post", kwargs=notification_kwargs
    ),
}


# --- Enumerating the URLs ---------------------------------------------------------------------


def _url_names(resolver: URLResolver, prefix: str = "", namespace: str = "") -> dict[str, str]:
    names: dict[str, str] = {}
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if route.startswith(ADMIN_PREFIX) or route.startswith(settings.STATIC_URL.lstrip("/")):
            continue
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names.update(_url_names(pattern, route, inner))
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}{pattern.name}" if pattern.name else f"<unnamed {route}>"
            names.setdefault(name, route)
    return names


def test_every_url_has_an_access_rule():
    names = _url_names(get_resolver())

    missing = sorted(f"{name} ({route})" for name, route in names.items() if name not in RULES)
    stale = sorted(set(RULES) - set(names))
    assert not missing, (
        f"No access rule for {missing}. Add one to RULES in tests/test_access_matrix.py: who "
        "may open it (public, any logged-in user, a role, or the users who may see its object) "
        "and which status each actor gets."
    )
    assert not stale, f"Rules for URLs that no longer exist: {stale}"


def test_the_enumeration_reads_namespaced_names_and_leaves_the_admin_alone():
    names = _url_names(get_resolver())

    assert names["cases:incident_detail"] == "meldingen/<int:pk>/"
    assert "two_factor:setup" in names
    assert not any(name.startswith("admin:") for name in names)


# --- The world every rule is checked in -------------------------------------------------------


@pytest.fixture
def world(
    media_root, teacher, other_teacher, ib, directie, coordinator, confidant, pupil_5, pupil_7
) -> World:
    users = {
        TEACHER: teacher,
        OUTSIDER: other_teacher,
        IB: ib,
        DIRECTIE: directie,
        COORDINATOR: coordinator,
        CONFIDANT: confidant,
        SUPERUSER: UserFactory(username="beheerder", is_superuser=True, is_staff=True),
    }
    incidents, cases, attachments = {}, {}, {}
    for which, pupil in (("own", pupil_5), ("other", pupil_7)):
        case = CaseFactory(opened_by=ib)
        incident = IncidentFactory(registered_by=ib, case=case)
        InvolvementFactory(incident=incident, pupil=pupil)
        file = upload("bewijs.png", image_bytes("PNG"))
        attachment = attachments_store_pending(
            uploads=[(file, attachment_inspect(file))], uploaded_by=ib
        )[0]
        Attachment.objects.filter(pk=attachment.pk).update(incident=incident)
        attachment.refresh_from_db()
        incidents[which], cases[which], attachments[which] = incident, case, attachment
        _records_on(case, pupil, ib)
    visibility_sync()
    staff_member = UserFactory(username="juf.target", roles=[Role.TEACHER])
    problem = Reminder.objects.create(
        key="matrix-problem",
        kind="evaluation_today",
        due_on="2027-03-15",
        recipient=staff_member,
        incident=incidents["own"],
        status="failed",
    )
    return World(
        users=users,
        incidents=incidents,
        cases=cases,
        attachments=attachments,
        report=ConfidentialReportFactory(consent_to_forward=True),
        staff_member=staff_member,
        problem=problem,
        holiday=Holiday.objects.create(
            school_year=SchoolYearFactory(school=pupil_5.school),
            name="Kerstvakantie",
            start_date=datetime.date(2026, 12, 21),
            end_date=datetime.date(2027, 1, 1),
        ),
    )


def _records_on(case, pupil, by) -> None:
    """A conversation, an action plan and a suspension: the records and documents of a case."""
    day = datetime.date(2027, 3, 15)
    Conversation.objects.create(
        case=case, created_by=by, kind="separate", held_on=day, notes="Gesprek."
    )
    ActionPlan.objects.create(
        case=case,
        created_by=by,
        period_start=day,
        period_end=day + datetime.timedelta(days=14),
        analysis="Analyse.",
        goals="Doelen.",
        evaluate_on=day + datetime.timedelta(days=14),
    )
    Suspension.objects.create(
        case=case,
        created_by=by,
        pupil=pupil,
        start_date=day,
        end_date=day,
        school_days=1,
        reason="Reden.",
        objection_procedure="Bezwaar bij het bestuur.",
    )
    ParentContact.objects.create(
        case=case,
        created_by=by,
        pupil=pupil,
        contacted_on=day,
        channel="letter",
        summary="Brief: adviezen.",
    )


@pytest.fixture
def media_root(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }


def _client_for(world: World, actor: str) -> Client:
    client = Client()
    if actor in (TEACHER, OUTSIDER):
        password_login(client, world.users[actor])
    elif actor != ANONYMOUS:
        otp_login(client, world.users[actor])
    return client


def _check(world: World, name: str, rule: Rule, which: str, expected: dict) -> list[str]:
    problems = []
    for actor in ACTORS:
        kwargs = rule.kwargs(world, actor, which) if rule.kwargs else {}
        url = reverse(name, kwargs=kwargs)
        response = getattr(_client_for(world, actor), rule.method)(url, rule.data)
        want = expected[actor]
        if want == TO_LOGIN:
            ok = response.status_code == 302 and response["Location"].startswith(reverse("login"))
            got = f"{response.status_code} to {response.get('Location')}"
        else:
            ok = response.status_code == want
            got = response.status_code
        if not ok:
            problems.append(f"{actor} on {which} {rule.method.upper()} {url}: {got}, want {want}")
    return problems


@pytest.mark.parametrize("name", sorted(RULES))
def test_each_actor_gets_what_the_rule_says(name, world):
    rule = RULES[name]

    problems = _check(world, name, rule, "own", rule.own)
    if rule.other is not None:
        problems += _check(world, name, rule, "other", rule.other)

    assert not problems, "\n".join(problems)
