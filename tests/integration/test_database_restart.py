"""A PostgreSQL restart while the site is in use: the connections gunicorn kept open are dead
afterwards, and no request may answer 500 or 400 because of that.

The test runs its own PostgreSQL server (initdb in a temporary directory, its own port), so it
can restart it without touching the database of the test run. It needs the PostgreSQL server
binaries (Debian's `postgresql` package); without them it is skipped, except under CI.
"""

import http.cookiejar
import itertools
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.integration.conftest import BIN, ROOT, free_port, stop_process, wait_for

pytestmark = pytest.mark.integration

TEACHER = "juf.anna"
PASSWORD = "Herfst-vakantie-2026!"


def _postgres_bin() -> Path | None:
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    found = shutil.which("initdb")
    if candidates:
        return candidates[-1].parent
    return Path(found).parent if found else None


class PostgresServer:
    """A throwaway server on loopback. PostgreSQL refuses to run as root, so as root it runs
    as the `postgres` user, as in `.ci/run`."""

    def __init__(self, bin_dir: Path):
        self.bin_dir = bin_dir
        # Not under pytest's tmp_path: the `postgres` user must be able to reach the folder.
        self.directory = Path(tempfile.mkdtemp(prefix="mozaiek-pg-restart-"))
        self.port = free_port()
        if os.geteuid() == 0:
            shutil.chown(self.directory, "postgres", "postgres")

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/mozaiek"

    def _run(self, *command: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run([*prefix, *command], check=True, capture_output=True, timeout=120)

    def _pg_ctl(self, *args: str) -> None:
        self._run(
            str(self.bin_dir / "pg_ctl"),
            "-D",
            str(self.directory / "data"),
            "-l",
            str(self.directory / "server.log"),
            "-w",
            "-t",
            "60",
            *args,
        )

    def start(self) -> None:
        self._run(
            str(self.bin_dir / "initdb"),
            "-D",
            str(self.directory / "data"),
            "-A",
            "trust",
            "-U",
            "postgres",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        )
        options = (
            f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.directory} "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self._pg_ctl("-o", options, "start")
        self._run(
            str(self.bin_dir / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U",
            "postgres", "mozaiek",
        )  # fmt: skip

    def restart(self) -> None:
        # "fast": every open connection is cut, as when the server is upgraded or restarted.
        self._pg_ctl("-m", "fast", "restart")

    def stop(self) -> None:
        if (self.directory / "data" / "postmaster.pid").exists():
            self._pg_ctl("-m", "immediate", "stop")
        shutil.rmtree(self.directory, ignore_errors=True)


@pytest.fixture
def postgres_server() -> Iterator[PostgresServer]:
    bin_dir = _postgres_bin()
    if bin_dir is None:
        if os.environ.get("CI"):
            pytest.fail("the PostgreSQL server binaries (initdb, pg_ctl) are missing")
        pytest.skip("PostgreSQL server binaries not found")
    server = PostgresServer(bin_dir)
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture
def site_env(postgres_server, tmp_path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST")}
    env.update(
        DJANGO_SETTINGS_MODULE="mozaiek.settings",
        DATABASE_URL=postgres_server.url,
        DB_CONN_MAX_AGE="600",
        SECRET_KEY="integration-tests-only",
        ALLOWED_HOSTS="127.0.0.1",
        STATIC_ROOT=str(tmp_path / "static"),
        SECURE_SSL_REDIRECT="0",
        SESSION_COOKIE_SECURE="0",
        CSRF_COOKIE_SECURE="0",
        AXES_ENABLED="0",
        PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}",
        PYTHONUNBUFFERED="1",
    )
    env.pop("DEBUG", None)

    def manage(*args: str) -> None:
        subprocess.run(
            [str(BIN / "python"), "manage.py", *args],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            timeout=300,
        )

    manage("migrate", "--noinput")
    manage("collectstatic", "--noinput")
    manage(
        "shell",
        "-c",
        "from accounts.models import Role; from tests.factories import UserFactory; "
        f"user = UserFactory(username={TEACHER!r}, roles=[Role.TEACHER]); "
        f"user.set_password({PASSWORD!r}); user.save()",
    )
    return env


class Browser:
    """One visitor with cookies; answers are status codes, redirects are not followed."""

    def __init__(self, base: str):
        class NoRedirect(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            NoRedirect, urllib.request.HTTPCookieProcessor(self.cookies)
        )

    def request(self, path: str, data: dict[str, str] | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(self.base + path, data=body, timeout=30) as response:
                return response.status, response.read().decode(errors="replace")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")

    def csrf_token(self, page: str) -> str:
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)

    def log_in(self) -> None:
        status, page = self.request("/inloggen/")
        assert status == 200, page
        status, page = self.request(
            "/inloggen/",
            {
                "csrfmiddlewaretoken": self.csrf_token(page),
                "login_view-current_step": "auth",
                "auth-username": TEACHER,
                "auth-password": PASSWORD,
            },
        )
        assert status == 302, page


def _answers(base: str) -> bool:
    try:
        with urllib.request.urlopen(base + "/healthz", timeout=5) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


@dataclass
class Site:
    base: str
    log: Path

    def errors_logged(self) -> str:
        """The tracebacks gunicorn logged, to read when an answer was not what it should be."""
        return self.log.read_text(errors="replace")[-20000:]


@pytest.fixture
def site(site_env, tmp_path) -> Iterator[Site]:
    port = free_port()
    log = tmp_path / "gunicorn.log"
    with log.open("wb") as out:
        web = subprocess.Popen(
            [
                str(BIN / "gunicorn"), "mozaiek.wsgi", "--bind", f"127.0.0.1:{port}",
                "--workers", "2", "--threads", "2",
            ],
            cwd=ROOT, env=site_env, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: _answers(base) or web.poll() is not None, timeout=90, what="gunicorn")
        assert web.poll() is None, log.read_text()
        yield Site(base, log)
    finally:
        stop_process(web)


PAGES = ["/", "/meldingen/", "/notificaties/", "/melden/", "/melden/opvolgen/"]
# Wrong codes, each with other first symbols, so the code limit never answers 429 here.
_CODES = (f"{number:04}"[::-1] + "X" for number in itertools.count())


def _visit_all(teacher: Browser, visitor: Browser, rounds: int) -> list[tuple[str, int]]:
    answers = []
    for _ in range(rounds):
        for path in PAGES:
            answers.append((path, teacher.request(path)[0]))
        # The public code form writes nothing on a GET, but posts a code (a session write).
        status, page = visitor.request("/melden/opvolgen/")
        answers.append(("/melden/opvolgen/", status))
        if status != 200:
            continue  # no form to post while the database is away
        token = visitor.csrf_token(page)
        code = {"csrfmiddlewaretoken": token, "code": next(_CODES), "subject": ""}
        posted = visitor.request("/melden/opvolgen/", code)
        answers.append(("POST /melden/opvolgen/", posted[0]))
    return answers


def _wrong(answers: list[tuple[str, int]], allowed: tuple[int, ...]) -> list[tuple[str, int]]:
    """The answers outside `allowed`. The visitor keeps posting wrong follow-up codes, so once
    past the address's limit (10 in 15 minutes) those posts are refused with 429: the limit
    answering, not a fault."""
    return [
        (what, status)
        for what, status in answers
        if status not in allowed and not (what == "POST /melden/opvolgen/" and status == 429)
    ]


def test_a_postgresql_restart_between_requests_gives_no_error_answer(site, postgres_server):
    teacher, visitor = Browser(site.base), Browser(site.base)
    teacher.log_in()
    before = _visit_all(teacher, visitor, rounds=2)
    assert {status for _, status in before} <= {200, 302}, before

    # Every kept-open connection of gunicorn is dead after this.
    postgres_server.restart()
    after = _visit_all(teacher, visitor, rounds=2)

    assert _wrong(after, (200, 302)) == [], after


def test_requests_during_a_postgresql_restart_are_asked_to_wait_never_answered_500(
    site, postgres_server
):
    teacher, visitor = Browser(site.base), Browser(site.base)
    teacher.log_in()
    during: list[tuple[str, int]] = []
    stop = threading.Event()

    def keep_visiting() -> None:
        while not stop.is_set():
            try:
                during.extend(_visit_all(teacher, visitor, rounds=1))
            except (urllib.error.URLError, ConnectionError, TimeoutError) as error:
                during.append(("connection", repr(error)))

    visiting = threading.Thread(target=keep_visiting)
    visiting.start()
    try:
        time.sleep(1)
        postgres_server.restart()
        time.sleep(1)
    finally:
        stop.set()
        visiting.join(timeout=60)

    # Waiting a moment (503 with Retry-After) is allowed while the server is down; nothing else.
    wrong = _wrong(during, (200, 302, 503))
    assert wrong == [], f"{during}\n{site.errors_logged()}"
    assert any(status == 200 for _, status in during)
    after = _visit_all(teacher, visitor, rounds=1)
    assert _wrong(after, (200, 302)) == [], after
