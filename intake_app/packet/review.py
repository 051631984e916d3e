"""The lists Python gives the counsel review: posture, route, findings, authorities, open points."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from intake_app.analysis import default_rules
from intake_app.analysis.model import Analysis, Authority, Entry
from intake_app.packet.lint import lint, paragraphs

if TYPE_CHECKING:
    from intake_app.packet.prepared import Prepared

_STATUS_WORDS = {
    "in_force": "in force",
    "in_litigation": "in litigation",
    "historical": "historical (it governs past events)",
}


def _entry_line(entry: Entry, lang: str, state: str = "") -> str:
    cite = f" ({entry.citation})" if entry.citation else ""
    details = " ".join(entry.facts_in(lang))
    head = f"{state}: " if state else ""
    return f"{head}{entry.title_in(lang)}{cite}. {entry.explanation_in(lang)} {details}".strip()


def review_slots(prep: Prepared, family_missing: list) -> dict[str, Callable[[str], list[str]]]:
    """`slot:` blocks of the review summary and the take-home sheet, each a list per language."""
    facts = prep.facts
    inputs = facts.inputs
    analysis: Analysis = inputs.analysis
    titles = {e.id: e.title_in("en") for e in analysis.entries()}
    letter_bases: set[str] = set()
    for doc_id in ("cover_letter", "citizenship_letter"):
        if doc_id in prep.docs:
            letter_bases |= set(prep.docs[doc_id].lists.get("letter_bases", ()))

    def posture(lang: str) -> list[str]:
        entry = analysis.posture
        if entry is None:
            return []
        return [_entry_line(entry, lang)]

    def bases(lang: str) -> list[str]:
        out = []
        for entry in analysis.legal_bases:
            if entry.id in facts.chosen_bases and entry.id in letter_bases:
                state = "Chosen; argued in the letter"
            elif entry.id in facts.chosen_bases:
                state = "Chosen; a separate filing, not argued in the letter"
            else:
                state = "Suggested; not chosen"
            out.append(_entry_line(entry, lang, state))
        return out

    def relief(lang: str) -> list[str]:
        chosen = set(inputs.relief)
        return [
            _entry_line(
                entry,
                lang,
                "Chosen; argued in the letter"
                if entry.id in chosen
                else "Possible; not in the letter unless chosen",
            )
            for entry in analysis.relief
        ]

    def entries(part: str) -> Callable[[str], list[str]]:
        return lambda lang: [_entry_line(e, lang) for e in getattr(analysis, part)]

    def missing(lang: str) -> list[str]:
        return [
            f"{n.name_in(lang)} (for: {'; '.join(titles.get(r, r) for r in n.needed_for)})"
            for n in analysis.missing_evidence
        ]

    def to_verify(lang: str) -> list[str]:
        return authorities_to_verify(prep, lang)

    def lint_lines(lang: str) -> list[str]:
        rules = default_rules()
        return lint(
            paragraphs(facts.filing),
            inputs.answers,
            inputs.today,
            rules.authorities,
            analysis.posture_id,
        )

    return {
        "family_documents_missing": lambda lang: [n.name_in(lang) for n in family_missing],
        "posture": posture,
        "legal_bases": bases,
        "relief": relief,
        "findings": entries("findings"),
        "red_flags": entries("red_flags"),
        "missing_evidence": missing,
        "authorities_to_verify": to_verify,
        "open_points": lambda lang: list(facts.points),
        "letter_lint": lint_lines,
        "edited_paragraphs": lambda lang: [
            f"Edited by hand: {k}" for k in sorted(inputs.overrides)
        ],
    }


def authorities_to_verify(prep: Prepared, lang: str = "en") -> list[str]:
    """Authorities the filing cites, or the analysis relies on, that counsel must check before
    signing: marked `verify`, in litigation, or last checked longer ago than allowed."""
    rules = default_rules()
    inputs = prep.facts.inputs
    max_age = inputs.verify_after_days or rules.verify_after_days
    analysis = inputs.analysis
    relied: list[str] = sorted(prep.facts.cited)
    shown: list[Entry] = [e for e in analysis.entries() if e.kind != "relief"]
    for entry in shown:
        relied += [a for a in entry.authorities if a not in relied]
    out = []
    for authority_id in relied:
        authority: Authority | None = rules.authorities.get(authority_id)
        if authority is None or not authority.printable:
            continue
        if not authority.needs_verification(inputs.today, max_age):
            continue
        where = "cited in the letter" if authority_id in prep.facts.cited else "relied on"
        out.append(_verify_line(authority, where, lang))
    return out


def _verify_line(authority: Authority, where: str, lang: str) -> str:
    from intake_app.i18n import format_date

    status = _STATUS_WORDS.get(authority.status, authority.status)
    note = f" {authority.note.get(lang) or authority.note.get('en', '')}" if authority.note else ""
    return (
        f"{authority.plain_cite} ({where}; {status}; last checked "
        f"{format_date(authority.verified, 'en')}: {authority.source}).{note}"
    )
