"""The case's outputs, PacketInputs → PDF bytes in memory: the packet for ICE, counsel's own
review, the letters to treating physicians, and the family's take-home sheet."""

from __future__ import annotations

import io
from typing import BinaryIO

from intake_app.packet import compose, lint, papers, render
from intake_app.packet.content import Block, Break, Mark, Para
from intake_app.packet.context import CaseFacts, Env
from intake_app.packet.docx_render import docx_bytes
from intake_app.packet.exhibit_pages import Numbering, documents_story
from intake_app.packet.fonts import SANS
from intake_app.packet.inputs import PacketInputs
from intake_app.packet.layout import Frame_, PacketDoc
from intake_app.packet.letter import cover_letter
from intake_app.packet.loader import load_packet_blocks
from intake_app.packet.merge import Source, bind
from intake_app.packet.model import BlockDoc
from intake_app.packet.offices import match_office
from intake_app.packet.pdf_render import flowables
from intake_app.packet.plan import PlannedExhibit, plan_exhibits, relettered
from intake_app.packet.prepared import Prepared
from intake_app.packet.review import review_slots
from intake_app.packet.styles import compact_letter_styles, family_styles, letter_styles

WATERMARK = "DRAFT — not reviewed by counsel"
PRIVILEGED = "PRIVILEGED AND CONFIDENTIAL — ATTORNEY WORK PRODUCT — NOT FOR FILING"
REVIEW_TITLE = "Counsel review — Amparo"
PHYSICIAN_TITLE = "Letters to treating physicians — Amparo"
# Exhibits whose documents are all in the packet: a letter may say they are enclosed.
ENCLOSED_STATUSES = frozenset({"generated", "in_hand", "attached"})
# Exhibits a reviewed packet keeps: those with at least some of their documents.
KEPT_STATUSES = ENCLOSED_STATUSES | {"partial"}
PACKET_TITLE = "Request for release — Amparo"
PACKET_DRAFT_TITLE = "Request for release — Amparo draft"
TAKE_HOME_TITLES = {"en": "What happens next — Amparo", "es": "Lo que sigue — Amparo"}
PAGE_WORDS = {"en": ("Page", "of"), "es": ("Página", "de")}


def chosen_bases(inputs: PacketInputs, docs: dict[str, BlockDoc]) -> tuple[str, ...]:
    """The attorney's choice, or by default the suggested bases the letter can argue."""
    if inputs.legal_bases is not None:
        return tuple(inputs.legal_bases)
    arguable = set(docs[letter_doc(inputs)].lists.get("letter_bases", ()))
    return tuple(e.id for e in inputs.analysis.legal_bases if e.id in arguable)


def letter_doc(inputs: PacketInputs) -> str:
    """The paragraph file of the letter to ICE: a possible citizen gets no release request."""
    return (
        "citizenship_letter"
        if inputs.analysis.posture_id == "posture_possible_citizen"
        else "cover_letter"
    )


def prepare(inputs: PacketInputs) -> Prepared:
    docs = load_packet_blocks()
    office = match_office(str(inputs.answers.get("field_office") or ""))
    family_ids = set(docs["take_home"].lists.get("family_documents", ()))
    family_missing = [n for n in inputs.analysis.missing_evidence if n.id in family_ids]
    extra = frozenset({"family_documents_missing"} if family_missing else ())
    facts = CaseFacts(inputs, office, chosen_bases(inputs, docs), extra)
    if "declaration_read_back" in facts.flags:
        note = docs["exhibits"].texts.get("declaration_read_back_note")
        facts.base["declaration_extras"] = note.get("en") if note else None
    exhibits_env = Env.make(docs["exhibits"], facts, "en")
    planned = plan_exhibits(
        docs["exhibits"], inputs.analysis, exhibits_env.ctx, tuple(inputs.documents)
    )
    if inputs.reviewed:
        # The packet counsel signs holds no empty tab: what is still missing is not enclosed.
        planned = relettered([p for p in planned if p.status in KEPT_STATUSES])
    enclosed = frozenset(p.spec.id for p in planned if p.status in ENCLOSED_STATUSES)
    facts.set_plan({p.spec.id: p.letter for p in planned}, enclosed)
    if planned:
        first, last = planned[0].letter, planned[-1].letter
        facts.base["exhibit_range"] = first if first == last else f"{first}–{last}"
    prep = Prepared(facts, planned, docs)
    facts.slots = review_slots(prep, family_missing)
    return prep


class BookmarkKeys:
    """Stable bookmark keys, so invariant builds are byte-identical."""

    def __init__(self) -> None:
        self.n = 0

    def mark(self, title: str, level: int = 0) -> Mark:
        self.n += 1
        return Mark(title, f"amparo{self.n}", level)


