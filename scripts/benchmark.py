"""Benchmark: how fast the pages and services people wait for are, on a school board's data.

    python scripts/benchmark.py [--scale 0.1 --scale 1] [--seconds 20] [--rounds 4]
                                [--mode http|client] [--json out.json] [--compare old.json]
    make bench                      # scales 0.1 and 1, over HTTP (see README, "Benchmark")

For each scale it builds a throwaway database (a SQLite file in a temporary directory; with
DATABASE_URL set, a database named `<name>_benchmark` on that server, created and dropped
again: the database in DATABASE_URL itself is never touched, nor `var/db.sqlite3`), migrates
it, loads the protocol's reference lists and a school board's data (`scripts/board/`), logs
every user in once and counts each page's SQL queries with Django's test client. Then (the
default `--mode http`) it starts gunicorn with production settings on loopback and puts every
page under load, four connections for `--seconds` per page in `--rounds` interleaved rounds,
the floor (a logged-in empty page) first in every round; `--mode client` times the pages with
the test client instead. The reminder sweep and the case's facts are services: they are timed
in-process. With two scales, each runs in its own process and a last table sets them side
by side with the ratio of their p50s.
"""

import argparse
import json
import os
import platform
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

BASE_DIR = Path(__file__).resolve().parent.parent
if str(BASE_DIR) not in sys.path:
    sys.path.insert(0, str(BASE_DIR))

from scripts.measure import results as tables  # noqa: E402


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--scale",
        type=float,
        action="append",
        help="amount of data, 1 = the board (repeat for several; default 0.1 and 1)",
    )
    parser.add_argument("--mode", choices=("http", "client"), default="http")
    parser.add_argument(
        "--seconds", type=float, default=20, help="HTTP: seconds of load per page (default 20)"
    )
    parser.add_argument(
        "--rounds", type=int, default=4, help="HTTP: interleaved rounds (default 4)"
    )
    parser.add_argument(
        "--runs", type=int, default=30, help="timed in-process runs (client mode, services)"
    )
    parser.add_argument("--json", metavar="FILE", help="also write the results as JSON")
    parser.add_argument(
        "--compare", metavar="FILE", help="show the differences with an earlier --json file"
    )
    parser.add_argument("--seed", type=int, default=None, help="random seed of the board")
    args = parser.parse_args(argv)
    args.scale = sorted(args.scale or [0.1, 1.0])
    if min(args.scale) <= 0 or args.runs < 1 or args.rounds < 1 or args.seconds <= 0:
        parser.error("--scale and --seconds must be positive, --runs and --rounds at least 1")
    return args


def _environment(tmp: Path) -> None:
    """Production settings for a throwaway database; set before Django reads them. gunicorn
    inherits them: DEBUG off, a secret key, the hosts, no HTTPS redirect on loopback."""
    os.environ["DJANGO_SETTINGS_MODULE"] = "mozaiek.settings"
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1"
    os.environ["SECURE_SSL_REDIRECT"] = "0"
    os.environ["EMAIL_BACKEND"] = "django.core.mail.backends.locmem.EmailBackend"
    os.environ["MEDIA_ROOT"] = str(tmp / "media")
    os.environ["STATIC_ROOT"] = str(tmp / "static")
    (tmp / "static").mkdir()
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    os.environ.pop("REDIS_URL", None)  # reminders are sent in-process, never to a real broker
    if "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp / 'benchmark.sqlite3'}"


def _database_create(tmp: Path) -> tuple[str, str]:
    """Create and migrate the throwaway database; returns (the configured name, its URL)."""
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
    if connection.vendor == "sqlite":
        return original, f"sqlite:///{name}"
    s = connection.settings_dict
    login = quote(s["USER"] or "", safe="")
    if s.get("PASSWORD"):
        login += ":" + quote(s["PASSWORD"], safe="")
    return original, f"postgres://{login}@{s['HOST'] or 'localhost'}:{s['PORT'] or 5432}/{name}"


def _build(args: argparse.Namespace, scale: float):
    from django.db import connection
    from django.utils import timezone

    from cases.reminders.services import reminders_sweep
    from scripts import board

    started = time.perf_counter()
    school = board.school_build(scale=scale, seed=board.SEED if args.seed is None else args.seed)
    first_sweep = reminders_sweep(now=timezone.now())
    if connection.vendor == "postgresql":
        # Planner statistics, as autovacuum gathers them soon after such a load.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    seconds = time.perf_counter() - started
    print(f"Built the board's data at scale {scale:g} in {seconds:.1f} s:", file=sys.stderr)
    for what, count in school.counts.items():
        print(f"  {count:>7}  {what}", file=sys.stderr)
    print(f"  {first_sweep.created:>7}  reminders created by the first sweep", file=sys.stderr)
    return school, seconds


