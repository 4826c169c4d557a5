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

**The layers are a contract** (docs/architecture.md): :data:`LAYERS` lists them bottom to top,
each with the modules it holds (a name holds its submodules unless a longer name places them
elsewhere). A module may import its own layer or a lower one, never a higher one. Importing
``a.b.c`` also runs the ``__init__`` of the package ``a.b`` (unless the importer is inside
``a.b``), so for the order *and* for cycles that package counts as imported too: a package whose
``__init__`` re-exports high modules cannot hold a module that low layers import.

**No import inside a function** of a workbench module names another workbench module: a lazy
import is how a cycle or an upward import hides. The exceptions, for speed only: :data:`LAZY`, a
module that loads a heavy library when it is imported, imported inside the function that uses it
(none today); and :data:`LAZY_IMPORTERS`, the command line, whose
commands import what they run. The layer order still applies to those imports. Libraries
outside the workbench may be imported lazily anywhere.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = "workbench"

# bottom to top; see docs/architecture.md for what each layer is for
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    ("foundations", ("workbench.atomic", "workbench.yaml_safe", "workbench.problems", "workbench.files",
                     "workbench.lexicon", "workbench.schema", "workbench.essentials", "workbench.disclosure",
                     "workbench.present", "workbench.render", "workbench.exports", "workbench.pdf",
                     "workbench.shipping", "workbench.settings_edit", "workbench.results")),
    ("engines", ("workbench.matching", "workbench.evaluation", "workbench.kpi", "workbench.kpi.survival",
                 "workbench.kpi.engagement")),
    ("registries", ("workbench.scoring", "workbench.metrics")),
    ("config", ("workbench.config", "workbench.config_yaml")),
    ("program", ("workbench.program", "workbench.io", "workbench.draft", "workbench.sample")),
    ("analysis", ("workbench.kpi.effects", "workbench.kpi.scorecard", "workbench.kpi.trend",
                  "workbench.kpi.match_outcomes", "workbench.goals", "workbench.evidence",
                  "workbench.next_level", "workbench.segments", "workbench.rounds", "workbench.matchview")),
    ("pages", ("workbench.charts", "workbench.views",
               "workbench.portfolio", "workbench.report")),
    ("tools", ("workbench", "workbench.__main__", "workbench.cli", "workbench.batch", "workbench.tuning",
               "workbench.interactive")),
]

# imported inside a function on purpose, for speed, and only downwards (the layer order applies):
# a module that loads a heavy library when imported (LAZY), and the command line, whose commands
# load their modules when they run so that ``python -m workbench --help`` answers in a fraction of
# a second instead of loading scipy, numba and matplotlib (LAZY_IMPORTERS); every other workbench
# import is at the top of its module
LAZY: dict[str, str] = {}   # none today: the pages that draw import workbench.charts at the top
LAZY_IMPORTERS = {"workbench.cli": "each command imports what it runs"}


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
    return _targets(name, tree, modules)


def _targets(name: str, tree: ast.AST, modules: dict[str, Path]) -> set[str]:
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


def import_graph(root: Path = ROOT, package: str = PACKAGE, packages: bool = False) -> dict[str, set[str]]:
    """Module -> the modules it imports. ``packages``: also the packages whose ``__init__`` an
    import runs (``import a.b.c`` runs ``a.b``), except the importer's own ancestors."""
    modules = module_files(root, package)
    graph = {name: imports_of(name, path, modules) for name, path in modules.items()}
    if packages:
        graph = {name: targets | {p for t in targets for p in _parents(t, modules)
                                  if not (name == p or name.startswith(p + "."))}
                 for name, targets in graph.items()}
    return graph


def _parents(name: str, modules) -> list[str]:
    parts = name.split(".")
    return [".".join(parts[:k]) for k in range(1, len(parts)) if ".".join(parts[:k]) in modules]


def layer_of(name: str, layers=None) -> int:
    """The index in ``layers`` of the longest declared name that is ``name`` or a package of it."""
    best = None
    for i, (_, names) in enumerate(layers or LAYERS):
        for declared in names:
            if (name == declared or name.startswith(declared + ".")) and (best is None or len(declared) > best[1]):
                best = (i, len(declared))
    if best is None:
        raise KeyError(f"{name} is in no layer: add it to LAYERS (tests/test_layers.py) and docs/architecture.md")
    return best[0]


def upward_imports(graph: dict[str, set[str]], layers=None) -> list[str]:
    """Every import of a higher layer, as ``importer (layer) -> imported (layer)``."""
    layers = layers or LAYERS
    out = []
    for name in sorted(graph):
        for target in sorted(graph[name]):
            if layer_of(target, layers) > layer_of(name, layers):
                out.append(f"{name} ({layers[layer_of(name, layers)][0]}) -> "
                           f"{target} ({layers[layer_of(target, layers)][0]})")
    return out


