"""The shape of the code: no import circle between the domain packages, and no module that
borrows another module's private (underscored) name.

Every import counts, at the top of a module or inside a function: an import inside a
function that only dodges a circle still makes one.

The packages are cut in three layers, because a circle between two of them is only a circle
when it goes round: a package's `models` (the tables, which other packages' queries may
name), its core (services, queries, rules, permissions...) and its edge (the pages, the API,
the command line and their forms and schemas, which nothing but the application imports).
The modules at the top of `pooling` (db, errors, extensions, localtime, formats, labels,
mail, templating...), `pooling.pole.clock` and the API's shared schemas and idempotency are
the plumbing everyone may import; each is a node of its own, so a circle through them is
found too. The application factory, `pooling.cli` and `pooling.api` (which assembles the
packages' APIs) are the top, which imports everyone.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pooling

ROOT = Path(pooling.__file__).parent
DOMAINS = ("accounts", "members", "catalogue", "bookings", "ledger", "pole", "core", "demo",
           "matching", "search", "needs", "alerts", "audit", "privacy")
# People and their organisations are one idea split in two packages.
ALLOWED_PAIR = {"accounts", "members"}
TOP = {"pooling", "pooling.cli", "pooling.api"}
PLUMBING = {"pooling.pole.clock", "pooling.api.schemas", "pooling.api.idempotency",
            "pooling.api.models"}
EDGE = {"views", "api", "cli", "forms", "schemas"}


def modules() -> dict[str, Path]:
    """Every module of pooling by dotted name."""
    found = {}
    for path in ROOT.rglob("*.py"):
        parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


MODULES = modules()


def imports(name: str) -> list[tuple[str, str | None, int]]:
    """What a module imports, anywhere in it: (module, name taken from it or None, line)."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(alias.name, None, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[:len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                if submodule in MODULES:
                    found.append((submodule, None, node.lineno))
                else:
                    found.append((base, alias.name, node.lineno))
    return [(target, taken, line) for target, taken, line in found
            if target == "pooling" or target.startswith("pooling.")]


def node(name: str) -> str:
    """The node of the graph a module belongs to: a package's layer, or the module."""
    parts = name.split(".")
    if name in TOP or name in PLUMBING or len(parts) < 3 or parts[1] not in DOMAINS:
        return name
    last = parts[-1]
    if last == "models":
        layer = "models"
    elif last in EDGE or last.endswith("_views"):
        layer = "edge"
    else:
        layer = "core"
    return f"{parts[1]}:{layer}"


def edges() -> dict[str, dict[str, list[str]]]:
    """node -> node -> the imports ("module:line -> module") that join them."""
    graph: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for name in MODULES:
        for target, _taken, line in imports(name):
            target = target if target in MODULES else target.rpartition(".")[0]
            if node(name) != node(target):
                graph[node(name)][node(target)].append(f"{name}:{line} -> {target}")
    return graph


def circles(graph) -> list[set[str]]:
    """The strongly connected components of more than one node (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in graph.get(v, {}):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = set()
            while True:
                w = stack.pop()
                component.add(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(component)

    for v in list(graph):
        if v not in index:
            visit(v)
    return found


def test_no_circle_between_domain_packages():
    graph = edges()
    problems = []
    for component in circles(graph):
        packages = {n.partition(":")[0] for n in component if ":" in n}
        if not packages or all(":" in n and n.partition(":")[0] in ALLOWED_PAIR
                               for n in component):
            # Plumbing alone (pooling.db and the extension it binds), or people and
            # their organisations.
            continue
        joins = [f"  {a} => {b}: " + "; ".join(graph[a][b])
                 for a in sorted(component) for b in sorted(graph[a]) if b in component]
        problems.append(" <-> ".join(sorted(component)) + "\n" + "\n".join(joins))
    assert not problems, "import circles:\n" + "\n".join(problems)


def test_only_the_top_imports_pages_api_and_commands():
    wrong = [f"{name}:{line} -> {target}" for name in MODULES if name not in TOP
             for target, _taken, line in imports(name)
             if node(target).endswith(":edge") and node(target) != node(name)
             and not target.endswith((".forms", ".schemas"))]
    assert not wrong, "\n".join(wrong)


def test_no_module_imports_another_modules_private_name():
    borrowed = [f"{name}:{line} imports {taken} from {target}" for name in MODULES
                for target, taken, line in imports(name)
                if taken and taken.startswith("_") and not taken.startswith("__")]
    assert not borrowed, "\n".join(borrowed)


# The top imports the views and models when it builds the application; pooling.db reaches
# the extension that binds its declarative base (plumbing's one circle).
LATE_IMPORTS_ALLOWED = TOP | {"pooling.db"}


def test_modules_import_pooling_at_their_top_not_inside_functions():
    """An import inside a function hides a circle instead of breaking it."""
    hidden = []
    for name, path in MODULES.items():
        if name in LATE_IMPORTS_ALLOWED:
            continue
        for function in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                hidden += [f"{name}:{node.lineno} in {function.name}()"
                           for node in ast.walk(function)
                           if isinstance(node, ast.ImportFrom)
                           and (node.module or "").startswith("pooling")
                           or isinstance(node, ast.Import)
                           and any(a.name.startswith("pooling") for a in node.names)]
    assert not hidden, "\n".join(hidden)


def test_the_graph_sees_imports_inside_functions():
    """The reader of imports finds an import inside a function."""
    found = {target for target, _taken, _line in imports("pooling.db")}
    assert "pooling.extensions" in found
