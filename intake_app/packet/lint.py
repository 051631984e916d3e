"""The letter lint: what a careful attorney would strike from a filing before signing it."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from intake_app.analysis.conditions import parse_date, whole_years_between
from intake_app.analysis.model import Authority
from intake_app.packet.compose import Part

_MONTHS = [
    *("January", "February", "March", "April", "May", "June"),
    *("July", "August", "September", "October", "November", "December"),
]
_DATE = r"(?:" + "|".join(_MONTHS) + r") \d{1,2}, \d{4}"
# "next hearing … is scheduled for March 3, 2026", "the upcoming hearing on …"
_UPCOMING = re.compile(
    r"\b(?:next|upcoming|scheduled for|set for|will be held on|will take place on)\b"
    r"[^.;]{0,90}?(" + _DATE + r")"
)
# Gender placeholders a document should not carry once the person's sex is known.
_GENDER_SLASH = re.compile(r"\b[^\W\d_]+\((?:a|as|o|os)\)|\blo \(la\)|\bél o ella\b|\bhe or she\b")
# "as described in the Release Plan below", "see Section IV"
_SECTION_REF = re.compile(r"\bin the ((?:[A-Z][a-z]+ ?){1,5}) (?:section )?(below|above)\b")
_NUMBERED_REF = re.compile(r"\b[Ss]ection ([IVX]+)\b(?! of the)")


@dataclass(frozen=True)
class Paragraph:
    """One printed paragraph of a document: a heading, a paragraph or a list item."""

    doc: str
    kind: str  # "heading" | "paragraph" | "list" | "numbered" | "plain" | "lines"
    text: str


def paragraphs(filing: Iterable[tuple[str, Sequence[Part]]]) -> list[Paragraph]:
    """Composed documents as the paragraphs they print, headings included."""
    out: list[Paragraph] = []
    for doc, parts in filing:
        for part in parts:
            if part.heading_plain:
                out.append(Paragraph(doc, "heading", part.heading_plain))
            for piece in part.pieces:
                out += [Paragraph(doc, piece.style, text) for text in piece.plain]
    return out


def lint(
    paras: Sequence[Paragraph],
    answers: Mapping[str, Any],
    today: dt.date,
    authorities: Mapping[str, Authority],
    posture: str | None = None,
) -> list[str]:
    """Every problem found, as a sentence counsel can act on; empty when the text is clean."""
    problems: list[str] = []
    problems += _dangling_leads(paras)
    problems += _past_dates_upcoming(paras, today)
    problems += _missing_sections(paras)
    problems += _superseded(paras, authorities)
    problems += _gender_placeholders(paras, answers)
    problems += _ages(paras, answers, today)
    if posture == "posture_possible_citizen":
        problems += [
            f"{_named(p.doc)}: calls a possible U.S. citizen an alien: “{_short(p.text)}”"
            for p in paras
            if re.search(r"\balien\b", p.text, re.I)
        ]
    return list(dict.fromkeys(problems))


# The documents as counsel knows them, for the findings' first words.
_DOCUMENT_NAMES = {
    "cover_letter": "Letter",
    "citizenship_letter": "Letter",
    "declaration": "Declaration",
    "translation_certificate": "Interpreter's certificate",
    "sponsor_letter": "Sponsor letter",
}


def _named(doc: str) -> str:
    return _DOCUMENT_NAMES.get(doc, doc.replace("_", " ").capitalize())


def _short(text: str, size: int = 90) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def _dangling_leads(paras: Sequence[Paragraph]) -> list[str]:
    out = []
    for n, para in enumerate(paras):
        if para.kind in ("list", "heading") or not para.text.rstrip().endswith(":"):
            continue
        following = paras[n + 1] if n + 1 < len(paras) else None
        if following is None or following.doc != para.doc or following.kind != "list":
            out.append(
                f"{_named(para.doc)}: “{_short(para.text)}” introduces a list that is not there"
            )
    return out


def _past_dates_upcoming(paras: Sequence[Paragraph], today: dt.date) -> list[str]:
    out = []
    for para in paras:
        for match in _UPCOMING.finditer(para.text):
            when = dt.datetime.strptime(match.group(1), "%B %d, %Y").date()
            if when < today:
                out.append(f"{_named(para.doc)}: calls {match.group(1)}, a past date, upcoming")
    return out


def _missing_sections(paras: Sequence[Paragraph]) -> list[str]:
    out = []
    by_doc: dict[str, list[tuple[int, str]]] = {}
    for n, para in enumerate(paras):
        if para.kind == "heading":
            by_doc.setdefault(para.doc, []).append((n, para.text.casefold()))
    for n, para in enumerate(paras):
        headings = by_doc.get(para.doc, [])
        for match in _SECTION_REF.finditer(para.text):
            name, where = match.group(1).strip().casefold(), match.group(2)
            wanted = [i for i, h in headings if name in h]
            placed = [i for i in wanted if (i > n if where == "below" else i < n)]
            if not placed:
                out.append(
                    f"{_named(para.doc)}: refers to the {match.group(1).strip()} {where}, not there"
                )
        for match in _NUMBERED_REF.finditer(para.text):
            number = f"{match.group(1)}."
            if not any(h.startswith(number.casefold()) for _, h in headings):
                out.append(
                    f"{_named(para.doc)}: refers to Section {match.group(1)}, which does not exist"
                )
    return out


def _superseded(paras: Sequence[Paragraph], authorities: Mapping[str, Authority]) -> list[str]:
    out = []
    gone = [a for a in authorities.values() if not a.printable]
    for para in paras:
        for authority in gone:
            for name in (authority.plain_cite, *authority.aliases):
                if name and name in para.text:
                    out.append(f"{_named(para.doc)}: cites {name}, which is {authority.status}")
    return out


def _gender_placeholders(paras: Sequence[Paragraph], answers: Mapping[str, Any]) -> list[str]:
    children = answers.get("children")
    items = [c for c in children if isinstance(c, Mapping)] if isinstance(children, list) else []
    known = answers.get("detainee_gender") in ("male", "female") and all(
        c.get("child_sex") in ("male", "female") for c in items
    )
    if not known:
        return []
    out = []
    for para in paras:
        found = _GENDER_SLASH.search(para.text)
        if found:
            out.append(f"{_named(para.doc)}: “{found.group(0)}” though the sex is known")
    return out


def _ages(paras: Sequence[Paragraph], answers: Mapping[str, Any], today: dt.date) -> list[str]:
    """An age printed beside a child's name must be the one the date of birth gives."""
    children = answers.get("children")
    out = []
    for child in children if isinstance(children, list) else []:
        if not isinstance(child, Mapping):
            continue
        born = parse_date(child.get("child_birth_date"))
        name = str(child.get("child_name") or "").split()
        if born is None or not name:
            continue
        age = whole_years_between(born, today)
        first = re.escape(name[0])
        typed = re.compile(rf"\b{first}\b[^.;()]{{0,40}}?(?:\((\d{{1,2}})\)|, age (\d{{1,2}}))")
        for para in paras:
            for match in typed.finditer(para.text):
                printed = int(match.group(1) or match.group(2))
                if printed != age:
                    out.append(
                        f"{_named(para.doc)}: gives {name[0]}'s age as {printed}; "
                        f"the date of birth makes it {age}"
                    )
    return out
