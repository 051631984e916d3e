"""The documents as content, before any format: paragraphs with their style names, headings,
gaps, page breaks, running headers and bookmarks. The PDF and DOCX renderers read the same
blocks, so both say the same words.

Text is the small markup the paragraph files compose to: `<b>`, `<i>`, `<font …>`, `<br/>` and
XML entities (answers are escaped).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Para:
    """A paragraph in a named style ("body", "left", "title", …); `bullet` hangs before it
    ("•", "Re:"); `label` starts it ("3.", "IV.")."""

    style: str
    markup: str
    bullet: str | None = None
    label: str | None = None


@dataclass(frozen=True)
class Heading:
    """A section heading; it never ends a page."""

    style: str
    markup: str
    label: str | None = None


@dataclass(frozen=True)
class Gap:
    """Vertical space, in points."""

    points: float


@dataclass(frozen=True)
class Break:
    """A new page."""


@dataclass(frozen=True)
class Rule:
    """A horizontal line under a letterhead."""


@dataclass(frozen=True)
class Together:
    """Blocks that stay on one page (a last paragraph and the signature under it)."""

    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Header:
    """The running header of the pages that follow (`skip`: not on this page)."""

    text: str | None
    skip: bool = True


@dataclass(frozen=True)
class Mark:
    """An outline entry (PDF bookmark) at this point."""

    title: str
    key: str
    level: int = 0


@dataclass(frozen=True)
class PdfOnly:
    """Pages only the PDF has: an attached document's own pages, bound in at this point (the
    DOCX lists the document in the index and on its tab's cover instead)."""

    flowables: tuple[Any, ...]


Block = Para | Heading | Gap | Break | Rule | Together | Header | Mark | PdfOnly


def signed(body: Sequence[Block], sign: Sequence[Block]) -> list[Block]:
    """The body with its last block kept on the page of the signature that follows it."""
    if not body:
        return [Together(tuple(sign))]
    return [*body[:-1], Together((body[-1], *sign))]


def plain_paragraphs(blocks: Sequence[Block]) -> list[Para | Heading]:
    """Every paragraph and heading, in order, kept-together blocks opened."""
    out: list[Para | Heading] = []
    for block in blocks:
        if isinstance(block, Together):
            out += plain_paragraphs(block.blocks)
        elif isinstance(block, (Para, Heading)):
            out.append(block)
    return out
