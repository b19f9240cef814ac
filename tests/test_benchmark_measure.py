"""scripts/measure/: the benchmark's load generator and tables do what README says.

No database and no gunicorn: the load generator is pointed at a small threaded HTTP server
in the test process, and the tables are fed made-up results.
"""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from scripts.benchmark import _arguments, _without_scales
from scripts.measure import http
from scripts.measure.results import FLOOR, Result, scales_table, shares


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    seen_cookies: list[str] = []

    def do_GET(self):  # noqa: N802 (the standard library's name)
        _Handler.seen_cookies.append(self.headers.get("Cookie", ""))
        body = b"ok" if self.path == "/ok" else b"no"
        self.send_response(200 if self.path == "/ok" else 404)
        self.send_header("Content-Length", str(len(body)))
        if self.path == "/ok" and len(_Handler.seen_cookies) % 2:
            self.send_header("Connection", "close")  # as gunicorn's sync workers do
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer((http.HOST, 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd.server_address[1]
    httpd.shutdown()
    httpd.server_close()


def test_the_load_generator_sends_the_session_cookie_on_every_connection(server):
    _Handler.seen_cookies.clear()
    result = http.load(server, "/ok", "sessionid=abc", 0.3)
    assert len(result.latencies) > http.CONNECTIONS
    assert not result.errors
    assert set(_Handler.seen_cookies) == {"sessionid=abc"}
    assert result.rate > 0
    summary = http.summary(result)
    assert summary["p50_ms"] <= summary["p95_ms"]


def test_a_page_that_does_not_answer_200_is_counted_as_an_error(server):
    result = http.load(server, "/missing", "sessionid=abc", 0.1)
    assert result.errors and "answered 404" in result.errors[0]


def test_every_share_is_of_the_floor_requests_per_second():
    floor = Result(FLOOR, "teacher", rate=200.0, p50_ms=10.0)
    page = Result("incident list", "teacher", rate=50.0, p50_ms=40.0)
    service = Result("reminder sweep", "service", p50_ms=20.0)
    shares([floor, page, service])
    assert (floor.floor_share, page.floor_share) == (1.0, 0.25)
    assert service.floor_share is None  # in-process: not comparable with a page over HTTP


def test_two_scales_are_set_side_by_side_with_the_ratio_of_their_p50():
    def run(scale, p50, queries):
        row = {"name": "incident detail", "who": "teacher", "queries": queries}
        row |= {"rate": 10.0, "p50_ms": p50, "p95_ms": p50, "floor_share": 0.5, "note": ""}
        return {"meta": {"scale": scale}, "results": [row]}

    text = scales_table([run(0.1, 20.0, 15), run(1, 26.0, 15)])
    assert "1.30" in text and "15 / 15" in text
    assert "query count changed" in scales_table([run(0.1, 20.0, 15), run(1, 26.0, 16)])


def test_two_scales_by_default_and_each_child_gets_its_own_scale_and_json():
    assert _arguments([]).scale == [0.1, 1.0]
    assert _arguments(["--scale", "1", "--scale", "0.1"]).scale == [0.1, 1.0]
    argv = ["--scale", "0.1", "--scale=1", "--seconds", "5", "--json", "x.json"]
    assert _without_scales(argv) == ["--seconds", "5"]
