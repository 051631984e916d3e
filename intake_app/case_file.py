"""The case JSON format (`amparo-case` v1): strict parsing and writing; errors name the path."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from intake_app.domain.errors import CaseFileError
from intake_app.domain.records import INTERVIEW_LANGUAGES

CASE_FORMAT = "amparo-case"
CASE_FORMAT_VERSION = 1
MAX_CASE_FILE_BYTES = 20_000_000
_KEYS = {"format", "format_version", "form", "form_version", "interview_language", "answers"}


@dataclass(frozen=True)
class CaseFile:
    form_id: str
    form_version: int
    interview_language: str
    answers: dict[str, Any]

    def to_json(self) -> str:
        return json.dumps(
            {
                "format": CASE_FORMAT,
                "format_version": CASE_FORMAT_VERSION,
                "form": self.form_id,
                "form_version": self.form_version,
                "interview_language": self.interview_language,
                "answers": self.answers,
            },
            ensure_ascii=False,
            indent=2,
            sort_keys=True,
        )


def read_case_file(path: Path) -> CaseFile:
    """Parse a case file or raise CaseFileError naming the path and what is wrong."""
    path = Path(path)

    def fail(reason: str) -> CaseFileError:
        return CaseFileError(f"{path}: {reason}")

    try:
        with path.open("rb") as fh:
            raw = fh.read(MAX_CASE_FILE_BYTES + 1)
    except FileNotFoundError as exc:
        raise fail("no such file") from exc
    except OSError as exc:
        raise fail(f"cannot be read ({exc.strerror})") from exc
    if len(raw) > MAX_CASE_FILE_BYTES:
        raise fail("file is larger than 20 MB")
    try:
        doc = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise fail("not UTF-8 text") from exc
    except json.JSONDecodeError as exc:
        raise fail(f"not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from exc
    except RecursionError as exc:
        raise fail("nested too deeply to be a case file") from exc
    except ValueError as exc:  # an integer longer than Python converts (4,300 digits)
        raise fail("holds a number too long to be an answer") from exc
    problem = _unstorable(doc)
    if problem:
        raise fail(problem)
    if not isinstance(doc, dict):
        raise fail("the top level must be a JSON object")
    if doc.get("format") != CASE_FORMAT:
        raise fail(f'"format" must be "{CASE_FORMAT}"')
    if doc.get("format_version") != CASE_FORMAT_VERSION:
        raise fail(f'"format_version" must be {CASE_FORMAT_VERSION}')
    unknown = sorted(set(doc) - _KEYS)
    if unknown:
        raise fail(f"unknown keys: {', '.join(unknown)}")
    form_id, form_version = doc.get("form"), doc.get("form_version")
    if not isinstance(form_id, str) or not form_id:
        raise fail('"form" must be a form id')
    if not isinstance(form_version, int) or isinstance(form_version, bool) or form_version < 1:
        raise fail('"form_version" must be a positive whole number')
    language = doc.get("interview_language")
    if language not in INTERVIEW_LANGUAGES:
        raise fail(f'"interview_language" must be one of {", ".join(INTERVIEW_LANGUAGES)}')
    answers = doc.get("answers")
    if not isinstance(answers, dict):
        raise fail('"answers" must be an object of question ids')
    return CaseFile(form_id, form_version, language, answers)


MAX_DEPTH = 32  # answers are flat, groups one level down: anything deeper is not a case


def _unstorable(value: Any, depth: int = 0) -> str | None:
    """Why a decoded value cannot be stored as answers (too deep; a lone surrogate, which
    UTF-8 cannot hold), or None. Names no value."""
    if depth > MAX_DEPTH:
        return "nested too deeply to be a case file"
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return "holds text that is not valid Unicode (a lone surrogate)"
        return None
    if isinstance(value, dict):
        items: list[Any] = [*value.keys(), *value.values()]
    elif isinstance(value, list):
        items = value
    else:
        return None
    for item in items:
        problem = _unstorable(item, depth + 1)
        if problem:
            return problem
    return None