def packet_story(inputs: PacketInputs, numbering: Numbering | None = None) -> list[Block]:
    """Every block of the packet for ICE, in order: the letter, the index, the exhibits.
    Nothing for counsel's eyes only is in it (the review and the physician letters are their
    own outputs).

    Attached documents appear as placeholder pages; `numbering` collects them in page order.
    """
    numbering = numbering if numbering is not None else Numbering()
    prep = prepare(inputs)
    keys = BookmarkKeys()
    story: list[Block] = [keys.mark("Cover letter")]
    story += cover_letter(prep.env(letter_doc(inputs)))
    exhibits_env = prep.env("exhibits")
    story += [Break(), keys.mark("Index of exhibits")]
    story += papers.exhibit_index(exhibits_env, prep.planned)
    for n, ex in enumerate(prep.planned):
        story.append(Break())
        if n == 0:
            story.append(keys.mark("Exhibits"))
        short = compose.fill(papers._pick(ex.spec.short, "en"), exhibits_env.scope, exhibits_env)
        story.append(keys.mark(f"Exhibit {ex.letter} — {short[1] if short else ex.spec.id}", 1))
        story += papers.exhibit_cover(exhibits_env, ex)
        story += generated_blocks(prep, ex)
        if ex.documents:
            certificate_env = prep.env("document_translation_certificate")
            story += documents_story(exhibits_env, certificate_env, ex, numbering, keys.mark)
    return story


def filing_parts(prep: Prepared) -> list[tuple[str, list[compose.Part]]]:
    """What the packet for ICE says, document by document, as composed text (for the letter
    lint, counsel's open points and the authorities the filing cites)."""
    out = [
        (letter_doc(prep.facts.inputs), compose.compose(prep.env(letter_doc(prep.facts.inputs))))
    ]
    for ex in prep.planned:
        for doc_id in _generated_docs(prep, ex):
            out.append((doc_id, compose.compose(prep.env(doc_id))))
    return out


def open_points(inputs: PacketInputs) -> list[str]:
    """The points the packet for ICE still leaves for counsel ("[counsel: …]"), in order."""
    prep = prepare(inputs)
    filing_parts(prep)
    return list(prep.facts.points)


def paragraphs_with_points(inputs: PacketInputs) -> list[str]:
    """The keys of the filing's paragraphs that still carry a point for counsel: the ones to
    write (set_paragraph_override) before the case can be marked reviewed."""
    keys: list[str] = []
    for _doc, parts in filing_parts(prepare(inputs)):
        for part in parts:
            for piece in part.pieces:
                marked = any(f"[{compose.COUNSEL_WORD}" in p.casefold() for p in piece.plain)
                if marked and piece.key not in keys:
                    keys.append(piece.key)
    return keys


def filing_text(inputs: PacketInputs) -> list[lint.Paragraph]:
    """The packet for ICE as the paragraphs it prints (the letter lint reads these)."""
    return lint.paragraphs(filing_parts(prepare(inputs)))


def _generated_docs(prep: Prepared, ex: PlannedExhibit) -> list[str]:
    kind = ex.spec.generated
    if kind == "declaration":
        read_back = "declaration_read_back" in prep.facts.flags
        return ["declaration", "translation_certificate"] if read_back else ["declaration"]
    return [kind] if kind else []


def generated_blocks(prep: Prepared, ex: PlannedExhibit) -> list[Block]:
    out: list[Block] = []
    for doc_id in _generated_docs(prep, ex):
        env = prep.env(doc_id)
        out.append(Break())
        if doc_id == "declaration":
            out += papers.declaration(env)
        elif doc_id == "translation_certificate":
            out += papers.interpreter_certificate(env)
        elif doc_id == "sponsor_letter":
            out += papers.sponsor_letter(env)
    return out


def counsel_review_story(inputs: PacketInputs) -> list[Block]:
    """Counsel's own review of the case: never filed, marked privileged on every page."""
    prep = prepare(inputs)
    # Composing the filing first tells the review what the letter cites and leaves open.
    filing = filing_parts(prep)
    prep.facts.filing = filing
    keys = BookmarkKeys()
    story: list[Block] = [keys.mark("Counsel review")]
    story += papers.review_summary(prep.env("review_summary"))
    return story


def physician_letters_story(inputs: PacketInputs) -> list[Block]:
    """One letter per sick child to the treating physician, in English and, when the interview
    was in another language, in that language too."""
    prep = prepare(inputs)
    keys = BookmarkKeys()
    family_lang = inputs.interview_language
    english = prep.items(prep.env("physician_letter", "en"))
    translated = (
        prep.items(prep.env("physician_letter", family_lang)) if family_lang != "en" else []
    )
    out: list[Block] = []
    for n, env in enumerate(english):
        name = env.scope.get("child_physician_name") or ""
        if out:
            out.append(Break())
        out += [keys.mark(f"Letter to the treating physician {name}".strip())]
        family_env = translated[n] if n < len(translated) else None
        if family_env is not None and (note := papers.line(family_env, "family_note")):
            out.append(Para("note", f"<b>{note}</b>"))
        out += papers.physician_letter(env)
        if family_env is not None:
            out += [Break(), *papers.physician_letter(family_env, translation=True)]
    return out


