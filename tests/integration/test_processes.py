"""The commands docker-compose.yml runs (through docker/entrypoint.sh), run here outside
Docker: gunicorn serves /healthz and static files, beat starts and schedules the sweeps."""

import json
import os
import subprocess
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.integration.conftest import BIN, ROOT, free_port, stop_process, wait_for

pytestmark = pytest.mark.integration

ENTRYPOINT = str(ROOT / "docker" / "entrypoint.sh")


def get(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        request = urllib.request.Request(url, headers=headers)
        with opener.open(request, timeout=5) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def answers(url: str) -> bool:
    try:
        return get(url)[0] == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return False


@pytest.mark.django_db(transaction=True)
def test_the_web_command_migrates_then_serves_healthz_and_static_files(process_env, tmp_path):
    port = free_port()
    env = {
        **process_env,
        "PORT": str(port),
        "BIND_ADDRESS": "127.0.0.1",
        "WEB_CONCURRENCY": "1",
        "ALLOWED_HOSTS": "veilig.mozaiek.example,127.0.0.1",
        "STATIC_ROOT": str(tmp_path / "static"),
        "BEHIND_PROXY": "1",
    }
    # The image collects static files when it is built.
    subprocess.run(
        [str(BIN / "python"), "manage.py", "collectstatic", "--noinput"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )
    log = tmp_path / "web.log"
    with log.open("wb") as out:
        web = subprocess.Popen(
            ["sh", ENTRYPOINT, "web"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for(
            lambda: answers(f"{base}/healthz") or web.poll() is not None,
            timeout=90,
            what="gunicorn",
        )
        assert web.poll() is None, log.read_text()
        status, _, body = get(f"{base}/healthz")
        assert status == 200
        assert json.loads(body) == {"database": "ok"}
        # WhiteNoise serves the collected files to the HTTPS proxy in front.
        status, headers, _ = get(f"{base}/static/css/app.css", **{"X-Forwarded-Proto": "https"})
        assert status == 200
        assert headers["Content-Type"].startswith("text/css")
        # Plain HTTP (other than the health check) is sent to HTTPS.
        status, headers, _ = get(f"{base}/inloggen/")
        assert status == 301
        assert headers["Location"].startswith("https://")
    finally:
        stop_process(web)
    output = log.read_text()
    assert "No migrations to apply" in output or "Applying" in output
    assert "Booting worker" in output


def test_beat_starts_and_schedules_the_sweeps(redis_server, tmp_path: Path):
    schedule = tmp_path / "celerybeat-schedule"
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST")}
    env.update(
        DJANGO_SETTINGS_MODULE="mozaiek.settings",
        SECRET_KEY="integration-tests-only",
        REDIS_URL=redis_server.url,
        CELERY_BEAT_SCHEDULE_FILENAME=str(schedule),
        LOG_LEVEL="DEBUG",
        PATH=f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
    )
    log = tmp_path / "beat.log"
    with log.open("wb") as out:
        beat = subprocess.Popen(
            ["sh", ENTRYPOINT, "beat"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        wait_for(
            lambda: "beat: Waking up" in log.read_text() or beat.poll() is not None,
            timeout=60,
            what="beat to schedule",
        )
        assert beat.poll() is None, log.read_text()
    finally:
        stop_process(beat)
    output = log.read_text()
    assert "beat: Starting..." in output
    for entry in (
        "reminders-sweep cases.tasks.sweep_reminders()",
        "weekly-digest cases.tasks.send_weekly_digest()",
        "yearly-reminders cases.tasks.send_yearly_reminders()",
        "monthly-retention cases.tasks.run_retention()",
        "purge-pending-attachments cases.tasks.purge_pending_attachments()",
        "clean-login-attempts cases.tasks.clean_login_attempts()",
    ):
        assert entry in output, output
    # What the compose health check of beat looks for.
    assert list(tmp_path.glob("celerybeat-schedule*"))
