"""Benchmark: how fast the pages and services teachers wait for are, on a large school.

    python scripts/benchmark.py [--scale 1] [--runs 30] [--json out.json] [--compare old.json]
    make bench BENCH_ARGS="--scale 3 --json var/bench-3x.json"

It builds a throwaway database (a SQLite file in a temporary directory; with DATABASE_URL set,
a database named `<name>_benchmark` on that server, created and dropped again: the database in
DATABASE_URL itself is never touched, nor `var/db.sqlite3`), migrates it, loads the protocol's
reference lists and a school year of a large school (`scripts/benchmark_school.py`), then
measures each page with Django's test client as the user who opens it, and each service by
calling it: the warm time of `--runs` runs (p50, p95, max) and the number of SQL queries.

The settings are production's (DEBUG off, the real middleware and two-factor login), except
that static files are not hashed (no collectstatic needed), email stays in memory and Celery
tasks run in-process. Speed is measured here, never asserted in the test suite; what the
tests assert is the query count, which must be the same at every `--scale`.
"""

import argparse
import gc
import json
import math
import os
import platform
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
FLOOR = "floor: a logged-in empty page"
# Runs with the queries recorded, apart from the timed ones. Three, because the session's idle
# stamp is written at most once a minute (accounts.middleware): one run in a minute may make
# that write, so the count is the one at least two runs agree on.
CAPTURE_RUNS = 3
WARMUP_RUNS = 2


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--scale", type=float, default=1.0, help="multiply the amount of data (default 1)"
    )
    parser.add_argument(
        "--runs", type=int, default=30, help="timed warm runs per measurement (default 30)"
    )
    parser.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    parser.add_argument(
        "--compare", metavar="FILE", help="show the differences with an earlier --json file"
    )
    parser.add_argument("--seed", type=int, default=None, help="random seed of the school")
    args = parser.parse_args(argv)
    if args.scale <= 0 or args.runs < 1:
        parser.error("--scale must be positive and --runs at least 1")
    return args


