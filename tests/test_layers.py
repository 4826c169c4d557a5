"""Small modules importing downwards only: the workbench-internal import graph has no cycle.

Every module under ``workbench/`` is parsed with :mod:`ast` (never imported) and every import
statement in it is read, at any depth: module level, inside functions and methods, under
``try``/``if``. Relative imports are resolved against the importing module's package.

The rule for packages, so that "importing a package" is neither ignored nor over-counted:

* A node is a module's dotted name; a package's ``__init__.py`` is the node of the package
  itself (``workbench/kpi/__init__.py`` is ``workbench.kpi``).
* ``import a.b.c`` and ``from a.b.c import name`` are edges to ``a.b.c`` only. Python also runs
  the parent packages ``a`` and ``a.b`` first, but that is the import system initialising the
  containers, not a dependency this module chose, and counting it would turn every package
  ``__init__`` that re-exports its submodules into a cycle.
* ``from pkg import name`` where ``pkg/name.py`` or ``pkg/name/`` exists is an edge to the
  submodule ``pkg.name`` (``from . import plots`` depends on ``plots``, not on the package).
  Any other name is read from ``pkg/__init__.py``: an edge to ``pkg``.
* Hence a package ``__init__`` re-exporting its submodules (``pkg -> pkg.sub``) is fine, and it
  is the only way up: a submodule that takes a name from its own package (``from . import
  measure`` in ``pkg.sub``, or ``from workbench.kpi import measure`` in ``workbench.kpi.trend``)
  depends on an ``__init__`` that imports it back, and the test reports that as a cycle.

The one exception: an import under ``if TYPE_CHECKING:`` never runs (it serves annotations,
which ``from __future__ import annotations`` leaves unevaluated) and is not an edge; a module
that needs a higher one's type only to annotate a parameter imports it that way.

Imports named by a string (``importlib.import_module``, the ``"module:function"`` matchers of
:mod:`workbench.scoring.formats`) are not seen; they are resolved at call time, downwards.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "workbench"


def module_files(root: Path = ROOT, package: str = PACKAGE) -> dict[str, Path]:
    """Every module of ``package`` under ``root``: dotted name -> file."""
    found = {}
    for path in sorted((root / package).rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _is_package(name: str, modules: dict[str, Path]) -> bool:
    return modules[name].name == "__init__.py"


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _runtime_nodes(tree: ast.AST):
    """Every node of ``tree`` except the bodies of ``if TYPE_CHECKING:`` (their ``else`` runs)."""
    todo = [tree]
    while todo:
        node = todo.pop()
        yield node
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            todo.extend(node.orelse)
            todo.append(node.test)
        else:
            todo.extend(ast.iter_child_nodes(node))


def imports_of(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The workbench modules ``name`` imports, following the package rule of this docstring."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    here = name if _is_package(name, modules) else name.rpartition(".")[0]
    targets: set[str] = set()
    for node in _runtime_nodes(tree):
        if isinstance(node, ast.Import):
            targets.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here.split(".")
                if node.level > 1:
                    base = base[:-(node.level - 1)]
                base = ".".join(base + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                targets.add(sub if sub in modules else base)
    # ``import workbench.kpi.plots`` names a module; ``import numpy`` is not ours.
    return {t for t in targets if t in modules and t != name}


def import_graph(root: Path = ROOT, package: str = PACKAGE) -> dict[str, set[str]]:
    modules = module_files(root, package)
    return {name: imports_of(name, path, modules) for name, path in modules.items()}


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The import cycles: for every module on one (a strongly connected component of more
    than one module, Tarjan), the shortest cycle through it; each a closed path
    ``[a, b, ..., a]`` starting at its smallest name, without repeats, sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[set[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.add(w)
                if w == v:
                    break
            if len(comp) > 1:
                components.append(comp)

    for v in sorted(graph):
        if v not in index:
            visit(v)

    cycles = set()
    for comp in components:
        for start in sorted(comp):
            cycles.add(_canonical(_shortest_cycle(graph, comp, start)))
    return sorted(list(c) + [c[0]] for c in cycles)


def _shortest_cycle(graph: dict[str, set[str]], comp: set[str], start: str) -> list[str]:
    """The shortest cycle through ``start`` inside its component (breadth first)."""
    prev: dict[str, str] = {}
    queue = [start]
    while queue:
        v = queue.pop(0)
        for w in sorted(graph[v] & comp):
            if w == start:
                path = [v]
                while path[-1] != start:
                    path.append(prev[path[-1]])
                return path[::-1]
            if w not in prev:
                prev[w] = v
                queue.append(w)
    raise AssertionError(f"{start} is on no cycle")  # pragma: no cover


def _canonical(cycle: list[str]) -> tuple[str, ...]:
    i = cycle.index(min(cycle))
    return tuple(cycle[i:] + cycle[:i])


def test_graph_sees_the_package():
    graph = import_graph()
    assert "workbench.kpi" in graph and "workbench.kpi.scorecard" in graph
    assert "workbench.kpi.scorecard" in graph["workbench.kpi"]  # a re-export is an edge
    assert all(t.startswith(PACKAGE) for targets in graph.values() for t in targets)


def test_no_import_cycle():
    cycles = find_cycles(import_graph())
    for cycle in cycles:
        print("import cycle: " + " -> ".join(cycle))
    assert not cycles, "import cycles: " + "; ".join(" -> ".join(c) for c in cycles)


def _write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


@pytest.mark.parametrize("files, expected", [
    # a lazy import inside a function, relative, closes a cycle
    ({"pkg/__init__.py": "", "pkg/a.py": "from .b import f\n",
      "pkg/b.py": "def g():\n    from .a import h\n"}, [["pkg.a", "pkg.b", "pkg.a"]]),
    # `from . import b` is the submodule b, not the package
    ({"pkg/__init__.py": "", "pkg/a.py": "from . import b\n", "pkg/b.py": "import pkg.a\n"},
     [["pkg.a", "pkg.b", "pkg.a"]]),
    # an import for annotations only never runs; its else branch does
    ({"pkg/__init__.py": "", "pkg/a.py": "from .b import f\n",
      "pkg/b.py": "import typing\nif typing.TYPE_CHECKING:\n    from .a import A\n"}, []),
    ({"pkg/__init__.py": "", "pkg/a.py": "from .b import f\n",
      "pkg/b.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    pass\nelse:\n    from . import a\n"},
     [["pkg.a", "pkg.b", "pkg.a"]]),
    # an __init__ re-exporting its submodules is fine
    ({"pkg/__init__.py": "from .a import f\nfrom .sub import b\n", "pkg/a.py": "from .sub.b import g\n",
      "pkg/sub/__init__.py": "from .b import g\n", "pkg/sub/b.py": "from ..c import x\n",
      "pkg/c.py": "import os\n"}, []),
    # a submodule taking a name from its own package's __init__, which imports it back
    ({"pkg/__init__.py": "from .a import f\n", "pkg/a.py": "def f():\n    from . import g\n"},
     [["pkg", "pkg.a", "pkg"]]),
    ({"pkg/__init__.py": "from .sub.b import f\n", "pkg/sub/__init__.py": "",
      "pkg/sub/b.py": "from pkg import f\n"}, [["pkg", "pkg.sub.b", "pkg"]]),
])
def test_cycle_finder(tmp_path, files, expected):
    _write(tmp_path, files)
    assert find_cycles(import_graph(tmp_path, "pkg")) == expected
