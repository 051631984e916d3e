"""Helpers for analysis tests: small rules files written on the fly, and a pinned date."""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from intake_app.analysis import Rules, analyze, load_rules

TODAY = dt.date(2026, 3, 4)
PERSONAS_DIR = Path(__file__).resolve().parent.parent / "personas"

HEADER = """\
analysis: "humanitarian_release"
version: 1
languages: ["en", "es"]
authorities: []
"""


def rules_text(
    rules: str,
    placeholders: str = "placeholders: {}",
    evidence: str = "evidence: []",
) -> str:
    """A whole rules file around the given `rules:` body (already indented by two spaces)."""
    return (
        HEADER
        + textwrap.dedent(placeholders).strip()
        + "\n"
        + textwrap.dedent(evidence).strip()
        + "\nrules:\n"
        + textwrap.dedent(rules).strip("\n")
        + "\n"
    )


def probe_rule(when: str, rule_id: str = "probe", kind: str = "factor", extra: str = "") -> str:
    """One rule whose `when:` is the given flow-style condition."""
    body = f"""\
- id: "{rule_id}"
  kind: "{kind}"
  title: {{en: "Probe {rule_id}", es: "Sonda {rule_id}"}}
  explanation: {{en: "Why it matters.", es: "Por qué importa."}}
  when: {when}
"""
    if extra:
        body += textwrap.indent(textwrap.dedent(extra).strip("\n"), "  ") + "\n"
    return textwrap.indent(body, "  ")


@pytest.fixture
def write_rules(tmp_path: Path) -> Callable[[str], Path]:
    def write(text: str, name: str = "analysis.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture
def fires(write_rules: Callable[[str], Path]) -> Callable[[str, dict], bool]:
    """Whether a rule with this `when:` matches these answers (through the real loader)."""

    def check(when: str, answers: dict) -> bool:
        rules: Rules = load_rules(write_rules(rules_text(probe_rule(when))))
        return [e.id for e in analyze(answers, today=TODAY, rules=rules).factors] == ["probe"]

    return check