def function_level_imports(root: Path = ROOT, package: str = PACKAGE) -> list[tuple[str, int, str]]:
    """``(module, line, imported module)`` for every import of a workbench module inside a
    function or method body (at any depth; ``if TYPE_CHECKING:`` blocks excepted)."""
    modules = module_files(root, package)
    found = []
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for fn in ast.walk(tree):
            if not isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                continue
            for node in _runtime_nodes(fn):
                if isinstance(node, (ast.Import, ast.ImportFrom)) and node is not fn:
                    probe = ast.Module(body=[node], type_ignores=[])
                    for target in sorted(_targets(name, probe, modules)):
                        found.append((name, node.lineno, target))
    return sorted(set(found))


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
    assert "workbench.io" in graph and "workbench.io.loader" in graph
    assert "workbench.io.loader" in graph["workbench.io"]  # a re-export is an edge
    assert all(t.startswith(PACKAGE) for targets in graph.values() for t in targets)


def test_no_import_cycle():
    cycles = find_cycles(import_graph(packages=True))
    for cycle in cycles:
        print("import cycle: " + " -> ".join(cycle))
    assert not cycles, "import cycles: " + "; ".join(" -> ".join(c) for c in cycles)


def test_every_module_has_a_layer_and_every_layer_a_module():
    graph = import_graph()
    used = {layer_of(name) for name in graph}          # KeyError names a module in no layer
    assert used == set(range(len(LAYERS)))
    declared = [d for _, names in LAYERS for d in names]
    assert len(declared) == len(set(declared)) and set(declared) <= set(graph), (
        sorted(set(declared) - set(graph)))


def test_docs_architecture_lists_the_same_layers():
    """docs/architecture.md's table names the layers of :data:`LAYERS`, in order, with their modules."""
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (\d) \| ([a-z]+) \| ([^|]+) \|", text, re.M)
    assert [name for _, name, _ in rows] == [name for name, _ in LAYERS]
    for (_, name, cell), (_, declared) in zip(rows, LAYERS):
        listed = {"workbench" if m == "workbench" else f"workbench.{m}" for m in re.findall(r"`([\w.]+)`", cell)}
        assert listed == set(declared), (name, sorted(listed ^ set(declared)))


def test_imports_go_down_the_layers():
    up = upward_imports(import_graph(packages=True))
    for line in up:
        print("upward import: " + line)
    assert not up, "imports of a higher layer (move the code to its layer): " + "; ".join(up)


def test_no_workbench_import_inside_a_function():
    lazy = [f"{name}:{line}: {target}" for name, line, target in function_level_imports()
            if target not in LAZY and name not in LAZY_IMPORTERS]
    assert not lazy, ("imports inside functions (import at the top of the module; a cycle means the "
                      "code belongs to another layer): " + "; ".join(lazy))


def test_the_lazy_allow_list_is_heavy_and_used():
    found = function_level_imports()
    assert set(LAZY) <= {target for _, _, target in found}, "an entry of LAZY no longer used: remove it"
    assert set(LAZY_IMPORTERS) <= {name for name, _, _ in found}, "an entry of LAZY_IMPORTERS no longer used"
    text = (ROOT / "workbench" / "charts.py").read_text(encoding="utf-8")
    assert re.search(r"^import matplotlib", text, re.M)


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


def test_a_package_init_is_run_by_importing_its_submodule(tmp_path):
    # low.py imports pkg.sub.x; pkg/sub/__init__ re-exports pkg.sub.y, which imports low: the
    # import of low fails at run time, although no module imports another in a circle
    _write(tmp_path, {"pkg/__init__.py": "", "pkg/low.py": "from .sub.x import f\n",
                      "pkg/sub/__init__.py": "from .y import g\n", "pkg/sub/x.py": "f = 1\n",
                      "pkg/sub/y.py": "from ..low import f\n"})
    assert find_cycles(import_graph(tmp_path, "pkg")) == []
    assert find_cycles(import_graph(tmp_path, "pkg", packages=True)) == [
        ["pkg.low", "pkg.sub", "pkg.sub.y", "pkg.low"]]


LAYERS_FOR_TESTS = [("low", ("pkg", "pkg.a")), ("high", ("pkg.b", "pkg.sub"))]


@pytest.mark.parametrize("files, expected", [
    ({"pkg/__init__.py": "", "pkg/a.py": "import os\n", "pkg/b.py": "from .a import f\n"}, []),
    # upward at module level, and inside a function
    ({"pkg/__init__.py": "", "pkg/a.py": "from .b import f\n", "pkg/b.py": ""}, ["pkg.a (low) -> pkg.b (high)"]),
    ({"pkg/__init__.py": "", "pkg/a.py": "def g():\n    from . import b\n", "pkg/b.py": ""},
     ["pkg.a (low) -> pkg.b (high)"]),
    # a low submodule of a high package: importing it runs the high __init__
    ({"pkg/__init__.py": "", "pkg/a.py": "from .sub.x import f\n", "pkg/b.py": "",
      "pkg/sub/__init__.py": "", "pkg/sub/x.py": ""}, ["pkg.a (low) -> pkg.sub (high)", "pkg.a (low) -> pkg.sub.x (high)"]),
])
def test_layer_order_finder(tmp_path, files, expected):
    _write(tmp_path, files)
    assert upward_imports(import_graph(tmp_path, "pkg", packages=True), LAYERS_FOR_TESTS) == expected


