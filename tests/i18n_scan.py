"""The rule for words that bypass translation, shared by the test and by anyone fixing a finding.

A string literal (or an f-string with words of its own) is user-facing when it is passed to a Streamlit element
(st.markdown, st.caption, a widget's label…) or as an Altair or Streamlit keyword that people read (title, help,
label, placeholder…). Such a literal must be wrapped in `_()` or `ngettext()` (or be built from their results), and
not inside an f-string, where pybabel does not find it.
Literals with no letter, or a single token with no space that starts in lower case (a key, a code, a unit),
are not words."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ELEMENTS = {"markdown", "caption", "title", "header", "subheader", "warning", "info", "error", "success", "metric",
            "button", "download_button", "radio", "selectbox", "multiselect", "toggle", "checkbox", "slider",
            "text_input", "text_area", "number_input", "expander", "popover", "link_button", "page_link", "tabs",
            "file_uploader", "toast", "spinner", "select_slider", "segmented_control", "pills", "form_submit_button",
            "set_page_config", "write", "status", "Page"}
KEYWORDS = {"title", "help", "label", "placeholder", "page_title", "caption", "delta", "text", "subtitle",
            "show_spinner"}
TRANSLATORS = {"_", "ngettext", "N_"}


def _words(node: ast.AST) -> bool:
    """Whether a literal holds words of its own."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        s = node.value
    elif isinstance(node, ast.JoinedStr):
        s = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
    else:
        return False
    s = s.strip()
    if not any(c.isalpha() for c in s):
        return False
    return " " in s or s[:1].isupper()


def _literals(node: ast.AST):
    """The literals an argument is made of (through +, conditionals, lists and tuples), not inside a call."""
    if isinstance(node, (ast.Constant, ast.JoinedStr)):
        yield node
    elif isinstance(node, ast.BinOp):
        yield from _literals(node.left)
        yield from _literals(node.right)
    elif isinstance(node, ast.IfExp):
        yield from _literals(node.body)
        yield from _literals(node.orelse)
    elif isinstance(node, (ast.List, ast.Tuple)):
        for e in node.elts:
            yield from _literals(e)


def _name(call: ast.Call) -> str:
    f = call.func
    return f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else ""


def findings(path: Path) -> list[str]:
    """'file:line: text' for each user-facing literal in path that is not translated."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []
    for call in ast.walk(tree):
        if not isinstance(call, ast.Call) or _name(call) in TRANSLATORS:
            continue
        args = []
        if _name(call) in ELEMENTS and call.args:
            args.append(call.args[0])
        args += [k.value for k in call.keywords if k.arg in KEYWORDS]
        for arg in args:
            for lit in _literals(arg):
                if _words(lit):
                    out.append(f"{path.relative_to(ROOT)}:{lit.lineno}: {ast.unparse(lit)[:80]}")
    return out


def hidden_messages(path: Path) -> list[str]:
    """'file:line: call' for each message marked inside an f-string: pybabel does not look there, so it would never
    reach a catalog."""
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.JoinedStr):
            out += [f"{path.relative_to(ROOT)}:{inner.lineno}: {ast.unparse(inner)[:80]}" for inner in ast.walk(node)
                    if isinstance(inner, ast.Call) and _name(inner) in TRANSLATORS and inner.args
                    and isinstance(inner.args[0], ast.Constant)]
    return out


def catalogued_files() -> list[Path]:
    """The files babel.cfg gives pybabel extract."""
    return [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py")), *sorted((ROOT / "dashboard").rglob("*.py"))]


def user_facing_files() -> list[Path]:
    """The modules that write what people read (the importer's CLI and reports, the API and the serving tools stay
    in English: see
    README; the data and question layers hand codes and numbers to the layers above, which word them)."""
    skip_dirs = {"ingest", "api", "questions", "serve"}
    skip = {"data/synth.py", "data/store.py", "data/load_sql.py", "data/cache.py", "data/validate.py",
            "data/reading.py", "data/schema.py", "data/built.py", "data/reference.py", "data/datasets.py",
            "data/filters.py", "settings.py", "words/markup.py", "words/languages.py", "words/colours.py"}
    files = [ROOT / "app.py", *sorted((ROOT / "pages").glob("*.py"))]
    library = sorted((ROOT / "dashboard").rglob("*.py"))
    return files + [p for p in library if p.name != "__init__.py" and p.relative_to(ROOT / "dashboard").parts[0]
                    not in skip_dirs and p.relative_to(ROOT / "dashboard").as_posix() not in skip]
