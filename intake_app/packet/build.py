"""`build_packet` and `build_take_home`: PacketInputs → PDF bytes, built in memory."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO

from reportlab.platypus import Flowable, PageBreak, Paragraph

from intake_app.analysis.model import Analysis
from intake_app.packet import compose, papers, render
from intake_app.packet.context import CaseFacts, Env
from intake_app.packet.exhibit_pages import Numbering, documents_story
from intake_app.packet.fonts import SANS
from intake_app.packet.inputs import PacketInputs
from intake_app.packet.layout import Bookmark, Frame_, PacketDoc
from intake_app.packet.letter import cover_letter
from intake_app.packet.loader import load_packet_blocks
from intake_app.packet.merge import Source, bind
from intake_app.packet.model import BlockDoc
from intake_app.packet.offices import match_office
from intake_app.packet.plan import PlannedExhibit, plan_exhibits
from intake_app.packet.styles import compact_letter_styles, family_styles, letter_styles

WATERMARK = "DRAFT — not reviewed by counsel"
PACKET_TITLE = "Request for release — Amparo"
PACKET_DRAFT_TITLE = "Request for release — Amparo draft"
TAKE_HOME_TITLES = {"en": "What happens next — Amparo", "es": "Lo que sigue — Amparo"}
PAGE_WORDS = {"en": ("Page", "of"), "es": ("Página", "de")}


@dataclass
class Prepared:
    """A case ready to lay out: its facts, its exhibits and the paragraph files."""

    facts: CaseFacts
    planned: list[PlannedExhibit]
    docs: dict[str, BlockDoc]

    def env(self, doc_id: str, lang: str = "en", font: str | None = None) -> Env:
        doc = self.docs[doc_id]
        return Env.make(doc, self.facts, lang, font) if font else Env.make(doc, self.facts, lang)

    def items(self, env: Env) -> list[Env]:
        """One environment per item of a per-item document (a physician letter per child)."""
        doc = env.doc
        if doc.for_each is None:
            return [env]
        from intake_app.analysis.conditions import evaluate

        found = env.scope.get(doc.for_each)
        out = []
        for item in found if isinstance(found, list) else ():
            if isinstance(item, dict):
                item_env = env.for_item(item)
                if doc.where is None or evaluate(doc.where, item_env.ctx):
                    out.append(item_env)
        return out


def chosen_bases(inputs: PacketInputs, docs: dict[str, BlockDoc]) -> tuple[str, ...]:
    """The attorney's choice, or by default the suggested bases the letter can argue."""
    if inputs.legal_bases is not None:
        return tuple(inputs.legal_bases)
    arguable = set(docs["cover_letter"].lists.get("letter_bases", ()))
    return tuple(e.id for e in inputs.analysis.legal_bases if e.id in arguable)


def prepare(inputs: PacketInputs) -> Prepared:
    docs = load_packet_blocks()
    office = match_office(str(inputs.answers.get("field_office") or ""))
    family_ids = set(docs["take_home"].lists.get("family_documents", ()))
    family_missing = [n for n in inputs.analysis.missing_evidence if n.id in family_ids]
    extra = frozenset({"family_documents_missing"} if family_missing else ())
    facts = CaseFacts(inputs, office, chosen_bases(inputs, docs), extra)
    exhibits_env = Env.make(docs["exhibits"], facts, "en")
    planned = plan_exhibits(
        docs["exhibits"], inputs.analysis, exhibits_env.ctx, tuple(inputs.documents)
    )
    facts.letters = {p.spec.id: p.letter for p in planned}
    if planned:
        first, last = planned[0].letter, planned[-1].letter
        facts.base["exhibit_range"] = first if first == last else f"{first}–{last}"
    facts.slots = _slots(inputs, facts, docs, family_missing)
    return Prepared(facts, planned, docs)


