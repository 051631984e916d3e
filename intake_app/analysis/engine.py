"""`analyze`: a pure function from a case's visible answers to the Analysis the rules describe."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from intake_app.analysis.conditions import Context, evaluate
from intake_app.analysis.model import Analysis, Entry, EvidenceNeed, Fact, Rule, Rules, Text
from intake_app.analysis.rules import default_rules
from intake_app.analysis.templates import fill

_PART = {
    "posture": "posture",
    "factor": "factors",
    "finding": "findings",
    "red_flag": "red_flags",
    "legal_basis": "legal_bases",
    "relief": "relief",
}


def _fact_texts(fact: Fact, ctx: Context, rules: Rules) -> list[Text]:
    if fact.for_each is None:
        scopes = [ctx]
    else:
        items = ctx.scope.get(fact.for_each)
        items = items if isinstance(items, (list, tuple)) else []
        scopes = [ctx.for_item(item) for item in items if isinstance(item, Mapping)]
        if fact.where is not None:
            scopes = [s for s in scopes if evaluate(fact.where, s)]
    texts: list[Text] = []
    for scope in scopes:
        if fact.when is not None and not evaluate(fact.when, scope):
            continue
        for template in fact.texts:
            filled = {
                lang: fill(
                    template[lang],
                    scope.scope,
                    rules.placeholders,
                    lang,
                    ctx.today,
                    rules.authorities,
                )
                for lang in rules.languages
            }
            # Every language fills from the same answers, so one missing means all are missing.
            if all(text is not None for text in filled.values()):
                texts.append(filled)
    return texts


def _static(text: Text, ctx: Context, rules: Rules) -> dict[str, str]:
    """A title or explanation, with its `{auth_…}` citations filled (it reads no answers)."""
    out = {}
    for lang in rules.languages:
        filled = fill(text[lang], {}, {}, lang, ctx.today, rules.authorities)
        out[lang] = filled if filled is not None else text[lang]
    return out


def _entry(rule: Rule, ctx: Context, rules: Rules) -> Entry:
    facts = [text for fact in rule.facts for text in _fact_texts(fact, ctx, rules)]
    cited = [rules.authorities[a] for a in rule.authorities if a in rules.authorities]
    citation = "; ".join(a.plain_cite for a in cited if a.printable) or None
    return Entry(
        rule.id,
        rule.kind,
        _static(rule.title, ctx, rules),
        _static(rule.explanation, ctx, rules),
        tuple(facts),
        rule.evidence,
        citation,
        rule.authorities,
    )


def _evidence(entries: list[Entry], ctx: Context, rules: Rules) -> tuple[EvidenceNeed, ...]:
    needed_for: dict[str, list[str]] = {}
    for entry in entries:
        for ev_id in entry.evidence:
            needed_for.setdefault(ev_id, []).append(entry.id)
    needs = []
    for ev_id, evidence in rules.evidence.items():
        if ev_id not in needed_for:
            continue
        obtained = evidence.obtained_if is not None and evaluate(evidence.obtained_if, ctx)
        needs.append(EvidenceNeed(ev_id, dict(evidence.name), tuple(needed_for[ev_id]), obtained))
    return tuple(needs)


def analyze(
    answers: Mapping[str, Any], *, today: dt.date | None = None, rules: Rules | None = None
) -> Analysis:
    """Factors, findings, red flags, legal bases and missing evidence for the visible answers.

    The caller applies the form's `visible_answers` first: hidden means absent here too.
    `today` fixes the date that "years since" and "days since" count to (tests pin it).
    """
    rules = rules or default_rules()
    today = today or dt.date.today()
    matched: set[str] = set()
    entries: list[Entry] = []
    posture_found = False
    for rule in rules.rules:
        if rule.kind == "posture" and posture_found:
            continue  # one posture per case: the first that matches, in file order
        ctx = Context(answers, today, frozenset(matched))
        if evaluate(rule.when, ctx):
            matched.add(rule.id)
            entries.append(_entry(rule, ctx, rules))
            posture_found = posture_found or rule.kind == "posture"
    parts: dict[str, list[Entry]] = {part: [] for part in _PART.values()}
    for entry in entries:
        parts[_PART[entry.kind]].append(entry)
    needed = _evidence(entries, Context(answers, today, frozenset(matched)), rules)
    return Analysis(
        rules_version=rules.version,
        posture=parts["posture"][0] if parts["posture"] else None,
        factors=tuple(parts["factors"]),
        findings=tuple(parts["findings"]),
        red_flags=tuple(parts["red_flags"]),
        legal_bases=tuple(parts["legal_bases"]),
        relief=tuple(parts["relief"]),
        needed_evidence=needed,
        missing_evidence=tuple(n for n in needed if not n.obtained),
    )
