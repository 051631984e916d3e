"""Question ids named in Amparo's own Python: `intake forms check` fails when code asks for a
question the questionnaire does not have (a renamed id would otherwise go silently blank)."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

# Mappings of answers by question id, as the code names them.
ANSWER_MAPS = frozenset({"answers", "visible"})
# Methods whose argument at this position is a question id.
QUESTION_ARGUMENT = {"save_answer": 1, "go_to_question": 0, "question": 0, "has_question": 0}


@dataclass(frozen=True)
class QuestionRef:
    path: Path
    line: int
    question_id: str


def _tail(node: ast.AST) -> str | None:
    if isinstance(node, ast.Attribute):
        return node.attr
    if isinstance(node, ast.Name):
        return node.id
    return None


def _text(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def question_refs(package: Path) -> list[QuestionRef]:
    """Every literal question id in the package: `answers.get("id")`, `answers["id"]`,
    `save_answer(case, "id", …)`, `go_to_question("id")`, `form.question("id")`."""
    refs: list[QuestionRef] = []
    for path in sorted(package.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            found: str | None = None
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                method, args = node.func.attr, node.args
                if method == "get" and _tail(node.func.value) in ANSWER_MAPS and args:
                    found = _text(args[0])
                elif method in QUESTION_ARGUMENT and len(args) > QUESTION_ARGUMENT[method]:
                    found = _text(args[QUESTION_ARGUMENT[method]])
            elif isinstance(node, ast.Subscript) and _tail(node.value) in ANSWER_MAPS:
                found = _text(node.slice)
            if found is not None:
                refs.append(QuestionRef(path, node.lineno, found))
    return refs


def unknown_question_refs(package: Path, known: set[str]) -> list[str]:
    """`path:line: message` for each literal id the questionnaire does not have."""
    return [
        f"{ref.path}:{ref.line}: the code names question '{ref.question_id}', "
        "which the questionnaire does not have"
        for ref in question_refs(package)
        if ref.question_id not in known
    ]
