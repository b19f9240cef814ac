"""No input to any form gives a server error, and a refused submission writes nothing.

Every URL of the resolver that accepts POST (the access matrix's RULES, so a new URL is
covered as soon as it has its access rule) is posted to, as a user who may use it, with
generated input: the form's own field names with, for each, a plausible value or a hostile one
(missing, empty, very long, null bytes, an unpaired surrogate, huge and negative numbers, wrong
types, impossible dates, ids of objects that do not exist or belong to the other group, the
field repeated), and unknown fields. Every answer must be 200, 302, 400, 403, 404 or 429, and
an answer other than a redirect must leave every table as it was (row counts, and so the
history tables too), except the bookkeeping a refused request rightly writes: sessions, login
failures, rate-limit hits and the access log.

Hypothesis runs derandomized with a bounded number of examples per URL, so the run is the same
every time and takes a few minutes at most.
"""

import datetime
import html
import re
from dataclasses import dataclass
from urllib.parse import quote

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cases.stappenplan.workspace import RECORD_KINDS
from tests import test_access_matrix as matrix
from tests.test_access_matrix import (
    ANONYMOUS,
    CONFIDANT,
    COORDINATOR,
    DIRECTIE,
    IB,
    OUTSIDER,
    RULES,
    SUPERUSER,
    TEACHER,
    World,
    _client_for,
)

# The access matrix's world (its cast, and an incident, case and records per group) as fixture.
world = matrix.world
media_root = matrix.media_root

pytestmark = pytest.mark.django_db

ALLOWED = {200, 302, 400, 403, 404, 429}
EXAMPLES_PER_URL = 12
# Who posts: the first of these the access rule lets in.
PREFERENCE = (TEACHER, IB, DIRECTIE, CONFIDANT, COORDINATOR, OUTSIDER, SUPERUSER, ANONYMOUS)
# Rows a refused request may rightly write.
BOOKKEEPING = {
    "sessions.Session",
    "axes.AccessAttempt",
    "axes.AccessFailureLog",
    "axes.AccessLog",
    "confidential.RateLimitHit",
    "accounts.UserSession",
    "cases.AccessLog",
    "confidential.ReportAccess",
}
# URLs that end the session or the second factor of the user posting: after them, the same
# client would test the login page only. They get a fresh client for every example.
FRESH_CLIENT = {"logout", "two_factor:disable", "cases:staff_deactivate"}

HOSTILE = [
    "",
    " ",
    "\x00",
    "a\x00b",
    "\ud800",
    "\udfff tekst",
    "x" * 10_001,
    "woord " * 2_000,
    "0",
    "-1",
    "1.5",
    "99999999999999999999999999",
    "-99999999999999999999999999",
    "1e309",
    "NaN",
    "inf",
    "2026-02-30",
    "0000-00-00",
    "99999-12-31",
    "31-12-2026",
    "25:61",
    "true",
    "[]",
    "{}",
    "null",
    "<script>alert(1)</script>",
    "'; DROP TABLE cases_case; --",
    "=HYPERLINK(1)",
    "../../etc/passwd",
    "\u202e\u0645\u0631\u062d\u0628\u0627",
]


@dataclass
class Target:
    name: str
    url: str
    actor: str
    fields: dict[str, list[str]]  # name -> plausible values, as the form offers them


def _actor_for(rule) -> str | None:
    for actor in PREFERENCE:
        if rule.own.get(actor) in (200, 302):
            return actor
    return None


_INPUT = re.compile(r"<(input|select|textarea)\b([^>]*)>", re.IGNORECASE)
_ATTRIBUTE = re.compile(r'(\w[\w-]*)="([^"]*)"')
_OPTION = re.compile(r'<option\b[^>]*value="([^"]*)"', re.IGNORECASE)
TODAY = timezone.localdate()
_PLAUSIBLE_BY_TYPE = {
    # Dates people type are today's or recent; forms refuse dates in the future.
    "date": [TODAY.isoformat(), (TODAY - datetime.timedelta(days=3)).isoformat()],
    "time": ["10:15"],
    "number": ["1", "2"],
    "email": ["juf@school.example"],
    "checkbox": ["on"],
}


def _fields_in(page: str) -> dict[str, list[str]]:
    """The fields of the forms on a page, each with values that would be accepted."""
    fields: dict[str, list[str]] = {}
    for match in _INPUT.finditer(page):
        attributes = dict(_ATTRIBUTE.findall(match.group(2)))
        name = html.unescape(attributes.get("name", ""))
        if not name or name == "csrfmiddlewaretoken":
            continue
        values = fields.setdefault(name, [])
        kind = attributes.get("type", match.group(1).lower())
        values.extend(_PLAUSIBLE_BY_TYPE.get(kind, []))
        if attributes.get("value"):
            values.append(html.unescape(attributes["value"]))
        if match.group(1).lower() == "select":
            following = page[match.end() : page.find("</select>", match.end())]
            # The empty option too: "—" is a choice a form offers (a select left empty).
            values.extend(html.unescape(v) for v in _OPTION.findall(following))
        if not values:
            # A hidden field without a value is sent empty (a new record has no version yet).
            values.append("" if kind == "hidden" else "Een gewone tekst.")
    return fields


