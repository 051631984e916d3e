"""The other roads out of detention, each its own document for its own reader: a bond motion
for the immigration court, a medical-care request to the facility, a stay of removal, the
parental accommodation request, a referral to class counsel. A paragraph file with an
`output:` block is a road; its `when` says which custody postures it serves."""

from __future__ import annotations

from dataclasses import dataclass

from intake_app.analysis.conditions import evaluate
from intake_app.domain.errors import RoadClosed, UnknownRoad
from intake_app.packet import compose, papers, render
from intake_app.packet.build import (
    ENCLOSED_STATUSES,
    PAGE_WORDS,
    WATERMARK,
    BookmarkKeys,
    generated_blocks,
    prepare,
    render_pdf,
)
from intake_app.packet.content import Block, Break, Header, Para, Together, signed
from intake_app.packet.context import Env
from intake_app.packet.docx_render import docx_bytes
from intake_app.packet.inputs import PacketInputs
from intake_app.packet.layout import Frame_
from intake_app.packet.letter import letterhead, signature
from intake_app.packet.model import BlockDoc, OutputSpec
from intake_app.packet.plan import MISSING, PlannedExhibit, relettered
from intake_app.packet.prepared import Prepared
from intake_app.packet.styles import letter_styles

INCH = 72.0


@dataclass(frozen=True)
class Road:
    """One road for one case: whether it fits, and what its draft still lacks."""

    id: str
    spec: OutputSpec
    available: bool
    points: tuple[str, ...] = ()  # what counsel must still write or choose
    missing: tuple[str, ...] = ()  # exhibits still missing, by title

    def title(self, lang: str) -> str:
        return self.spec.title.get(lang) or self.spec.title["en"]

    def audience(self, lang: str) -> str:
        return self.spec.audience.get(lang) or self.spec.audience["en"]

    def why_not(self, lang: str) -> str:
        return self.spec.unavailable.get(lang) or self.spec.unavailable["en"]


def road_ids(docs: dict[str, BlockDoc]) -> list[str]:
    """The roads, in file order."""
    return [doc_id for doc_id, doc in sorted(docs.items()) if doc.output is not None]


def roads(inputs: PacketInputs) -> list[Road]:
    """Every road for this case: those that fit its posture, with what each still lacks, and
    those that do not, with why."""
    prep = prepare(inputs)
    out = []
    for doc_id in road_ids(prep.docs):
        spec = prep.docs[doc_id].output
        assert spec is not None
        env = prep.env(doc_id)
        if spec.when is not None and not evaluate(spec.when, env.ctx):
            out.append(Road(doc_id, spec, False))
            continue
        fresh = prepare(inputs)
        planned = _plan(fresh, spec)
        before = len(fresh.facts.points)
        compose.compose(fresh.env(doc_id))
        points = tuple(fresh.facts.points[before:])
        missing = tuple(papers._exhibit_title_plain(fresh.env("exhibits"), p) for p in planned)
        missing = tuple(m for m, p in zip(missing, planned, strict=True) if p.status == MISSING)
        out.append(Road(doc_id, spec, True, points, missing))
    return out


def _plan(prep: Prepared, spec: OutputSpec) -> list[PlannedExhibit]:
    """The road's own exhibits: the packet's tabs it names, in its order, lettered A, B, …"""
    by_id = {p.spec.id: p for p in prep.planned}
    planned = relettered([by_id[e] for e in spec.exhibits if e in by_id])
    enclosed = frozenset(p.spec.id for p in planned if p.status in ENCLOSED_STATUSES)
    prep.facts.set_plan({p.spec.id: p.letter for p in planned}, enclosed)
    if planned:
        first, last = planned[0].letter, planned[-1].letter
        prep.facts.base["exhibit_range"] = first if first == last else f"{first}–{last}"
    else:
        prep.facts.base["exhibit_range"] = None
    return planned


def _open(inputs: PacketInputs, road_id: str) -> tuple[Prepared, OutputSpec, list]:
    prep = prepare(inputs)
    doc = prep.docs.get(road_id)
    if doc is None or doc.output is None:
        raise UnknownRoad(road_id)
    spec = doc.output
    if spec.when is not None and not evaluate(spec.when, prep.env(road_id).ctx):
        raise RoadClosed(spec.unavailable["en"])
    return prep, spec, _plan(prep, spec)


def road_story(inputs: PacketInputs, road_id: str) -> list[Block]:
    """The road's document as content: its frame, its sections, its own exhibit index."""
    prep, spec, planned = _open(inputs, road_id)
    env = prep.env(road_id)
    keys = BookmarkKeys()
    story: list[Block] = [keys.mark(spec.title["en"])]
    frames = {"court_motion": _court_motion, "letter": _letter, "sheet": _sheet}
    story += frames[spec.frame](env)
    if planned:
        story += [Break(), keys.mark("Index of exhibits")]
        story += _index(env, prep.env("exhibits"), planned)
    # The documents Amparo drafts for a tab (a declaration, a sponsor letter) follow the index,
    # each under its letter for this road.
    for ex in planned:
        drafted = generated_blocks(prep, ex)
        if drafted:
            story += [keys.mark(f"Exhibit {ex.letter}", 1), *drafted]
    return story


