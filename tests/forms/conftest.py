"""Fixtures for the form tests: the fixture interview, and small forms written to tmp_path."""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from intake_app.forms import Form, FormError, check_form, load_form

FIXTURES = Path(__file__).parent / "fixtures"
TODAY = dt.date(2026, 3, 4)

# The questions of a tiny form start on line QUESTIONS_LINE (1-based), so tests can name lines.
HEADER = """\
form: tiny
version: 1
languages: ["en", "es"]
title: {en: "Tiny", es: "Pequeño"}
sections:
  - id: main
    title: {en: "Main", es: "Principal"}
    questions:
"""
QUESTIONS_LINE = HEADER.count("\n") + 1
HELP = '{why: {en: "Why", es: "Por qué"}, how: {en: "How", es: "Cómo"}}'


@pytest.fixture(scope="session")
def interview() -> Form:
    return load_form(FIXTURES / "interview.yaml")


def tiny_form(questions: str) -> str:
    """A whole form around `questions` (YAML for the list items, written at column 0)."""
    body = textwrap.indent(textwrap.dedent(questions).strip("\n"), " " * 6)
    return HEADER + body.replace("HELP", HELP) + "\n"


@pytest.fixture
def write(tmp_path: Path) -> Callable[[str, str], Path]:
    def _write(text: str, name: str = "form.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return _write


@pytest.fixture
def problems(write: Callable[[str, str], Path]) -> Callable[[str], list[str]]:
    """The loader's errors for a tiny form, as "line: message" strings."""

    def _problems(questions: str) -> list[str]:
        path = write(tiny_form(questions), "form.yaml")
        return [f"{e.line}: {e.message}" for e in check_form(path)]

    return _problems


@pytest.fixture
def tiny(write: Callable[[str, str], Path]) -> Callable[[str], Form]:
    """Load a tiny form that must be valid."""

    def _tiny(questions: str) -> Form:
        path = write(tiny_form(questions), "form.yaml")
        try:
            return load_form(path)
        except FormError as error:  # show every problem, not only the first
            raise AssertionError("\n".join(map(str, (error, *error.more)))) from None

    return _tiny
