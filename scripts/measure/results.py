"""A measurement's result, and the tables `scripts/benchmark.py` prints."""

import json
import math
import statistics
from dataclasses import asdict, dataclass, field
from pathlib import Path

FLOOR = "floor: a logged-in empty page"


@dataclass
class Result:
    name: str
    who: str
    queries: int | None = None
    rate: float | None = None  # requests per second over HTTP (None: measured in-process)
    min_ms: float | None = None
    p50_ms: float | None = None
    p95_ms: float | None = None
    max_ms: float | None = None
    runs: int = 0
    note: str = ""
    # Over HTTP: the row's requests/s over the floor's; in-process: the floor's p50 over the
    # row's. 1.0 is as fast as the floor.
    floor_share: float | None = None
    timings: list[float] = field(default_factory=list, repr=False)

    @property
    def key(self) -> str:
        return f"{self.name} [{self.who}]"

    @property
    def failed(self) -> bool:
        return self.note.startswith(("FAILED", "queries vary"))


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[max(1, math.ceil(len(ordered) * fraction)) - 1]  # nearest rank


def summarise(result: Result, timings: list[float]) -> Result:
    result.min_ms = round(min(timings), 2)
    result.p50_ms = round(statistics.median(timings), 2)
    result.p95_ms = round(percentile(timings, 0.95), 2)
    result.max_ms = round(max(timings), 2)
    result.runs = len(timings)
    return result


def shares(results: list[Result]) -> None:
    """Every row's share of the floor (the first row)."""
    floor = results[0]
    for result in results:
        if floor.rate and result.rate is not None:
            result.floor_share = round(result.rate / floor.rate, 4)
        elif floor.p50_ms and result.p50_ms and result.rate is None and floor.rate is None:
            result.floor_share = round(floor.p50_ms / result.p50_ms, 4)


def plain(result: Result) -> dict:
    return {key: value for key, value in asdict(result).items() if key != "timings"}


def _number(value: float | int | None, digits: int = 1) -> str:
    if value is None:
        return "—"
    return f"{value:,.{digits}f}" if isinstance(value, float) else str(value)


def _render(head: tuple, rows: list[tuple], left: int = 2) -> list[str]:
    widths = [max(len(str(row[i])) for row in [head, *rows]) for i in range(len(head) - 1)]
    lines = []
    for row in [head, *rows]:
        cells = [
            str(cell).ljust(widths[i]) if i < left else str(cell).rjust(widths[i])
            for i, cell in enumerate(row[:-1])
        ]
        lines.append(("  ".join(cells) + ("  " + row[-1] if row[-1] else "")).rstrip())
    return lines


def table(results: list[Result], meta: dict) -> str:
    head = ("what", "as", "queries", "req/s", "p50 ms", "p95 ms", "max ms", "share", "")
    rows = [
        (
            r.name,
            r.who,
            _number(r.queries),
            _number(r.rate),
            _number(r.p50_ms),
            _number(r.p95_ms),
            _number(r.max_ms),
            _number(r.floor_share, 3),
            r.note,
        )
        for r in results
    ]
    title = (
        f"Benchmark at scale {meta['scale']:g} ({meta['mode']}), {meta['how']}; "
        f"{meta['database']}, commit {meta['commit']}, {meta['date']}"
    )
    return "\n".join([title, *_render(head, rows)])


def scales_table(runs: list[dict]) -> str:
    """The rows of the smallest and the largest scale side by side, with the ratio of p50s."""
    small, large = runs[0], runs[-1]
    before = {f"{r['name']} [{r['who']}]": r for r in small["results"]}
    head = (
        "what",
        "as",
        "queries",
        "req/s",
        "p50 ms",
        "p95 ms",
        "share",
        f"p50 x{large['meta']['scale']:g}/x{small['meta']['scale']:g}",
        "",
    )
    rows = []
    for r in large["results"]:
        old = before.get(f"{r['name']} [{r['who']}]", {})
        queries = f"{_number(old.get('queries'))} / {_number(r['queries'])}"
        ratio = r["p50_ms"] / old["p50_ms"] if old.get("p50_ms") and r["p50_ms"] else None
        flag = "" if old.get("queries") == r["queries"] else "query count changed"
        rows.append(
            (
                r["name"],
                r["who"],
                queries,
                _number(r["rate"]),
                _number(r["p50_ms"]),
                _number(r["p95_ms"]),
                _number(r["floor_share"], 3),
                _number(ratio, 2),
                " ".join(filter(None, [flag, r["note"]])),
            )
        )
    title = (
        f"Scales {small['meta']['scale']:g} and {large['meta']['scale']:g}: queries at both, "
        f"the rest at {large['meta']['scale']:g}"
    )
    return "\n".join([title, *_render(head, rows)])


def comparison(results: list[Result], path: str) -> str:
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
        ratio = result.p50_ms / old["p50_ms"] if old["p50_ms"] and result.p50_ms else float("nan")
        lines.append(
            f"  {result.key:<45} queries {old['queries']:>3} -> {result.queries:<3} "
            f"p50 {_number(old['p50_ms']):>7} -> {_number(result.p50_ms):<7} ms (x{ratio:.2f})"
            f"{flag}"
        )
    return "\n".join(lines)
