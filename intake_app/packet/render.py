"""Composed parts → content blocks: headings, paragraphs, lists and numbered paragraphs."""

from __future__ import annotations

from collections.abc import Iterable

from intake_app.packet.compose import ROMAN, Part
from intake_app.packet.content import Block, Gap, Heading, Para


class Counter:
    """Numbers the numbered paragraphs of one document (a declaration's 1., 2., …)."""

    def __init__(self) -> None:
        self.value = 0

    def next(self) -> int:
        self.value += 1
        return self.value


def roman(number: int) -> str:
    return ROMAN[number - 1] if number <= len(ROMAN) else str(number)


def parts(
    items: Iterable[Part], counter: Counter | None = None, heading_style: str = "heading"
) -> list[Block]:
    """Blocks for composed sections, in order; headings stay with their first paragraph."""
    counter = counter or Counter()
    out: list[Block] = []
    for part in items:
        if part.heading:
            label = f"{roman(part.number)}." if part.number else None
            out.append(Heading(heading_style, part.heading, label))
        for piece in part.pieces:
            out += piece_blocks(piece.style, piece.items, counter)
    return out


def piece_blocks(style: str, items: tuple[str, ...], counter: Counter) -> list[Block]:
    if style == "list":
        return [Para("list", item, bullet="•") for item in items]
    if style == "numbered":
        return [Para("numbered", item, label=f"{counter.next()}.") for item in items]
    if style == "lines":
        return [Para("tight", item) for item in items]
    if style == "plain":
        return [Para("left", item) for item in items]
    return [Para("body", item) for item in items]


def gap(points: float) -> Gap:
    return Gap(points)