def take_home_story(inputs: PacketInputs) -> list[Block]:
    """The family's sheet in the interview language."""
    prep = prepare(inputs)
    lang = inputs.interview_language
    keys = BookmarkKeys()
    env = prep.env("take_home", lang, SANS)
    story: list[Block] = [
        keys.mark(compose.text(env, "title")[1] if compose.text(env, "title") else "")
    ]
    if title := papers.line(env, "title"):
        story.append(Para("title", title))
    for key in ("subtitle", "case_line"):
        if text := papers.line(env, key):
            story.append(Para("center", text))
    story.append(render.gap(10))
    story += render.parts(compose.compose(env))
    if privacy := papers.line(env, "privacy"):
        story += [render.gap(8), Para("small", privacy)]
    return story


def _pdf(story: list[Block], styles, frame: Frame_, title: str, subject: str) -> bytes:
    return render_pdf(story, styles, frame, title, subject)[0]


def render_pdf(
    story: list[Block], styles, frame: Frame_, title: str, subject: str
) -> tuple[bytes, dict]:
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
    doc.build(flowables(story, styles))
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
    pdf, placements = render_pdf(
        story, letter_styles(), frame, title, "Humanitarian release request packet"
    )
    if not numbering.sources:
        out.write(pdf)
        return len(pdf)
    sources = [Source(d.kind, d.media_type, d.open) for d in numbering.sources]
    return bind(pdf, placements, sources, out)


def build_packet(inputs: PacketInputs) -> bytes:
    """The packet for ICE (letter, index, exhibits) as PDF bytes; nothing counsel-only."""
    buffer = io.BytesIO()
    write_packet(inputs, buffer)
    return buffer.getvalue()


def build_counsel_review(inputs: PacketInputs) -> bytes:
    """Counsel's review of the case, privileged on every page, as PDF bytes."""
    frame = Frame_(PAGE_WORDS["en"], None, banner=PRIVILEGED)
    return _pdf(counsel_review_story(inputs), letter_styles(), frame, REVIEW_TITLE, REVIEW_TITLE)


def build_physician_letters(inputs: PacketInputs) -> bytes | None:
    """The clinic's letters to the sick children's physicians, or None when there are none."""
    story = physician_letters_story(inputs)
    if not story:
        return None
    frame = Frame_(PAGE_WORDS["en"], None if inputs.reviewed else WATERMARK)
    return _pdf(story, compact_letter_styles(), frame, PHYSICIAN_TITLE, PHYSICIAN_TITLE)


def build_take_home(inputs: PacketInputs) -> bytes:
    """The family's take-home sheet in the interview language, as PDF bytes."""
    lang = inputs.interview_language
    frame = Frame_(PAGE_WORDS.get(lang, PAGE_WORDS["en"]), None, SANS)
    title = TAKE_HOME_TITLES.get(lang, TAKE_HOME_TITLES["en"])
    return _pdf(take_home_story(inputs), family_styles(), frame, title, title)


# --- the same documents as Word drafts counsel can edit --------------------------------------


def build_packet_docx(inputs: PacketInputs) -> bytes:
    """The packet for ICE as an editable draft: letter, index, tab covers, declarations,
    sponsor letter and certificates (attached documents are listed, not bound)."""
    mark = None if inputs.reviewed else WATERMARK
    title = PACKET_TITLE if inputs.reviewed else PACKET_DRAFT_TITLE
    return docx_bytes(packet_story(inputs), title, PAGE_WORDS["en"], mark, inputs.today)


def build_counsel_review_docx(inputs: PacketInputs) -> bytes:
    return docx_bytes(
        counsel_review_story(inputs), REVIEW_TITLE, PAGE_WORDS["en"], PRIVILEGED, inputs.today
    )


def build_physician_letters_docx(inputs: PacketInputs) -> bytes | None:
    story = physician_letters_story(inputs)
    if not story:
        return None
    mark = None if inputs.reviewed else WATERMARK
    return docx_bytes(story, PHYSICIAN_TITLE, PAGE_WORDS["en"], mark, inputs.today)


def build_take_home_docx(inputs: PacketInputs) -> bytes:
    lang = inputs.interview_language
    title = TAKE_HOME_TITLES.get(lang, TAKE_HOME_TITLES["en"])
    words = PAGE_WORDS.get(lang, PAGE_WORDS["en"])
    return docx_bytes(take_home_story(inputs), title, words, None, inputs.today)
