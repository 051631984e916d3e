"""Content blocks → ReportLab flowables, in a document's paragraph styles."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    HRFlowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    Spacer,
)

from intake_app.packet.content import (
    Block,
    Break,
    Gap,
    Header,
    Heading,
    Mark,
    Para,
    PdfOnly,
    Rule,
    Together,
)
from intake_app.packet.layout import Bookmark, RunningHeader

Styles = dict[str, ParagraphStyle]


def _labelled(markup: str, label: str | None) -> str:
    return f"{label}&nbsp;&nbsp;{markup}" if label else markup


def flowables(blocks: Iterable[Block], styles: Styles) -> list[Flowable]:
    out: list[Flowable] = []
    for block in blocks:
        out += _flowable(block, styles)
    return out


KEEP_WITH_NEXT_LIMIT = 600  # characters of markup; a title or signature line is far shorter


def _kept(style, text: str):
    """The style, without "keep with next" for a paragraph too long to be a title or a
    signature line (an answer of thousands of characters there): ReportLab keeps such a
    paragraph with the next by wrapping both together, and when together they are taller than a
    page it tries again on every page, without end."""
    if not getattr(style, "keepWithNext", 0) or len(text) <= KEEP_WITH_NEXT_LIMIT:
        return style
    return _loose(style)


@lru_cache(maxsize=64)
def _loose(style):
    from copy import copy

    loose = copy(style)
    loose.keepWithNext = 0
    return loose


def _flowable(block: Block, styles: Styles) -> list[Flowable]:
    if isinstance(block, Para):
        text = _labelled(block.markup, block.label)
        return [Paragraph(text, _kept(styles[block.style], text), bulletText=block.bullet)]
    if isinstance(block, Heading):
        # A heading never ends a page: it moves on when less than an inch is left.
        text = _labelled(block.markup, block.label)
        return [CondPageBreak(inch), Paragraph(text, styles[block.style])]
    if isinstance(block, Gap):
        return [Spacer(1, block.points)]
    if isinstance(block, Break):
        return [PageBreak()]
    if isinstance(block, Rule):
        return [
            HRFlowable(width="100%", thickness=0.8, color="#333333", spaceBefore=6, spaceAfter=14)
        ]
    if isinstance(block, Together):
        return [KeepTogether(flowables(block.blocks, styles))]
    if isinstance(block, Header):
        return [RunningHeader(block.text, skip_this_page=block.skip)]
    if isinstance(block, Mark):
        return [Bookmark(block.title, block.key, block.level)]
    if isinstance(block, PdfOnly):
        return list(block.flowables)
    raise TypeError(f"not a content block: {type(block).__name__}")