def _slots(inputs: PacketInputs, facts: CaseFacts, docs, family_missing) -> dict[str, Callable]:
    analysis: Analysis = inputs.analysis
    titles = {e.id: e.title_in("en") for e in analysis.entries()}
    letter_bases = set(docs["cover_letter"].lists.get("letter_bases", ()))

    def bases(lang: str) -> list[str]:
        out = []
        for entry in analysis.legal_bases:
            cite = f" ({entry.citation})" if entry.citation else ""
            if entry.id in facts.chosen_bases and entry.id in letter_bases:
                state = "Chosen; argued in the letter"
            elif entry.id in facts.chosen_bases:
                state = "Chosen; a separate filing, not argued in the letter"
            else:
                state = "Suggested; not chosen"
            facts_text = " ".join(entry.facts_in(lang))
            out.append(
                f"{state}: {entry.title_in(lang)}{cite}. {entry.explanation_in(lang)} {facts_text}"
            )
        return out

    def entries(part: str) -> Callable[[str], list[str]]:
        def make(lang: str) -> list[str]:
            out = []
            for entry in getattr(analysis, part):
                cite = f" ({entry.citation})" if entry.citation else ""
                details = " ".join(entry.facts_in(lang))
                out.append(
                    f"{entry.title_in(lang)}{cite}. {entry.explanation_in(lang)} {details}".strip()
                )
            return out

        return make

    def missing(lang: str) -> list[str]:
        return [
            f"{n.name_in(lang)} (for: {'; '.join(titles.get(r, r) for r in n.needed_for)})"
            for n in analysis.missing_evidence
        ]

    return {
        "family_documents_missing": lambda lang: [n.name_in(lang) for n in family_missing],
        "legal_bases": bases,
        "findings": entries("findings"),
        "red_flags": entries("red_flags"),
        "missing_evidence": missing,
        "edited_paragraphs": lambda lang: [
            f"Edited by hand: {k}" for k in sorted(inputs.overrides)
        ],
    }


class _Keys:
    """Stable bookmark keys, so invariant builds are byte-identical."""

    def __init__(self) -> None:
        self.n = 0

    def mark(self, title: str, level: int = 0) -> Bookmark:
        self.n += 1
        return Bookmark(title, f"amparo{self.n}", level)


def packet_story(inputs: PacketInputs, numbering: Numbering | None = None) -> list[Flowable]:
    """Every flowable of the packet, in order (the benchmark renders the same text bare).

    Attached documents appear as placeholder pages; `numbering` collects them in page order.
    """
    numbering = numbering if numbering is not None else Numbering()
    prep = prepare(inputs)
    styles = letter_styles()
    keys = _Keys()
    story: list[Flowable] = [keys.mark("Cover letter")]
    story += cover_letter(prep.env("cover_letter"), styles)
    exhibits_env = prep.env("exhibits")
    story += [PageBreak(), keys.mark("Index of exhibits")]
    story += papers.exhibit_index(exhibits_env, prep.planned, styles)
    for n, ex in enumerate(prep.planned):
        story.append(PageBreak())
        if n == 0:
            story.append(keys.mark("Exhibits"))
        short = compose.fill(papers._pick(ex.spec.short, "en"), exhibits_env.scope, exhibits_env)
        story.append(keys.mark(f"Exhibit {ex.letter} — {short[1] if short else ex.spec.id}", 1))
        story += papers.exhibit_cover(exhibits_env, ex, styles)
        story += _generated(prep, ex, styles)
        if ex.documents:
            certificate_env = prep.env("document_translation_certificate")
            story += documents_story(
                exhibits_env, certificate_env, ex, styles, numbering, keys.mark
            )
    story += [PageBreak(), keys.mark("For counsel — not for filing")]
    story += papers.review_summary(prep.env("review_summary"), styles)
    story += _physician_letters(prep, compact_letter_styles(), keys, inputs.interview_language)
    return story


def _generated(prep: Prepared, ex: PlannedExhibit, styles) -> list[Flowable]:
    kind = ex.spec.generated
    if kind == "declaration":
        out: list[Flowable] = [PageBreak(), *papers.declaration(prep.env("declaration"), styles)]
        if "interpreted" in prep.facts.flags:
            out += [PageBreak(), *papers.certificate(prep.env("translation_certificate"), styles)]
        return out
    if kind == "sponsor_letter":
        return [PageBreak(), *papers.sponsor_letter(prep.env("sponsor_letter"), styles)]
    return []


