"""Composed parts → ReportLab flowables: headings, paragraphs, lists and numbered paragraphs."""

from __future__ import annotations

from collections.abc import Iterable

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import CondPageBreak, Flowable, Paragraph, Spacer

from intake_app.packet.compose import ROMAN, Part


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
    items: Iterable[Part],
    styles: dict[str, ParagraphStyle],
    counter: Counter | None = None,
    heading_style: str = "heading",
) -> list[Flowable]:
    """Flowables for composed sections, in order; headings stay with their first paragraph."""
    counter = counter or Counter()
    out: list[Flowable] = []
    for part in items:
        body: list[Flowable] = []
        for piece in part.pieces:
            body += piece_flowables(piece.style, piece.items, styles, counter)
        if part.heading:
            label = f"{roman(part.number)}.&nbsp;&nbsp;" if part.number else ""
            # A heading never ends a page: it moves on when less than an inch is left.
            out += [CondPageBreak(inch), Paragraph(label + part.heading, styles[heading_style])]
            out += body
        else:
            out += body
    return out


def piece_flowables(
    style: str, items: tuple[str, ...], styles: dict[str, ParagraphStyle], counter: Counter
) -> list[Flowable]:
    if style == "list":
        return [Paragraph(item, styles["list"], bulletText="•") for item in items]
    if style == "numbered":
        return [
            Paragraph(f"{counter.next()}.&nbsp;&nbsp;{item}", styles["numbered"]) for item in items
        ]
    if style == "lines":
        return [Paragraph(item, styles["tight"]) for item in items]
    if style == "plain":
        return [Paragraph(item, styles["left"]) for item in items]
    return [Paragraph(item, styles["body"]) for item in items]


def gap(points: float) -> Spacer:
    return Spacer(1, points)