def _run(args: argparse.Namespace, scale: float, database_url: str, tmp: Path):
    from django.conf import settings
    from django.test.utils import override_settings

    from scripts.measure import pages as measure

    # The test client serves plain static files (the hashed storage needs collectstatic, which
    # only the HTTP pass runs); the page's work is the same either way.
    override_settings(
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    ).enable()
    school, build_seconds = _build(args, scale)
    page_list = measure.pages(school, measure.clients(school))
    results, measured = [], []
    for page in page_list:
        print(f"  counting the queries of {page.name} [{page.who}]", file=sys.stderr)
        result, call = measure.prepare(page)
        results.append(result)
        if call is not None:
            measured.append((result, call, page))
    services = measure.services(school)
    if args.mode == "client":
        print(f"  timing {args.runs} interleaved rounds (test client)", file=sys.stderr)
        measure.rounds([(r, call) for r, call, _ in measured], args.runs)
        how = f"test client, {args.runs} interleaved rounds"
    else:
        _http_pass(args, database_url, tmp, measured)
        how = (
            f"gunicorn, 2 sync workers, 4 connections, {args.seconds:g} s per page "
            f"in {args.rounds} interleaved rounds"
        )
    measure.rounds(services, args.runs)
    results += [result for result, _ in services]
    for result, _call, page in measured:
        if page.rows and result.p50_ms:
            rate = page.rows / (result.p50_ms / 1000)
            result.note = (result.note + f" {rate:,.0f} rows/s").strip()
    tables.shares(results)
    meta = _meta(args, scale, build_seconds, school, how)
    return results, meta


def _http_pass(args, database_url: str, tmp: Path, measured: list) -> None:
    from scripts.measure import http
    from scripts.measure.results import summarise

    env = http.server_environment(database_url)
    print("  collecting the static files", file=sys.stderr)
    http.collectstatic(env)
    floor_page = measured[0][2]
    slice_seconds = args.seconds / args.rounds
    loads = {id(result): http.Load() for result, _, _ in measured}
    with http.Server(
        env, tmp / "gunicorn.log", probe=floor_page.path, cookie=floor_page.cookie
    ) as server:
        for page in (p for _, _, p in measured):  # warm both workers up
            for _ in range(2 * http.WORKERS):
                http.fetch(server.port, page.path, page.cookie)
        for number in range(args.rounds):
            print(f"  HTTP round {number + 1} of {args.rounds}", file=sys.stderr)
            for result, _call, page in measured:
                one = http.load(server.port, page.path, page.cookie, slice_seconds)
                total = loads[id(result)]
                total.latencies += one.latencies
                total.seconds += one.seconds
                total.errors += one.errors
    for result, _call, _page in measured:
        total = loads[id(result)]
        if total.errors:
            result.note = f"FAILED: {len(total.errors)} errors, first: {total.errors[0]}"
        if total.latencies:
            summarise(result, total.latencies)
            result.rate = round(total.rate, 2)


def _meta(args, scale: float, build_seconds: float, school, how: str) -> dict:
    from django.db import connection

    from cases.reminders.models import Reminder

    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": _commit(),
        "scale": scale,
        "mode": args.mode,
        "how": how,
        "database": f"{connection.vendor} {_database_version(connection)}",
        "python": platform.python_version(),
        "django": __import__("django").get_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs",
        "build_seconds": round(build_seconds, 1),
        "rows": {**school.counts, "reminders after the first sweep": Reminder.objects.count()},
    }


def _database_version(connection) -> str:
    if connection.vendor == "sqlite":
        import sqlite3

        return sqlite3.sqlite_version
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        return cursor.fetchone()[0].split(" on ")[0]


def _commit() -> str:
    def git(*command: str) -> str:
        return subprocess.run(
            ["git", *command], cwd=BASE_DIR, capture_output=True, text=True, check=True
        ).stdout.strip()

    try:
        commit = git("rev-parse", "--short", "HEAD")
        dirty = git("status", "--porcelain", "--untracked-files=no")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return f"{commit}{'+changes' if dirty else ''}"


def _one_scale(args: argparse.Namespace) -> int:
    scale = args.scale[0]
    tmp = Path(tempfile.mkdtemp(prefix="mozaiek-benchmark-"))
    try:
        _environment(tmp)
        import django

        django.setup()
        from django.db import connection

        original, database_url = _database_create(tmp)
        print(f"Benchmark database: {database_url}", file=sys.stderr)
        try:
            results, meta = _run(args, scale, database_url, tmp)
        finally:
            connection.close()
            connection.creation.destroy_test_db(original, verbosity=0)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    print(tables.table(results, meta), flush=True)
    if args.compare:
        print(tables.comparison(results, args.compare))
    if args.json:
        document = {"meta": meta, "results": [tables.plain(r) for r in results]}
        Path(args.json).write_text(json.dumps(document, indent=2) + "\n")
        print(f"Wrote {args.json}", file=sys.stderr)
    return 1 if any(r.failed for r in results) else 0


def _several_scales(args: argparse.Namespace, argv: list[str]) -> int:
    """Every scale in a process of its own (a fresh database and Django), then side by side."""
    passed = _without_scales(argv)
    runs, status = [], 0
    with tempfile.TemporaryDirectory(prefix="mozaiek-benchmark-") as tmp:
        for scale in args.scale:
            out = Path(tmp) / f"scale-{scale:g}.json"
            command = [sys.executable, __file__, "--scale", str(scale), *passed, "--json", str(out)]
            status |= subprocess.run(command, check=False).returncode
            if out.exists():
                runs.append(json.loads(out.read_text()))
    if len(runs) >= 2:
        print(tables.scales_table(runs))
    if args.json:
        Path(args.json).write_text(json.dumps({"scales": runs}, indent=2) + "\n")
    return status


def _without_scales(argv: list[str]) -> list[str]:
    """The command line without its --scale and --json options (the children get their own)."""
    kept, skip = [], False
    for item in argv:
        if skip:
            skip = False
        elif item in ("--scale", "--json"):
            skip = True
        elif not item.startswith(("--scale=", "--json=")):
            kept.append(item)
    return kept


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = _arguments(argv)
    if len(args.scale) > 1:
        return _several_scales(args, argv)
    return _one_scale(args)


if __name__ == "__main__":
    sys.exit(main())
