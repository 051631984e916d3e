"""The rules as loaded (rules, facts, evidence, placeholders) and the analysis they produce."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

RULE_KINDS = ("factor", "finding", "red_flag", "legal_basis")

# A bilingual text: {"en": "…", "es": "…"}.
Text = Mapping[str, str]
Condition = Mapping[str, Any]


@dataclass(frozen=True)
class Fact:
    """Sentence templates; with `for_each` they are filled once per matching group item."""

    texts: tuple[Text, ...]
    when: Condition | None = None
    for_each: str | None = None
    where: Condition | None = None


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str
    title: Text
    explanation: Text
    when: Condition
    facts: tuple[Fact, ...] = ()
    evidence: tuple[str, ...] = ()
    citation: str | None = None
    line: int | None = None


@dataclass(frozen=True)
class Evidence:
    """A document the packet needs; `obtained_if` lets an answer say it is already in hand."""

    id: str
    name: Text
    obtained_if: Condition | None = None
    line: int | None = None


@dataclass(frozen=True)
class Placeholder:
    """How a fact's `{name}` is filled: a formatted `field`, or years/days since a date."""

    name: str
    field: str
    format: str = "text"
    labels: Mapping[str, Text] | None = None
    since: str | None = None
    line: int | None = None


@dataclass(frozen=True)
class Rules:
    path: Path
    version: int
    form_id: str
    languages: tuple[str, ...]
    rules: tuple[Rule, ...]
    evidence: Mapping[str, Evidence]
    placeholders: Mapping[str, Placeholder]

    def rule(self, rule_id: str) -> Rule:
        return next(r for r in self.rules if r.id == rule_id)

    def ids(self, kind: str) -> list[str]:
        return [r.id for r in self.rules if r.kind == kind]


def _pick(text: Text, lang: str) -> str:
    return text.get(lang) or text.get("en", "")


@dataclass(frozen=True)
class Entry:
    """One matched rule: its title, why it matters, and the facts from this case behind it."""

    id: str
    kind: str
    title: Text
    explanation: Text
    facts: tuple[Text, ...] = ()
    evidence: tuple[str, ...] = ()
    citation: str | None = None

    def title_in(self, lang: str) -> str:
        return _pick(self.title, lang)

    def explanation_in(self, lang: str) -> str:
        return _pick(self.explanation, lang)

    def facts_in(self, lang: str) -> list[str]:
        return [_pick(fact, lang) for fact in self.facts]

    def render(self, lang: str) -> str:
        head = self.title_in(lang) + (f" ({self.citation})" if self.citation else "")
        return "\n".join([head, *(f"- {fact}" for fact in self.facts_in(lang))])


@dataclass(frozen=True)
class EvidenceNeed:
    """A document some matched rule calls for, whether it is in hand, and which rules need it."""

    id: str
    name: Text
    needed_for: tuple[str, ...]
    obtained: bool = False

    def name_in(self, lang: str) -> str:
        return _pick(self.name, lang)


@dataclass(frozen=True)
class Analysis:
    """Everything `analyze` found, in rule-file order; tuples so the result cannot drift."""

    rules_version: int
    factors: tuple[Entry, ...] = ()
    findings: tuple[Entry, ...] = ()
    red_flags: tuple[Entry, ...] = ()
    legal_bases: tuple[Entry, ...] = ()
    needed_evidence: tuple[EvidenceNeed, ...] = ()
    missing_evidence: tuple[EvidenceNeed, ...] = field(default=())

    def entries(self) -> tuple[Entry, ...]:
        return self.factors + self.findings + self.red_flags + self.legal_bases

    def entry(self, entry_id: str) -> Entry | None:
        return next((e for e in self.entries() if e.id == entry_id), None)

    def ids(self) -> dict[str, list[str]]:
        """Ids per part, the shape tests and the case list compare."""
        return {
            "factors": [e.id for e in self.factors],
            "findings": [e.id for e in self.findings],
            "red_flags": [e.id for e in self.red_flags],
            "legal_bases": [e.id for e in self.legal_bases],
            "missing_evidence": [e.id for e in self.missing_evidence],
        }

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data, for export and for caching beside a case."""

        def entry(e: Entry) -> dict[str, Any]:
            return {
                "id": e.id,
                "kind": e.kind,
                "title": dict(e.title),
                "explanation": dict(e.explanation),
                "facts": [dict(f) for f in e.facts],
                "evidence": list(e.evidence),
                "citation": e.citation,
            }

        def need(n: EvidenceNeed) -> dict[str, Any]:
            return {
                "id": n.id,
                "name": dict(n.name),
                "needed_for": list(n.needed_for),
                "obtained": n.obtained,
            }

        return {
            "rules_version": self.rules_version,
            "factors": [entry(e) for e in self.factors],
            "findings": [entry(e) for e in self.findings],
            "red_flags": [entry(e) for e in self.red_flags],
            "legal_bases": [entry(e) for e in self.legal_bases],
            "needed_evidence": [need(n) for n in self.needed_evidence],
            "missing_evidence": [need(n) for n in self.missing_evidence],
        }