def _environment(tmp: Path) -> None:
    """Production settings for a throwaway database; set before Django reads them."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "mozaiek.settings"
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    os.environ["MEDIA_ROOT"] = str(tmp / "media")
    os.environ["STATIC_ROOT"] = str(tmp / "static")
    (tmp / "static").mkdir()
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.pop("REDIS_URL", None)  # reminders are sent in-process, never to a real broker
    if "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp / 'benchmark.sqlite3'}"
    sys.path.insert(0, str(BASE_DIR))


def _database_create(tmp: Path) -> tuple[str, str]:
    """Create and migrate the throwaway database; returns (the configured name, the
    benchmark's name)."""
    from django.db import connection

    settings_dict = connection.settings_dict
    original = settings_dict["NAME"]
    if connection.vendor == "sqlite":
        name = str(tmp / "benchmark.sqlite3")
    else:
        name = f"{original}_benchmark"
    settings_dict.setdefault("TEST", {})["NAME"] = name
    developer_db = (BASE_DIR / "var" / "db.sqlite3").resolve()
    if connection.vendor == "sqlite" and Path(name).resolve() == developer_db:
        raise SystemExit("Refusing to use var/db.sqlite3 for the benchmark.")
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    return original, name


@dataclass
class Result:
    name: str
    who: str
    queries: int | None = None
    min_ms: float | None = None
    p50_ms: float | None = None
    p95_ms: float | None = None
    max_ms: float | None = None
    runs: int = 0
    note: str = ""
    floor_share: float | None = None  # the floor's p50 over this one's: 1.0 is as fast
    timings: list[float] = field(default_factory=list, repr=False)

    @property
    def key(self) -> str:
        return f"{self.name} [{self.who}]"


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[max(1, math.ceil(len(ordered) * fraction)) - 1]  # nearest rank


def _prepare(result: Result, call: Callable[[], object]) -> Result:
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


def _rounds(measured: list[tuple[Result, Callable[[], object]]], runs: int) -> None:
    """Time every measurement once per round, `runs` rounds, so that the load of the machine
    weighs on all of them alike (the floor included)."""
    gc.collect()
    for _ in range(runs):
        for result, call in measured:
            start = time.perf_counter()
            try:
                call()
            except _PageError as error:
                result.note = f"FAILED: {error}"
                continue
            result.timings.append((time.perf_counter() - start) * 1000)
    for result, _call in measured:
        if result.timings:
            _summarise(result, result.timings)


def _summarise(result: Result, timings: list[float]) -> Result:
    result.min_ms = round(min(timings), 2)
    result.p50_ms = round(statistics.median(timings), 2)
    result.p95_ms = round(_percentile(timings, 0.95), 2)
    result.max_ms = round(max(timings), 2)
    result.runs = len(timings)
    return result


def _url(name: str, *args) -> str | None:
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def _page(client, path: str, *, stream: bool = False) -> Callable[[], object]:
    def call():
        response = client.get(path, secure=True)
        if response.status_code != 200:
            raise _PageError(f"{path} answered {response.status_code}")
        if stream:
            for _chunk in response.streaming_content:
                pass
        return response

    return call


class _PageError(Exception):
    pass


def _prepare_page(name: str, who: str, client, path: str | None) -> tuple[Result, Callable | None]:
    """The page's result with its query count, and the call to time (None: not measurable)."""
    result = Result(name, who)
    if path is None:
        result.note = "skipped: no such page on this commit"
        return result, None
    response = client.get(path, secure=True)
    if response.status_code in (301, 302):
        result.note = f"skipped: {path} redirects to {response['Location']}"
        return result, None
    if response.status_code != 200:
        result.note = f"FAILED: {path} answered {response.status_code}"
        return result, None
    call = _page(client, path)
    try:
        return _prepare(result, call), call
    except _PageError as error:
        result.note = f"FAILED: {error}"
        return result, None


def _run(args: argparse.Namespace) -> tuple[list[Result], dict]:
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings
    from django.utils import timezone

    from accounts.tests.helpers import otp_login, password_login
    from cases.models import Case
    from cases.reminders.services import reminders_sweep
    from cases.stappenplan.facts import case_facts
    from cases.stappenplan.timeline import case_timeline
    from scripts import board as benchmark_school

    # Plain static files: the hashed storage needs collectstatic, and the page's work is
    # the same either way.
    override_settings(
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    ).enable()

    started = time.perf_counter()
    school = benchmark_school.school_build(
        scale=args.scale, seed=args.seed if args.seed is not None else benchmark_school.SEED
    )
    first_sweep = reminders_sweep(now=timezone.now())
    if connection.vendor == "postgresql":
        # Planner statistics, as autovacuum gathers them soon after such a load.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    build_seconds = time.perf_counter() - started
    print(f"Built the school in {build_seconds:.1f} s:", file=sys.stderr)
    for what, count in school.counts.items():
        print(f"  {count:>7}  {what}", file=sys.stderr)
    print(f"  {first_sweep.created:>7}  reminders created by the first sweep", file=sys.stderr)

    teacher, ib, directie, confidant = Client(), Client(), Client(), Client()
    password_login(teacher, school.teacher)
    otp_login(ib, school.ib)
    otp_login(directie, school.directie)
    otp_login(confidant, school.confidant)

    incident_list = _url("cases:incident_list")
    filtered = (
        f"{incident_list}?group={school.filter_group_id}&form={school.filter_form_id}"
        "&late=no&page=2"
        if incident_list
        else None
    )
    detail = _url("cases:incident_detail", school.detail_incident_id)
    workspace = _url("cases:case_detail", school.showcase_case_id)
    pages = [
        # The floor: a logged-in page that does nothing but pass the middleware and render
        # the base template. Every page's share of it says how much work the page itself adds,
        # whatever else the machine is doing.
        (FLOOR, "teacher", teacher, _url("accounts:password_set_done")),
        ("incident list, page 1", "teacher", teacher, incident_list),
        ("incident list, filtered, page 2", "teacher", teacher, filtered),
        ("incident detail", "teacher", teacher, detail),
        ("case workspace", "teacher", teacher, workspace),
        ("Mijn werk (home)", "teacher", teacher, _url("home")),
        ("notification list", "teacher", teacher, _url("cases:notification_list")),
        ("incident list, page 1", "ib", ib, incident_list),
        ("case workspace", "ib", ib, workspace),
        ("case list", "ib", ib, _url("cases:case_list")),
        ("Mijn werk (home)", "ib", ib, _url("home")),
        ("notification list", "ib", ib, _url("cases:notification_list")),
        ("notification list", "directie", directie, _url("cases:notification_list")),
        ("delivery problems", "directie", directie, _url("cases:delivery_problems")),
        *[
            ("weekoverzicht", who, user, _url("reporting:week"))
            for who, user in [("ib", ib), ("directie", directie)]
        ],
        ("confidential inbox", "confidant", confidant, _url("confidential:inbox")),
    ]
    results, measured = [], []
    for name, who, client, path in pages:
        print(f"  preparing {name} [{who}]", file=sys.stderr)
        result, call = _prepare_page(name, who, client, path)
        results.append(result)
        if call is not None:
            measured.append((result, call))

    case = Case.objects.get(pk=school.showcase_case_id)
    services = [
        ("reminder sweep", lambda: reminders_sweep(now=timezone.now())),
        ("case_facts (long case)", lambda: case_facts(case)),
        ("case_timeline (long case)", lambda: case_timeline(case)),
        ("CSV export, every incident", _page(ib, _url("cases:incident_export"), stream=True)),
    ]
    for name, call in services:
        print(f"  preparing {name}", file=sys.stderr)
        result = _prepare(Result(name, "ib" if "CSV" in name else "service"), call)
        results.append(result)
        measured.append((result, call))
    print(f"  timing {args.runs} interleaved rounds", file=sys.stderr)
    _rounds(measured, args.runs)
    export = results[-1]
    if export.p50_ms:
        rate = school.counts["incidents"] / (export.p50_ms / 1000)
        export.note = (export.note + f" {rate:,.0f} rows/s").strip()
    floor = results[0].p50_ms
    for result in results:
        if floor and result.p50_ms:
            result.floor_share = round(floor / result.p50_ms, 3)

    meta = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": _commit(),
        "scale": args.scale,
        "runs": args.runs,
        "database": f"{connection.vendor} {_database_version(connection)}",
        "python": platform.python_version(),
        "django": __import__("django").get_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs",
        "build_seconds": round(build_seconds, 1),
        "rows": {**school.counts, "reminders after the first sweep": _reminder_count()},
    }
    return results, meta