def _targets(world: World, name: str) -> list[Target]:
    rule = RULES[name]
    actor = _actor_for(rule)
    slugs = [kind.slug for kind in RECORD_KINDS] if name in SLUGGED else [None]
    targets = []
    for slug in slugs:
        kwargs = rule.kwargs(world, actor, "own") if rule.kwargs else {}
        if slug is not None:
            kwargs["record"] = slug
        targets.append(Target(name, reverse(name, kwargs=kwargs), actor, {}))
    return targets


SLUGGED = {"cases:record_create", "cases:case_judgement"}


def _explore(world: World, target: Target) -> bool:
    """Fill in the target's fields from its page; False when the URL does not accept POST."""
    client = _client_for(world, target.actor)
    empty = client.post(target.url, {})
    if empty.status_code == 405:
        return False
    shown = client.get(target.url)
    pages = [
        response.content.decode(errors="replace")
        for response in (empty, shown)
        if response.status_code == 200
        and not response.streaming
        and response.get("Content-Type", "").startswith("text/html")
    ]
    for page in pages:
        for name, values in _fields_in(page).items():
            target.fields.setdefault(name, []).extend(values)
    for name, value in RULES[target.name].data.items():
        target.fields.setdefault(name, []).append(value)
    return True


def _ids(world: World) -> list[str]:
    """Ids of real objects of both groups, and of none."""
    ids = ["999999999", "-5", "0"]
    for which in ("own", "other"):
        ids += [str(world.incidents[which].pk), str(world.cases[which].pk)]
    ids += [str(user.pk) for user in world.users.values()]
    return ids


def _encode(pairs: list[tuple[str, str]]) -> bytes:
    # Percent-encoded by hand: an unpaired surrogate becomes bytes no UTF-8 decoder accepts.
    def part(text: str) -> str:
        return quote(text.encode("utf-8", "surrogatepass"), safe="")

    return "&".join(f"{part(name)}={part(value)}" for name, value in pairs).encode("ascii")


@st.composite
def submissions(draw, fields: dict[str, list[str]], ids: list[str]) -> list[tuple[str, str]]:
    hostile = st.one_of(
        st.sampled_from(HOSTILE), st.sampled_from(ids), st.text(max_size=30)
    ) | st.integers(min_value=-(2**70), max_value=2**70).map(str)
    names = sorted(fields)
    broken = draw(st.sets(st.sampled_from(names), max_size=3)) if names else set()
    pairs = []
    for name in names:
        if name in broken:
            how = draw(st.sampled_from(["missing", "hostile", "repeated"]))
            if how == "missing":
                continue
            pairs.append((name, draw(hostile)))
            if how == "repeated":
                pairs.append((name, draw(hostile)))
        else:
            pairs.append((name, draw(st.sampled_from(fields[name]))))
    if draw(st.booleans()):
        pairs.append((draw(st.sampled_from(["id", "pk", "user", "state", "x"])), draw(hostile)))
    return pairs


def _row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models()
        if model._meta.label not in BOOKKEEPING and not model._meta.proxy
    }


def _check_target(world: World, target: Target) -> list[str]:
    problems: list[str] = []
    client = _client_for(world, target.actor)

    @settings(
        # Without fields of its own a URL has little to vary.
        max_examples=EXAMPLES_PER_URL if target.fields else 3,
        derandomize=True,
        database=None,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @given(submissions(target.fields, _ids(world)))
    def post(pairs):
        nonlocal client
        if target.name in FRESH_CLIENT:
            client = _client_for(world, target.actor)
        before = _row_counts()
        response = client.post(
            target.url, _encode(pairs), content_type="application/x-www-form-urlencoded"
        )
        status = response.status_code
        if status not in ALLOWED:
            problems.append(f"{target.actor} POST {target.url} {pairs!r:.600}: {status}")
        elif status != 302:
            after = _row_counts()
            written = {k: after[k] - before[k] for k in after if after[k] != before[k]}
            if written:
                problems.append(
                    f"{target.actor} POST {target.url} {pairs!r:.600}: {status} but wrote {written}"
                )

    post()
    return problems


@pytest.mark.parametrize("name", sorted(name for name in RULES if _actor_for(RULES[name])))
def test_no_generated_input_gives_a_server_error_or_writes_on_refusal(name, world, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    problems = []
    for target in _targets(world, name):
        if _explore(world, target):
            problems += _check_target(world, target)
    assert not problems, "\n".join(dict.fromkeys(problems))


def test_the_enumeration_finds_the_forms_people_use(world):
    posting = {
        target.name
        for name in ("cases:incident_create", "cases:incident_list", "confidential:report_new")
        for target in _targets(world, name)
        if _explore(world, target)
    }
    # A list answers a POST as a GET; it is posted to all the same.
    assert posting == {"cases:incident_create", "cases:incident_list", "confidential:report_new"}