def _physician_letters(prep: Prepared, styles, keys: _Keys, family_lang: str) -> list[Flowable]:
    out: list[Flowable] = []
    english = prep.items(prep.env("physician_letter", "en"))
    translated = (
        prep.items(prep.env("physician_letter", family_lang)) if family_lang != "en" else []
    )
    for n, env in enumerate(english):
        name = env.scope.get("child_physician_name") or ""
        out += [PageBreak(), keys.mark(f"Letter to the treating physician {name}".strip(), 1)]
        out += papers.physician_letter(env, styles)
        if n < len(translated):
            out += [PageBreak(), *papers.physician_letter(translated[n], styles, translation=True)]
    return out


def take_home_story(inputs: PacketInputs) -> list[Flowable]:
    """The family's sheet in the interview language, then the letters they carry."""
    prep = prepare(inputs)
    lang = inputs.interview_language
    styles = family_styles()
    keys = _Keys()
    env = prep.env("take_home", lang, SANS)
    story: list[Flowable] = [
        keys.mark(compose.text(env, "title")[1] if compose.text(env, "title") else "")
    ]
    if title := papers.line(env, "title"):
        story.append(Paragraph(title, styles["title"]))
    for key in ("subtitle", "case_line"):
        if text := papers.line(env, key):
            story.append(Paragraph(text, styles["center"]))
    story.append(render.gap(10))
    story += render.parts(compose.compose(env), styles)
    if privacy := papers.line(env, "privacy"):
        story += [render.gap(8), Paragraph(privacy, styles["small"])]
    letters = compact_letter_styles()
    english = prep.items(prep.env("physician_letter", "en"))
    translated = prep.items(prep.env("physician_letter", lang)) if lang != "en" else []
    for n, letter_env in enumerate(english):
        family_env = translated[n] if n < len(translated) else letter_env
        note = papers.line(family_env, "family_note")
        out: list[Flowable] = [PageBreak(), keys.mark(compose.text(family_env, "title")[1], 0)]
        if note:
            out.append(Paragraph(f"<b>{note}</b>", letters["note"]))
        out += papers.physician_letter(letter_env, letters)
        if translated:
            out += [PageBreak(), *papers.physician_letter(family_env, letters, translation=True)]
        story += out
    return story


def _pdf(story: list[Flowable], frame: Frame_, title: str, subject: str) -> bytes:
    return _frame(story, frame, title, subject)[0]


def _frame(story: list[Flowable], frame: Frame_, title: str, subject: str) -> tuple[bytes, dict]:
    """The ReportLab pages, and which of them stand for attached documents' pages."""
    buffer = io.BytesIO()
    doc = PacketDoc(
        buffer,
        frame,
        title=title,
        author="Amparo",
        subject=subject,
        creator="Amparo",
        keywords="",
    )
    doc.build(story)
    return buffer.getvalue(), dict(doc.placements)


def write_packet(inputs: PacketInputs, out: BinaryIO) -> int:
    """Write the request packet to a binary stream; returns the bytes written.

    With attached documents, their pages are bound in one at a time as the packet is
    written, so memory does not grow with what the exhibits weigh (see merge.py).
    """
    frame = Frame_(PAGE_WORDS["en"], None if inputs.reviewed else WATERMARK)
    title = PACKET_TITLE if inputs.reviewed else PACKET_DRAFT_TITLE
    numbering = Numbering()
    story = packet_story(inputs, numbering)
    pdf, placements = _frame(story, frame, title, "Humanitarian release request packet")
    if not numbering.sources:
        out.write(pdf)
        return len(pdf)
    sources = [Source(d.kind, d.media_type, d.open) for d in numbering.sources]
    return bind(pdf, placements, sources, out)


def build_packet(inputs: PacketInputs) -> bytes:
    """The request packet for ICE, with counsel's review pages, as PDF bytes."""
    buffer = io.BytesIO()
    write_packet(inputs, buffer)
    return buffer.getvalue()


def build_take_home(inputs: PacketInputs) -> bytes:
    """The family's take-home sheet in the interview language, as PDF bytes."""
    lang = inputs.interview_language
    frame = Frame_(PAGE_WORDS.get(lang, PAGE_WORDS["en"]), None, SANS)
    title = TAKE_HOME_TITLES.get(lang, TAKE_HOME_TITLES["en"])
    return _pdf(take_home_story(inputs), frame, title, title)