def _plain(result: Result) -> dict:
    return {key: value for key, value in asdict(result).items() if key != "timings"}


def _reminder_count() -> int:
    from cases.reminders.models import Reminder

    return Reminder.objects.count()


def _database_version(connection) -> str:
    if connection.vendor == "sqlite":
        import sqlite3

        return sqlite3.sqlite_version
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        return cursor.fetchone()[0].split(" on ")[0]


def _commit() -> str:
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=BASE_DIR,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=BASE_DIR,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return f"{commit}{'+changes' if dirty else ''}"


def _number(value: float | int | None) -> str:
    if value is None:
        return "—"
    return f"{value:.1f}" if isinstance(value, float) else str(value)


def _table(results: list[Result], meta: dict) -> str:
    head = ("what", "as", "queries", "min ms", "p50 ms", "p95 ms", "max ms", "share", "")
    rows = [
        (
            r.name,
            r.who,
            _number(r.queries),
            _number(r.min_ms),
            _number(r.p50_ms),
            _number(r.p95_ms),
            _number(r.max_ms),
            "—" if r.floor_share is None else f"{r.floor_share:.2f}",
            r.note,
        )
        for r in results
    ]
    widths = [max(len(str(row[i])) for row in [head, *rows]) for i in range(8)]
    lines = [
        f"Benchmark at scale {meta['scale']:g}, {meta['runs']} interleaved rounds "
        "(share: the floor's p50 over the row's); "
        f"{meta['database']}, "
        f"commit {meta['commit']}, {meta['date']}",
    ]
    for row in [head, *rows]:
        cells = [
            str(cell).ljust(widths[i]) if i < 2 else str(cell).rjust(widths[i])
            for i, cell in enumerate(row[:8])
        ]
        lines.append(("  ".join(cells) + ("  " + row[8] if row[8] else "")).rstrip())
    return "\n".join(lines)


def _comparison(results: list[Result], path: str) -> str:
    earlier = json.loads(Path(path).read_text())
    before = {f"{r['name']} [{r['who']}]": r for r in earlier["results"]}
    lines = [
        f"Compared with {path} (scale {earlier['meta']['scale']:g}, "
        f"commit {earlier['meta']['commit']}):"
    ]
    for result in results:
        old = before.get(result.key)
        if old is None or result.queries is None or old.get("queries") is None:
            continue
        flag = "" if old["queries"] == result.queries else "  <-- query count changed"
        ratio = result.p50_ms / old["p50_ms"] if old["p50_ms"] else float("nan")
        lines.append(
            f"  {result.key:<45} queries {old['queries']:>3} -> {result.queries:<3} "
            f"p50 {old['p50_ms']:>7.1f} -> {result.p50_ms:<7.1f} ms (x{ratio:.2f}){flag}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    tmp = Path(tempfile.mkdtemp(prefix="mozaiek-benchmark-"))
    try:
        _environment(tmp)
        import django

        django.setup()
        from django.db import connection

        original, name = _database_create(tmp)
        print(f"Benchmark database: {name}", file=sys.stderr)
        try:
            results, meta = _run(args)
        finally:
            connection.creation.destroy_test_db(original, verbosity=0)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    print(_table(results, meta))
    if args.compare:
        print(_comparison(results, args.compare))
    if args.json:
        Path(args.json).write_text(
            json.dumps({"meta": meta, "results": [_plain(r) for r in results]}, indent=2) + "\n"
        )
        print(f"Wrote {args.json}", file=sys.stderr)
    failed = [r for r in results if r.note.startswith(("FAILED", "queries vary"))]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