def build_road(inputs: PacketInputs, road_id: str) -> bytes:
    """The road's document as PDF bytes, in memory."""
    story = road_story(inputs, road_id)
    frame = Frame_(PAGE_WORDS["en"], None if inputs.reviewed else WATERMARK)
    title = f"{_spec(inputs, road_id).title['en']} — Amparo"
    return render_pdf(story, letter_styles(), frame, title, title)[0]


def build_road_docx(inputs: PacketInputs, road_id: str) -> bytes:
    """The road's document as a Word draft counsel edits."""
    story = road_story(inputs, road_id)
    mark = None if inputs.reviewed else WATERMARK
    title = f"{_spec(inputs, road_id).title['en']} — Amparo"
    return docx_bytes(story, title, PAGE_WORDS["en"], mark, inputs.today)


def _spec(inputs: PacketInputs, road_id: str) -> OutputSpec:
    spec = prepare(inputs).docs[road_id].output
    assert spec is not None
    return spec


# --- frames ------------------------------------------------------------------------------


def _lines(env: Env, prefix: str, style: str) -> list[Block]:
    """Texts `<prefix>_1`, `<prefix>_2`, … that have something to say, as paragraphs."""
    out: list[Block] = []
    for n in range(1, 10):
        if (text := papers.line(env, f"{prefix}_{n}")) is not None:
            out.append(Para(style, text))
    return out


def _header(env: Env) -> Header:
    header = compose.text(env, "running_header")
    return Header(header[1] if header else None)


def _body_and_after(env: Env) -> tuple[list[Block], list[Block]]:
    """The document's sections, then those that go on pages of their own after the signature
    (a proposed order, a certificate of service): sections whose id starts with `after_`."""
    parts = compose.compose(env)
    body = render.parts([p for p in parts if not p.id.startswith("after_")])
    after: list[Block] = []
    for part in parts:
        if not part.id.startswith("after_"):
            continue
        title = [Para("title", (part.heading or "").upper())] if part.heading else []
        plain = type(part)(part.id, None, None, part.pieces, None)
        after += [Break(), *title, *render.parts([plain])]
    return body, after


def _court_motion(env: Env) -> list[Block]:
    """A filing in immigration court: caption, title, body, signature, then its own pages."""
    story: list[Block] = [*_lines(env, "court", "letterhead_line"), render.gap(12)]
    matter = _lines(env, "matter", "tight")
    docket = _lines(env, "docket", "tight")
    story += [Together(tuple(matter)), render.gap(8), *docket, render.gap(14)]
    story.append(_header(env))
    if (title := papers.line(env, "title")) is not None:
        story.append(Para("title", title))
    body, after = _body_and_after(env)
    story += signed(body, [render.gap(6), *signature(env)])
    return story + after


def _letter(env: Env) -> list[Block]:
    """A letter: letterhead, date, addressee, Re lines, salutation, body, signature."""
    story: list[Block] = [*letterhead(env), _header(env)]
    story.append(Para("left", env.scope["today"]))
    story += [render.gap(6), *_lines(env, "to", "tight"), render.gap(14)]
    texts = [papers.line(env, f"re_{k}") for k in range(1, 8)]
    re_lines = [
        Para("re", text, bullet="Re:" if n == 0 else None)
        for n, text in enumerate(t for t in texts if t)
    ]
    if re_lines:
        story += [Together(tuple(re_lines)), render.gap(14)]
    salutation = papers.line(env, "salutation_officer") or papers.line(env, "salutation")
    if salutation is not None:
        story.append(Para("left", salutation))
    body, after = _body_and_after(env)
    story += signed(body, [render.gap(6), *signature(env)])
    one = len(env.facts.letters) == 1 and "enclosures_one" in env.doc.texts
    if (enclosures := papers.line(env, "enclosures_one" if one else "enclosures")) and (
        env.facts.letters
    ):
        story += [render.gap(18), Para("small", enclosures)]
    return story + after


def _sheet(env: Env) -> list[Block]:
    """A fact sheet for another lawyer: title, who prepared it, facts under headings."""
    story: list[Block] = [_header(env), *papers.title_block(env)]
    story += _lines(env, "from", "tight")
    story.append(render.gap(10))
    story += render.parts(compose.compose(env), heading_style="subheading")
    return story


def _index(env: Env, exhibits_env: Env, planned: list[PlannedExhibit]) -> list[Block]:
    """The road's own index of exhibits, lettered for it; drafts say what each still lacks."""
    draft = not env.facts.inputs.reviewed
    title = papers.line(env, "index_title") or papers.line(exhibits_env, "index_title") or ""
    out: list[Block] = [Para("title", title.upper())]
    if intro := papers.line(env, "index_intro"):
        out += [Para("center", intro), render.gap(12)]
    for ex in planned:
        text = (
            f"<b>{ex.letter}</b>&nbsp;&nbsp;&nbsp;&nbsp;{papers._exhibit_title(exhibits_env, ex)}"
        )
        if draft:
            status = papers._index_status(exhibits_env, ex)
            text += f'<br/><font size="9" color="#8a1c1c">{status}</font>'
        out.append(Para("index", text))
        out += [
            Para("index_document", papers.document_line(exhibits_env, ex, n, draft))
            for n in range(len(ex.documents))
        ]
    return out
