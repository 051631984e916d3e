"""Paragraph styles: a law office's letter (serif, 12 pt) and the family's sheet (sans, larger)."""

from __future__ import annotations

from functools import cache

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT
from reportlab.lib.styles import ParagraphStyle

from intake_app.packet.fonts import SANS, SERIF, register_fonts


@cache
def letter_styles() -> dict[str, ParagraphStyle]:
    """Styles of everything sent to ICE and of the counsel's papers."""
    register_fonts()
    body = ParagraphStyle(
        "body",
        fontName=SERIF,
        fontSize=12,
        leading=15,
        alignment=TA_JUSTIFY,
        spaceAfter=9,
        bulletFontName=SERIF,
    )
    return _derive(body, SERIF)


@cache
def compact_letter_styles() -> dict[str, ParagraphStyle]:
    """The letter's styles at 11 pt, so a one-page letter to a physician stays on one page."""
    register_fonts()
    body = ParagraphStyle(
        "body",
        fontName=SERIF,
        fontSize=10.5,
        leading=13,
        alignment=TA_JUSTIFY,
        spaceAfter=6,
        bulletFontName=SERIF,
    )
    return _derive(body, SERIF)


@cache
def family_styles() -> dict[str, ParagraphStyle]:
    """Styles of the take-home sheet: plain sans text, larger, left-aligned."""
    register_fonts()
    body = ParagraphStyle(
        "body",
        fontName=SANS,
        fontSize=11.5,
        leading=15.5,
        alignment=TA_LEFT,
        spaceAfter=7,
        bulletFontName=SANS,
    )
    return _derive(body, SANS)


def _derive(body: ParagraphStyle, family: str) -> dict[str, ParagraphStyle]:
    bold = f"{family}-Bold"

    def like(name: str, **kw) -> ParagraphStyle:
        return ParagraphStyle(name, parent=body, **kw)

    return {
        "body": body,
        "left": like("left", alignment=TA_LEFT),
        "tight": like("tight", alignment=TA_LEFT, spaceAfter=0),
        "heading": like(
            "heading",
            fontName=bold,
            alignment=TA_LEFT,
            spaceBefore=8,
            spaceAfter=6,
        ),
        "subheading": like(
            "subheading",
            fontName=bold,
            fontSize=body.fontSize - 0.5,
            alignment=TA_LEFT,
            spaceBefore=4,
            spaceAfter=4,
        ),
        "title": like(
            "title",
            fontName=bold,
            fontSize=body.fontSize + 2,
            leading=body.leading + 3,
            alignment=TA_CENTER,
            spaceAfter=14,
            keepWithNext=1,
        ),
        "center": like("center", alignment=TA_CENTER),
        "list": like(
            "list",
            alignment=TA_LEFT,
            leftIndent=26,
            bulletIndent=10,
            spaceAfter=body.spaceAfter * 0.55,
        ),
        "numbered": like("numbered", firstLineIndent=36),
        "re": like(
            "re", fontName=bold, bulletFontName=bold, alignment=TA_LEFT, leftIndent=54, spaceAfter=0
        ),
        "re_label": like("re_label", fontName=bold, alignment=TA_LEFT, spaceAfter=0),
        "small": like("small", fontSize=9, leading=11.5, alignment=TA_LEFT, spaceAfter=3),
        "note": like(
            "note",
            fontSize=9.5,
            leading=12,
            alignment=TA_LEFT,
            textColor="#8a1c1c",
            spaceAfter=6,
        ),
        "letterhead": like(
            "letterhead",
            fontName=bold,
            fontSize=15,
            leading=18,
            alignment=TA_CENTER,
            spaceAfter=2,
        ),
        "letterhead_line": like(
            "letterhead_line",
            fontSize=9.5,
            leading=12,
            alignment=TA_CENTER,
            spaceAfter=0,
        ),
        "exhibit": like(
            "exhibit",
            fontName=bold,
            fontSize=40,
            leading=48,
            alignment=TA_CENTER,
            spaceAfter=24,
        ),
        "exhibit_title": like(
            "exhibit_title",
            fontName=bold,
            fontSize=15,
            leading=20,
            alignment=TA_CENTER,
            spaceAfter=14,
        ),
        "index": like("index", alignment=TA_LEFT, leftIndent=40, firstLineIndent=-40, spaceAfter=6),
        "index_document": like(
            "index_document",
            alignment=TA_LEFT,
            fontSize=10.5,
            leading=13,
            leftIndent=80,
            firstLineIndent=-40,
            spaceAfter=4,
        ),
        "signature": like("signature", alignment=TA_LEFT, spaceAfter=0, keepWithNext=1),
    }
