"""The import rules of the layout (README, "Layout"), read from the source with `ast`.

- No module imports itself back through a chain of imports, counting imports inside functions
  too: a cycle hidden in a function body is still a cycle.
- The apps are layered: `protocol` knows no other app, `accounts` knows only `protocol`,
  `cases` never imports `reporting` or `confidential`, and `confidential` reaches `cases` only
  through what it needs to pass a report on as an incident (the registration service, its form
  and the pupil and reporter choices) and to register its retention policy.
- `mozaiek.pdf` and `mozaiek.celery` are infrastructure any app may use; the rest of `mozaiek`
  (settings, URLs, views) sits above every app.
"""

import ast
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("protocol", "accounts", "cases", "confidential", "reporting", "mozaiek")
INFRASTRUCTURE = ("mozaiek.pdf", "mozaiek.celery")

# app -> the apps it may import (besides itself and the infrastructure modules)
ALLOWED = {
    "protocol": set(),
    "accounts": {"protocol"},
    "cases": {"protocol", "accounts"},
    "confidential": {"protocol", "accounts", "cases"},
    "reporting": {"protocol", "accounts", "cases", "confidential"},
    "mozaiek": set(APPS),
}
# What `confidential` may use of `cases`: passing a report on as an incident, and registering
# its own retention policy with the school's retention run (so that `cases` never reads it).
CONFIDENTIAL_MAY_USE = (
    "cases.incidents.services",
    "cases.incidents.forms",
    "cases.models",
    "cases.privacy.policies",
)
# What `reporting` may use of `confidential`: counts only, through its selectors.
REPORTING_MAY_USE = ("confidential.selectors",)


def _is_test(path: Path) -> bool:
    return "tests" in path.parts or path.name in ("conftest.py",) or path.name.startswith("test_")


def _modules() -> dict[str, Path]:
    found = {}
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts or _is_test(path):
                continue
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    """Project modules imported anywhere in the module (top level or inside functions)."""
    tree = ast.parse(path.read_text(), filename=str(path))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    targets = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                targets.add(submodule if submodule in MODULES else base)
    return {_owner(t) for t in targets if _owner(t)}


def _owner(target: str) -> str | None:
    """The project module `target` names (a module, or a name in one)."""
    while target:
        if target in MODULES:
            return target
        target = target.rpartition(".")[0]
    return None


GRAPH = {name: _imports(name, path) - {name} for name, path in MODULES.items()}


def _cycles() -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []
    counter = [0]

    def visit(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in GRAPH.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(GRAPH):
        if node not in index:
            visit(node)
    return found


def _app(module: str) -> str:
    return module.split(".")[0]


def test_it_finds_the_modules_it_checks():
    assert "cases.models" in MODULES
    assert "cases.stappenplan.views.case" in MODULES
    assert "cases.incidents.models" in GRAPH["cases.models"]


def test_no_module_imports_itself_back():
    assert _cycles() == []


@pytest.mark.parametrize("module", sorted(MODULES))
def test_each_app_imports_only_the_apps_below_it(module):
    app = _app(module)
    for target in GRAPH[module]:
        other = _app(target)
        if other == app or target.startswith(INFRASTRUCTURE):
            continue
        assert other in ALLOWED[app], f"{module} imports {target}"
        if app == "confidential" and other == "cases":
            assert target.startswith(CONFIDENTIAL_MAY_USE), f"{module} imports {target}"
        if app == "reporting" and other == "confidential":
            assert target.startswith(REPORTING_MAY_USE), f"{module} imports {target}"


def test_it_would_see_a_cycle_through_a_function_body(tmp_path, monkeypatch):
    """The checker itself: a lazy import inside a function still counts."""
    a = tmp_path / "a.py"
    a.write_text("def f():\n    from cases.b import x\n")
    monkeypatch.setitem(MODULES, "cases.a", a)
    monkeypatch.setitem(MODULES, "cases.b", a)
    monkeypatch.setitem(GRAPH, "cases.a", _imports("cases.a", a))
    monkeypatch.setitem(GRAPH, "cases.b", {"cases.a"})
    assert ["cases.a", "cases.b"] in _cycles()


def test_sizes_of_modules_and_functions_stay_readable():
    """No module over about 400 lines and no function over about 60, except the ones the
    README's layout section names with its reason."""
    exceptions = {"protocol.data"}  # the protocol's reference lists: data, not logic
    too_long = []
    for name, path in MODULES.items():
        text = path.read_text()
        if name not in exceptions and len(text.splitlines()) > 450:
            too_long.append(f"{name}: {len(text.splitlines())} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1
                if length > 70:
                    too_long.append(f"{name}.{node.name}: {length} lines")
    assert too_long == []


def test_a_dependency_map_of_the_apps_is_what_the_readme_says():
    """Summary per pair of apps, so a failure above reads as a change of the layering."""
    pairs = defaultdict(set)
    for module, targets in GRAPH.items():
        for target in targets:
            if _app(target) != _app(module) and not target.startswith(INFRASTRUCTURE):
                pairs[_app(module)].add(_app(target))
    assert "reporting" not in pairs["cases"]
    assert "confidential" not in pairs["cases"]
    assert pairs["protocol"] == set()
    assert pairs["accounts"] <= {"protocol"}
