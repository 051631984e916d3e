"""The rules as loaded (rules, facts, evidence, placeholders) and the analysis they produce."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# A posture is the custody authority the facts point to: the first posture rule that matches
# is the case's one posture. Relief is possible relief from removal, printed only if counsel
# chooses it.
RULE_KINDS = ("posture", "factor", "finding", "red_flag", "legal_basis", "relief")
# How an authority stands today; only the first three may print in a packet.
AUTHORITY_STATUSES = (
    "in_force",
    "in_litigation",
    "historical",
    "superseded",
    "rescinded",
    "vacated",
)
PRINTABLE_STATUSES = frozenset({"in_force", "in_litigation", "historical"})
# `{auth_<id>}` prints an authority's citation from the `authorities:` list.
AUTH_PREFIX = "auth_"

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
class Authority:
    """A statute, rule, case or policy as dated data: what it is, where it was checked, when,
    and whether it may still be cited."""

    id: str
    cite: str  # as printed; *words* are italic (case names)
    about: Text  # what it says, in one line per language
    source: str  # where it was last checked
    verified: dt.date
    status: str
    verify: bool = False  # not confirmed from the text itself: counsel checks before relying
    superseded_by: str | None = None
    aliases: tuple[str, ...] = ()  # other ways a text may name it (the letter lint looks for them)
    note: Text | None = None
    line: int | None = None

    @property
    def printable(self) -> bool:
        return self.status in PRINTABLE_STATUSES

    @property
    def plain_cite(self) -> str:
        return self.cite.replace("*", "")

    def needs_verification(self, today: dt.date, max_age_days: int) -> bool:
        """Counsel must check it before signing: unconfirmed, in litigation, or checked too long
        ago."""
        age = (today - self.verified).days
        return self.verify or self.status == "in_litigation" or age > max_age_days


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str
    title: Text
    explanation: Text
    when: Condition
    facts: tuple[Fact, ...] = ()
    evidence: tuple[str, ...] = ()
    authorities: tuple[str, ...] = ()
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
    """How a fact's `{name}` is filled: a formatted `field`, years/days since a date, or
    years/days `between` two dates (then `since` is "years_between" or "days_between")."""

    name: str
    field: str
    format: str = "text"
    labels: Mapping[str, Text] | None = None
    since: str | None = None
    line: int | None = None
    between: tuple[str, str] | None = None
    ask: Text | None = None


@dataclass(frozen=True)
class Rules:
    path: Path
    version: int
    form_id: str
    languages: tuple[str, ...]
    rules: tuple[Rule, ...]
    evidence: Mapping[str, Evidence]
    placeholders: Mapping[str, Placeholder]
    authorities: Mapping[str, Authority] = field(default_factory=dict)
    verify_after_days: int = 120

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
    citation: str | None = None  # the authorities' citations, joined, for display
    authorities: tuple[str, ...] = ()

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
    posture: Entry | None = None
    factors: tuple[Entry, ...] = ()
    findings: tuple[Entry, ...] = ()
    red_flags: tuple[Entry, ...] = ()
    legal_bases: tuple[Entry, ...] = ()
    relief: tuple[Entry, ...] = ()
    needed_evidence: tuple[EvidenceNeed, ...] = ()
    missing_evidence: tuple[EvidenceNeed, ...] = field(default=())

    @property
    def posture_id(self) -> str | None:
        return self.posture.id if self.posture is not None else None

    def entries(self) -> tuple[Entry, ...]:
        posture = (self.posture,) if self.posture is not None else ()
        return (
            posture + self.factors + self.findings + self.red_flags + self.legal_bases + self.relief
        )

    def entry(self, entry_id: str) -> Entry | None:
        return next((e for e in self.entries() if e.id == entry_id), None)

    def ids(self) -> dict[str, list[str]]:
        """Ids per part, the shape tests and the case list compare."""
        return {
            "posture": [self.posture.id] if self.posture is not None else [],
            "factors": [e.id for e in self.factors],
            "findings": [e.id for e in self.findings],
            "red_flags": [e.id for e in self.red_flags],
            "legal_bases": [e.id for e in self.legal_bases],
            "relief": [e.id for e in self.relief],
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
                "authorities": list(e.authorities),
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
            "posture": entry(self.posture) if self.posture is not None else None,
            "factors": [entry(e) for e in self.factors],
            "findings": [entry(e) for e in self.findings],
            "red_flags": [entry(e) for e in self.red_flags],
            "legal_bases": [entry(e) for e in self.legal_bases],
            "relief": [entry(e) for e in self.relief],
            "needed_evidence": [need(n) for n in self.needed_evidence],
            "missing_evidence": [need(n) for n in self.missing_evidence],
        }
