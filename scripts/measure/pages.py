"""The pages people wait for, who opens them, and the test client's pass over them.

The test client (in the benchmark process) logs every user in once and counts each page's SQL
queries; the same clients' session cookies are then used over HTTP. In `--mode client` the
test client also times the pages, as the benchmark did before it had an HTTP pass.
"""

import gc
import time
from collections.abc import Callable
from dataclasses import dataclass

from scripts.measure.results import FLOOR, Result, summarise

# Runs with the queries recorded, apart from the timed ones. Three, because the session's idle
# stamp is written at most once a minute (accounts.middleware): one run in a minute may make
# that write, so the count is the one at least two runs agree on.
CAPTURE_RUNS = 3
WARMUP_RUNS = 2


class PageError(Exception):
    pass


@dataclass
class Page:
    name: str
    who: str
    client: object  # django.test.Client, logged in as `who`
    path: str | None
    stream: bool = False  # the CSV export: read to the end
    rows: int = 0  # rows in the answer, for rows/s

    @property
    def cookie(self) -> str:
        from django.conf import settings

        name = settings.SESSION_COOKIE_NAME
        return f"{name}={self.client.cookies[name].value}"


def url(name: str, *args) -> str | None:
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def clients(school) -> dict[str, object]:
    """A logged-in test client per user: password login for the teacher, two-factor login
    (an authenticator app, its code verified) for the others."""
    from django.test import Client

    from accounts.tests.helpers import otp_login, password_login

    logged_in = {"teacher": Client(), "ib": Client(), "directie": Client(), "confidant": Client()}
    password_login(logged_in["teacher"], school.teacher)
    for who in ("ib", "directie", "confidant"):
        otp_login(logged_in[who], getattr(school, who))
    return logged_in


def pages(school, logged_in: dict) -> list[Page]:
    """Every page people wait for; the floor first."""
    from cases.models import ActionPlan, Involvement, SchoolYear, Suspension

    case = school.showcase_case_id
    plan = ActionPlan.objects.filter(case_id=case).order_by("-pk").first()
    suspension = Suspension.objects.filter(case_id=case).order_by("-pk").first()
    year = SchoolYear.objects.latest("start_date")
    pupil = (
        Involvement.objects.filter(incident_id=school.detail_incident_id, role="bully")
        .values_list("pupil_id", flat=True)
        .first()
    )
    incidents = url("cases:incident_list")
    filtered = (
        f"{incidents}?group={school.filter_group_id}&form={school.filter_form_id}&late=no&page=2"
    )
    t, ib, directie = logged_in["teacher"], logged_in["ib"], logged_in["directie"]
    return [
        # The floor: a logged-in page that does nothing but pass the middleware and render
        # the base template. Every page's share of it says how much work the page adds.
        Page(FLOOR, "teacher", t, url("accounts:password_set_done")),
        Page("incident list, page 1", "teacher", t, incidents),
        Page("incident list, filtered, page 2", "teacher", t, filtered),
        Page(
            "incident detail", "teacher", t, url("cases:incident_detail", school.detail_incident_id)
        ),
        Page("case workspace (long case)", "teacher", t, url("cases:case_detail", case)),
        Page("Mijn werk (home)", "teacher", t, url("home")),
        Page("notification list", "teacher", t, url("cases:notification_list")),
        Page(
            "handelingsplan PDF", "teacher", t, plan and url("cases:action_plan_pdf", case, plan.pk)
        ),
        Page(
            "suspension letter PDF",
            "teacher",
            t,
            suspension and url("cases:suspension_letter_pdf", case, suspension.pk),
        ),
        Page(
            "pupil record (the long case's bully)", "teacher", t, url("cases:pupil_detail", pupil)
        ),
        Page("incident list, page 1", "ib", ib, incidents),
        Page("pupil list", "ib", ib, url("cases:pupil_list")),
        Page("case list", "ib", ib, url("cases:case_list")),
        Page("case workspace (long case)", "ib", ib, url("cases:case_detail", case)),
        Page("Mijn werk (home)", "ib", ib, url("home")),
        Page("notification list", "ib", ib, url("cases:notification_list")),
        Page("weekoverzicht", "ib", ib, url("reporting:week")),
        Page("trends", "directie", directie, url("trends:page")),
        Page("jaarverslag (yearly report)", "directie", directie, url("yearly:report", year.pk)),
        Page("delivery problems", "directie", directie, url("cases:delivery_problems")),
        Page("confidential inbox", "confidant", logged_in["confidant"], url("confidential:inbox")),
        Page(
            "CSV export, every incident",
            "ib",
            ib,
            url("cases:incident_export"),
            stream=True,
            rows=school.counts["incidents"],
        ),
    ]


def page_call(page: Page) -> Callable[[], object]:
    def call():
        response = page.client.get(page.path, secure=True)
        if response.status_code != 200:
            raise PageError(f"{page.path} answered {response.status_code}")
        if page.stream:
            for _chunk in response.streaming_content:
                pass
        return response

    return call


def count_queries(result: Result, call: Callable[[], object]) -> Result:
    """Warm up and count the queries of a run."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(WARMUP_RUNS):
        call()
    counts = []
    for _ in range(CAPTURE_RUNS):
        with CaptureQueriesContext(connection) as queries:
            call()
        counts.append(len(queries))
    agreed = [count for count in counts if counts.count(count) > 1]
    result.queries = min(agreed) if agreed else counts[-1]
    if not agreed:
        result.note = f"queries vary between runs: {sorted(set(counts))}"
    return result


def prepare(page: Page) -> tuple[Result, Callable | None]:
    """The page's result with its query count, and the call to time (None: not measurable)."""
    result = Result(page.name, page.who)
    if page.path is None:
        result.note = "skipped: no such page on this commit"
        return result, None
    response = page.client.get(page.path, secure=True)
    if response.status_code in (301, 302):
        result.note = f"skipped: {page.path} redirects to {response['Location']}"
        return result, None
    if response.status_code != 200:
        result.note = f"FAILED: {page.path} answered {response.status_code}"
        return result, None
    call = page_call(page)
    try:
        return count_queries(result, call), call
    except PageError as error:
        result.note = f"FAILED: {error}"
        return result, None


def rounds(measured: list[tuple[Result, Callable[[], object]]], runs: int) -> None:
    """Time every measurement once per round, `runs` rounds, so that the load of the machine
    weighs on all of them alike (the floor included)."""
    gc.collect()
    for _ in range(runs):
        for result, call in measured:
            start = time.perf_counter()
            try:
                call()
            except PageError as error:
                result.note = f"FAILED: {error}"
                continue
            result.timings.append((time.perf_counter() - start) * 1000)
    for result, _call in measured:
        if result.timings:
            summarise(result, result.timings)


def services(school) -> list[tuple[Result, Callable[[], object]]]:
    """The services people wait for, called in-process; their queries counted."""
    from django.utils import timezone

    from cases.models import Case
    from cases.reminders.services import reminders_sweep
    from cases.stappenplan.facts import case_facts
    from cases.stappenplan.timeline import case_timeline

    case = Case.objects.get(pk=school.showcase_case_id)
    calls = [
        ("reminder sweep", lambda: reminders_sweep(now=timezone.now())),
        ("case_facts (long case)", lambda: case_facts(case)),
        ("case_timeline (long case)", lambda: case_timeline(case)),
    ]
    return [(count_queries(Result(name, "service"), call), call) for name, call in calls]