def test_function_level_import_finder(tmp_path):
    _write(tmp_path, {"pkg/__init__.py": "", "pkg/b.py": "import json\n",
                      "pkg/a.py": ("import typing\nfrom . import b\n\n\ndef f():\n    import json\n"
                                   "    if typing.TYPE_CHECKING:\n        from .b import X\n"
                                   "    from .b import y\n\n\nclass C:\n    def m(self):\n"
                                   "        import pkg.b\n")})
    assert function_level_imports(tmp_path, "pkg") == [("pkg.a", 9, "pkg.b"), ("pkg.a", 14, "pkg.b")]


def test_every_relative_import_names_a_module_of_ours():
    """A relative import that names no module fails only when its line runs: moving a module
    (``summary`` into ``report``) left ``from .scoring.criteria import ...`` pointing at
    ``workbench.report.scoring``, which nothing imported until a page was built."""
    modules = module_files(ROOT, PACKAGE)
    broken = []
    for name, path in modules.items():
        here = name if _is_package(name, modules) else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
            if isinstance(node, ast.ImportFrom) and node.level:
                base = here.split(".")
                if node.level > 1:
                    base = base[:-(node.level - 1)]
                base = ".".join(base + ([node.module] if node.module else []))
                if base not in modules:
                    broken.append(f"{name}:{node.lineno}: {base}")
    assert not broken, "relative imports of no module: " + "; ".join(broken)


# One meaning per name: a public class or an upper-case constant is defined at module level in one
# module of the package only; every other module imports it (``from .x import NAME``) or picks
# another name. Allowed twice, on purpose:
# - ``VIEW``: each page module's own notebook key (``views.stage1.VIEW = "01_goal_setting"``), the
#   name every page module uses for "this page" so that a section is copied between pages unchanged;
# - ``__all__`` and the other dunders, which are not upper-case constants of the package.
SHARED_NAMES = frozenset({"VIEW"})
_CONSTANT = re.compile(r"[A-Z][A-Z0-9_]*\Z")


def module_level_definitions(root: Path = ROOT, package: str = PACKAGE) -> dict[str, list[str]]:
    """Public class or upper-case constant name -> the ``module:line`` places defining it at
    module level (under ``if``/``try`` too); imports are not definitions."""
    found: dict[str, list[str]] = {}
    for name, path in module_files(root, package).items():
        todo = list(ast.parse(path.read_text(encoding="utf-8"), filename=str(path)).body)
        while todo:
            node = todo.pop(0)
            if isinstance(node, (ast.If, ast.Try)):
                todo += node.body + node.orelse + getattr(node, "finalbody", [])
                todo += [s for h in getattr(node, "handlers", []) for s in h.body]
                continue
            if isinstance(node, ast.ClassDef):
                names = [node.name] if not node.name.startswith("_") else []
            elif isinstance(node, (ast.Assign, ast.AnnAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                names = [e.id for t in targets for e in (t.elts if isinstance(t, ast.Tuple) else [t])
                         if isinstance(e, ast.Name) and _CONSTANT.match(e.id)]
            else:
                names = []
            for n in names:
                found.setdefault(n, []).append(f"{name}:{node.lineno}")
    return found


def twice_defined(root: Path = ROOT, package: str = PACKAGE) -> list[str]:
    """Every name of :func:`module_level_definitions` defined in two modules or more (outside
    :data:`SHARED_NAMES`), as ``NAME: module:line, module:line``."""
    return [f"{n}: {', '.join(places)}" for n, places in sorted(module_level_definitions(root, package).items())
            if len({p.rpartition(':')[0] for p in places}) > 1 and n not in SHARED_NAMES]


def test_one_meaning_per_name():
    twice = twice_defined()
    assert not twice, ("a public class or constant defined in two modules (import the one, or rename the "
                       "other to say what it is): " + "; ".join(twice))


def test_shared_names_are_still_shared():
    defs = module_level_definitions()
    assert all(len({p.rpartition(':')[0] for p in defs.get(n, [])}) > 1 for n in SHARED_NAMES), \
        "an entry of SHARED_NAMES is defined once only: remove it"


def test_twice_defined_finder(tmp_path):
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("from .a import Problem\n__all__ = ['Problem']\n")
    (pkg / "a.py").write_text("class Problem:\n    pass\nLIMIT = 3\nVIEW = 'a'\n_PRIVATE = 1\n")
    (pkg / "b.py").write_text("if True:\n    class Problem:\n        pass\nLIMIT: int = 4\nVIEW = 'b'\n"
                              "class _Problem:\n    pass\n_PRIVATE = 2\nlimit = 5\n")
    (pkg / "c.py").write_text("from .a import LIMIT\nclass Other:\n    pass\n")
    assert twice_defined(tmp_path, "pkg") == ["LIMIT: pkg.a:3, pkg.b:4", "Problem: pkg.a:1, pkg.b:2"]
