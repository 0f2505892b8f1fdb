"""The package's layout, checked from its source: every ``import`` in ``kg/`` (module level,
inside functions, under ``TYPE_CHECKING``), read with ``ast``.

* no cycle between modules;
* dependencies point one way (see docs/ARCHITECTURE.md): the core imports only the core;
  ``kg.ingest`` the core; ``kg.extract`` the core and ingest; ``kg.pipeline`` the core,
  ingest and extract, never ``kg.use``; ``kg.use`` the core only, never the build;
* no module uses another module's private name (``from x import _y``, ``x._y``).
"""
from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "kg"

ROOMS = ("ingest", "extract", "pipeline", "use", "train")
SHELL = frozenset({"kg", "kg.__main__", "kg.api", "kg.cli"})
"""The package's entry points, which may wire any room to any other."""

ALLOWED: dict[str, frozenset[str]] = {
    "core": frozenset({"core"}),
    "ingest": frozenset({"core", "ingest"}),
    "extract": frozenset({"core", "ingest", "extract"}),
    "pipeline": frozenset({"core", "ingest", "extract", "pipeline"}),
    "use": frozenset({"core", "use"}),
    "train": frozenset({"core", "ingest", "extract", "train"}),  # training reads annotated texts, runs extraction
}


def module_name(path: Path) -> str:
    parts = ("kg", *path.relative_to(PACKAGE).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES: dict[str, Path] = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}
PACKAGES = {name for name, path in MODULES.items() if path.name == "__init__.py"}


def room(module: str) -> str:
    if module in SHELL:
        return "shell"
    parts = module.split(".")
    return parts[1] if len(parts) > 2 or parts[1] in ROOMS else "core"


@dataclass(frozen=True)
class Import:
    source: str  # the importing module
    target: str  # the kg module imported
    line: int
    private: str | None = None  # a private name taken from ``target``


def _base(module: str, level: int, name: str | None) -> str:
    """The absolute module named by a (possibly relative) ``from`` import in ``module``."""
    if level == 0:
        return name or ""
    package = module if module in PACKAGES else module.rpartition(".")[0]
    for _ in range(level - 1):
        package = package.rpartition(".")[0]
    return f"{package}.{name}" if name else package


def _is_private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def imports_of(module: str) -> Iterator[Import]:
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    aliases: dict[str, str] = {}  # local name -> kg module it is bound to
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in MODULES:
                    yield Import(module, alias.name, node.lineno)
                    if alias.asname:
                        aliases[alias.asname] = alias.name
        elif isinstance(node, ast.ImportFrom):
            base = _base(module, node.level, node.module)
            if base not in MODULES:
                continue
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                if sub in MODULES:  # ``from kg import rdf``: the module itself
                    yield Import(module, sub, node.lineno)
                    aliases[alias.asname or alias.name] = sub
                else:
                    yield Import(module, base, node.lineno, alias.name if _is_private(alias.name) else None)
    for node in ast.walk(tree):  # ``rdf._text(...)``: a private name reached through a module
        if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                and node.value.id in aliases and _is_private(node.attr)):
            yield Import(module, aliases[node.value.id], node.lineno, node.attr)


EDGES: list[Import] = [imp for module in MODULES for imp in imports_of(module) if imp.target != imp.source]


def test_the_walk_sees_the_package():
    """Guards the test itself: it finds the rooms and the imports between them."""
    assert {"kg.models", "kg.ingest.files", "kg.extract.relations", "kg.pipeline.run", "kg.use.query"} <= set(MODULES)
    assert {room(m) for m in MODULES} == {"shell", "core", *ROOMS}
    pairs = {(e.source, e.target) for e in EDGES}
    assert ("kg.pipeline.run", "kg.ingest") in pairs  # module level
    assert ("kg.cli", "kg.api") in pairs  # inside a function
    assert ("kg.extract.relations", "kg.extract.rules") in pairs  # relative, within a room


def _cycles() -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    graph: dict[str, set[str]] = {m: set() for m in MODULES}
    for e in EDGES:
        graph[e.source].add(e.target)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def _shortest_cycle(component: list[str]) -> list[Import]:
    """One shortest cycle through the first module of a strongly connected ``component``."""
    start, inside = component[0], set(component)
    paths: dict[str, list[Import]] = {start: []}
    queue = [start]
    while queue:
        v = queue.pop(0)
        for e in EDGES:
            if e.source == v and e.target in inside:
                if e.target == start:
                    return [*paths[v], e]
                if e.target not in paths:
                    paths[e.target] = [*paths[v], e]
                    queue.append(e.target)
    raise AssertionError(f"no cycle through {start}")  # pragma: no cover


def test_no_import_cycle_between_modules():
    cycles = [_shortest_cycle(c) for c in _cycles()]
    detail = ["  " + " -> ".join(f"{e.source} (line {e.line})" for e in cycle) + f" -> {cycle[0].source}"
              for cycle in cycles]
    assert not cycles, "import cycles:\n" + "\n".join(detail)


@pytest.mark.parametrize("source_room", sorted(ALLOWED))
def test_dependencies_point_one_way(source_room):
    wrong = [f"{MODULES[e.source].relative_to(PACKAGE.parent)}:{e.line}: {e.source} ({source_room}) "
             f"imports {e.target} ({room(e.target)})"
             for e in EDGES if room(e.source) == source_room and room(e.target) not in ALLOWED[source_room]]
    assert not wrong, "\n".join(wrong)


def test_no_module_uses_another_modules_private_names():
    wrong = [f"{MODULES[e.source].relative_to(PACKAGE.parent)}:{e.line}: {e.source} uses {e.target}.{e.private}"
             for e in EDGES if e.private]
    assert not wrong, "\n".join(wrong)
