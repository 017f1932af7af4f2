"""Strings translated when a module is imported are translated once, in whatever language was
active then: every text evaluated at import (module level, class bodies, default arguments,
decorator arguments) must use the lazy ``gettext_lazy`` forms."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "tandem"
EAGER = {"gettext", "ngettext", "pgettext", "npgettext"}


def _eager_names(tree: ast.Module) -> set[str]:
    """The names under which this module imported Django's eager translation functions."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
            names |= {alias.asname or alias.name for alias in node.names if alias.name in EAGER}
    return names


def _evaluated_at_import(body):
    """The expressions of ``body`` that run when the module is imported (not function bodies)."""
    for node in body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield from node.decorator_list
            yield from node.args.defaults
            yield from (d for d in node.args.kw_defaults if d is not None)
        elif isinstance(node, ast.ClassDef):
            yield from node.decorator_list
            yield from node.bases
            yield from _evaluated_at_import(node.body)
        elif isinstance(node, ast.If | ast.Try | ast.With | ast.For):
            yield from _evaluated_at_import(getattr(node, "body", []))
            yield from _evaluated_at_import(getattr(node, "orelse", []))
        else:
            yield node


def eager_translations(source: str) -> list[int]:
    """Line numbers where an eager translation runs at import."""
    tree = ast.parse(source)
    eager = _eager_names(tree)
    lines = []
    for expression in _evaluated_at_import(tree.body):
        for node in ast.walk(expression):
            if isinstance(node, ast.Lambda):
                continue
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in eager
                and not _inside_lambda(expression, node)
            ):
                lines.append(node.lineno)
    return lines


def _inside_lambda(root, target) -> bool:
    for node in ast.walk(root):
        if isinstance(node, ast.Lambda) and any(n is target for n in ast.walk(node.body)):
            return True
    return False


def test_the_check_finds_an_eager_text_at_import_and_allows_one_in_a_function():
    source = (
        "from django.utils.translation import gettext as _\n"
        "TITLE = _('Caseload')\n"
        "class Form:\n"
        "    label = _('Name')\n"
        "def view(message=_('Saved.')):\n"
        "    return _('Fine here')\n"
        "LATER = lambda: _('Also fine')\n"
    )
    assert eager_translations(source) == [2, 4, 5]


def test_no_text_is_translated_eagerly_at_import():
    modules = [p for p in sorted(ROOT.rglob("*.py")) if not {"migrations", "tests"} & set(p.parts)]
    assert len(modules) > 100
    found = {
        str(path.relative_to(ROOT)): lines
        for path in modules
        if (lines := eager_translations(path.read_text()))
    }
    assert not found, f"translated at import (file: lines): {found}"
