"""No module of Amparo imports another module's private names (`from intake_app.x import _y`)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "intake_app"


def private_imports(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("intake_app"):
            found += [
                f"{node.module}.{alias.name}"
                for alias in node.names
                # `_` is gettext, public by convention
                if alias.name.startswith("_")
                and alias.name != "_"
                and not alias.name.startswith("__")
            ]
    return found


def test_the_check_finds_a_private_import():
    assert private_imports("from intake_app.cli.context import _helper, public") == [
        "intake_app.cli.context._helper"
    ]


def test_no_module_imports_another_modules_private_names():
    offenders = {
        str(path.relative_to(PACKAGE)): names
        for path in sorted(PACKAGE.rglob("*.py"))
        if (names := private_imports(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}
