"""Pages measured over real HTTP: gunicorn with production settings, and a small load generator.

The server is the one the school runs (`gunicorn mozaiek.wsgi`, sync workers, DEBUG off,
WhiteNoise serving the collected static files), on loopback, against the benchmark's database.
The load generator holds CONNECTIONS connections per page, each a thread sending the next
request as soon as the last answer is read (`http.client`, with the user's session cookie: every
user logs in once, in the benchmark process, and the server reads the same session table).
Sync workers close the connection after every answer; `http.client` opens the next one itself.
"""

import http.client
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent.parent
CONNECTIONS = 4
WORKERS = 2
HOST = "127.0.0.1"


@dataclass
class Load:
    """What a page answered under load: every latency in ms, the requests and the seconds."""

    latencies: list[float] = field(default_factory=list)
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)
    nbytes: int = 0

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def collectstatic(env: dict[str, str]) -> None:
    """Hashed, compressed static files, as production serves them (WhiteNoise)."""
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=BASE_DIR,
        env=env,
        check=True,
    )


class Server:
    """gunicorn on a free loopback port, stopped again by `stop()` (or the `with` block)."""

    def __init__(self, env: dict[str, str], log: Path, *, probe: str, cookie: str):
        self.port = free_port()
        self.log = log
        gunicorn = Path(sys.executable).with_name("gunicorn")
        command = [
            str(gunicorn),
            "mozaiek.wsgi:application",
            f"--workers={WORKERS}",
            "--worker-class=sync",
            f"--bind={HOST}:{self.port}",
            "--timeout=600",  # an export of every incident at board scale takes seconds
            "--log-level=warning",
        ]
        with log.open("wb") as out:
            self.process = subprocess.Popen(
                command, cwd=BASE_DIR, env=env, stdout=out, stderr=subprocess.STDOUT
            )
        self._wait(probe, cookie)

    def _wait(self, probe: str, cookie: str, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn stopped; its log:\n{self.log.read_text()}")
            try:
                status, _ = fetch(self.port, probe, cookie)
            except OSError:
                time.sleep(0.3)
                continue
            if status != 200:
                raise SystemExit(
                    f"{probe} answered {status}; gunicorn log:\n{self.log.read_text()}"
                )
            return
        raise SystemExit("gunicorn did not answer within two minutes")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def __enter__(self) -> "Server":
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def _headers(cookie: str) -> dict[str, str]:
    return {"Host": HOST, "Cookie": cookie, "Accept-Encoding": "identity"}


def fetch(port: int, path: str, cookie: str) -> tuple[int, int]:
    """One request on a fresh connection: (status, bytes read)."""
    connection = http.client.HTTPConnection(HOST, port, timeout=600)
    try:
        connection.request("GET", path, headers=_headers(cookie))
        response = connection.getresponse()
        return response.status, len(response.read())
    finally:
        connection.close()


def load(port: int, path: str, cookie: str, seconds: float) -> Load:
    """CONNECTIONS connections sending `path` back to back for `seconds`."""
    result = Load()
    lock = threading.Lock()
    start = time.perf_counter()
    deadline = start + seconds

    def connection_loop() -> None:
        connection = http.client.HTTPConnection(HOST, port, timeout=600)
        latencies, errors, nbytes = [], [], 0
        try:
            while time.perf_counter() < deadline:
                sent = time.perf_counter()
                try:
                    connection.request("GET", path, headers=_headers(cookie))
                    response = connection.getresponse()
                    body = response.read()
                except (OSError, http.client.HTTPException) as error:
                    errors.append(f"{type(error).__name__}: {error}")
                    connection.close()
                    continue
                latencies.append((time.perf_counter() - sent) * 1000)
                nbytes += len(body)
                if response.status != 200:
                    errors.append(f"{path} answered {response.status}")
                if response.will_close:
                    connection.close()
        finally:
            connection.close()
        with lock:
            result.latencies.extend(latencies)
            result.errors.extend(errors)
            result.nbytes += nbytes

    threads = [threading.Thread(target=connection_loop) for _ in range(CONNECTIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.perf_counter() - start
    return result


def server_environment(database_url: str) -> dict[str, str]:
    """The benchmark process's production settings, pointed at the benchmark's database."""
    env = dict(os.environ)
    env["DATABASE_URL"] = database_url
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env["DJANGO_SETTINGS_MODULE"] = "mozaiek.settings"
    return env


def summary(load_: Load) -> dict[str, float | None]:
    if not load_.latencies:
        return {"rate": 0.0, "p50_ms": None, "p95_ms": None}
    ordered = sorted(load_.latencies)
    p95 = ordered[max(0, -(-len(ordered) * 95 // 100) - 1)]
    return {
        "rate": round(load_.rate, 2),
        "p50_ms": round(statistics.median(ordered), 2),
        "p95_ms": round(p95, 2),
    }
