"""Every translatable string can be found by the catalog extractor: a `_("…")` written inside
an f-string's braces is invisible to it, so it would stay English in the Spanish window."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "intake_app"


def _hidden_calls(tree: ast.AST) -> list[int]:
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            for part in node.values:
                if isinstance(part, ast.FormattedValue):
                    for inner in ast.walk(part.value):
                        if (
                            isinstance(inner, ast.Call)
                            and isinstance(inner.func, ast.Name)
                            and inner.func.id in ("_", "ngettext")
                            and inner.args
                            and isinstance(inner.args[0], ast.Constant)  # a literal msgid
                        ):
                            lines.append(inner.lineno)
    return lines


def test_no_translatable_string_hides_inside_an_f_string():
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        found += [f"{path.relative_to(PACKAGE.parent)}:{line}" for line in _hidden_calls(tree)]
    assert not found, "move these _() calls out of the f-string: " + ", ".join(found)
