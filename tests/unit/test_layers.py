"""Imports run one way (CONTRIBUTING.md, "The house"): a module imports its own folder and the layers below it,
never a layer above, another page family, `pages/` or `app.py`; and no folder's modules import each other in a
circle. The checker reads the source (ast), so an import inside a function counts as much as one at the top."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Import nothing of the app, so that every layer may use them (a word is marked for translation where it is written).
FOUNDATION = ("dashboard.settings", "dashboard.words.languages", "dashboard.words.markup")
FAMILIES = ("map", "network", "funding", "country", "initiatives", "upload", "about")
RANK = {"foundation": 0, "data": 1, "questions": 2, "ingest": 2, "words": 3, "shell": 4, "api": 5, "serve": 6,
        **dict.fromkeys(FAMILIES, 5)}


def module_name(path: Path, root: Path) -> str:
    parts = path.relative_to(root).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer(module: str) -> str:
    """The layer a dashboard module is in: a folder of dashboard/, or the foundation."""
    if module.startswith(FOUNDATION):
        return "foundation"
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "dashboard"


def imported(tree: ast.Module, known: set[str]) -> list[tuple[int, str]]:
    """(line, module) for every import of the app or of pages/ and app.py: `from a.b import c` is a.b.c when that
    is a module, else a.b."""
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out += [(node.lineno, f"{node.module}.{alias.name}" if f"{node.module}.{alias.name}" in known
                     else node.module) for alias in node.names]
    return [(line, name) for line, name in out if name.split(".")[0] in ("dashboard", "pages", "app")]


def rule_broken(source: str, target: str) -> str | None:
    """Why source may not import target, or None when it may."""
    if target.split(".")[0] in ("pages", "app"):
        return "the library imports pages/ or app.py"
    here, there = layer(source), layer(target)
    if here == "foundation":
        return "a foundation module imports the app"
    if there in (here, "foundation"):
        return None
    if "dashboard" in (here, there):
        return "the dashboard package's root imports or is imported by a layer" if here != there else None
    if RANK[there] > RANK[here]:
        return f"{here} (a lower layer) imports {there}"
    if RANK[there] == RANK[here]:
        return f"{here} imports {there}, a neighbour of the same rank (a page family, or ingest and questions)"
    return None


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The circles among modules that import each other at their top level."""
    found, state = [], {}

    def visit(node: str, path: list[str]) -> None:
        state[node] = "open"
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == "open":
                found.append([*path[path.index(nxt):], nxt] if nxt in path else [node, nxt])
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = "done"

    for start in sorted(edges):
        if start not in state:
            visit(start, [start])
    return found


def violations(root: Path) -> list[str]:
    """Every import that breaks the rule under root/dashboard, and every circle of top-level imports."""
    files = sorted((root / "dashboard").rglob("*.py"))
    known = {module_name(p, root) for p in files}
    problems, edges = [], {}
    for path in files:
        source = module_name(path, root)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for line, target in imported(tree, known):
            why = rule_broken(source, target)
            if why:
                problems.append(f"{path.relative_to(root)}:{line}: imports {target}: {why}")
        top = ast.Module(body=[n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))], type_ignores=[])
        edges[source] = {t for _, t in imported(top, known) if t in known and t != source}
    problems += [" → ".join(circle) + ": a circle of imports" for circle in cycles(edges)]
    return problems


def test_imports_run_one_way():
    assert violations(ROOT) == []


def test_every_folder_of_the_library_is_a_known_layer():
    folders = {p.name for p in (ROOT / "dashboard").iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert folders == set(RANK) - {"foundation"}


@pytest.mark.parametrize(("where", "code", "why"), [
    ("data/x.py", "from dashboard.shell import state\n", "data (a lower layer) imports shell"),
    ("words/x.py", "def f():\n    from dashboard.map import geo\n", "words (a lower layer) imports map"),
    ("map/x.py", "from dashboard.network import metrics\n", "a neighbour of the same rank"),
    ("shell/x.py", "import pages.overview\n", "the library imports pages/"),
    ("words/markup.py", "from dashboard.data import schema\n", "a foundation module imports the app"),
])
def test_the_checker_catches_an_import_upward(tmp_path, where, code, why):
    for folder in ("data", "words", "map", "network", "shell"):
        (tmp_path / "dashboard" / folder).mkdir(parents=True)
        (tmp_path / "dashboard" / folder / "__init__.py").write_text("")
    for module in ("shell/state.py", "map/geo.py", "network/metrics.py", "data/schema.py"):
        (tmp_path / "dashboard" / module).write_text("")
    (tmp_path / "dashboard" / where).write_text(code)
    found = violations(tmp_path)
    assert len(found) == 1 and why in found[0]


def test_the_checker_catches_a_circle(tmp_path):
    (tmp_path / "dashboard" / "data").mkdir(parents=True)
    (tmp_path / "dashboard" / "data" / "__init__.py").write_text("")
    (tmp_path / "dashboard" / "data" / "a.py").write_text("from dashboard.data import b\n")
    (tmp_path / "dashboard" / "data" / "b.py").write_text("from dashboard.data.a import x\n")
    assert violations(tmp_path) == ["dashboard.data.a → dashboard.data.b → dashboard.data.a: a circle of imports"]


def test_every_test_module_has_a_name_of_its_own():
    """pytest imports test modules by their base name (rootdir-relative 'prepend' mode): two test_x.py in different
    folders stop the whole run at collection."""
    names = [p.name for p in (ROOT / "tests").rglob("test_*.py")]
    assert sorted({n for n in names if names.count(n) > 1}) == []
