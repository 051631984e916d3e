"""Embedded fonts and safe markup: any text, in any script, renders and extracts as itself."""

from __future__ import annotations

import re
import threading
from functools import cache, lru_cache
from xml.sax.saxutils import escape

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

from intake_app.paths import resources_dir

SERIF = "AmparoSerif"
SANS = "AmparoSans"
SYMBOLS = "AmparoSymbols"

_FILES = {
    SERIF: "DejaVuSerif.ttf",
    f"{SERIF}-Bold": "DejaVuSerif-Bold.ttf",
    f"{SERIF}-Italic": "DejaVuSerif-Italic.ttf",
    f"{SERIF}-BoldItalic": "DejaVuSerif-BoldItalic.ttf",
    SANS: "DejaVuSans.ttf",
    f"{SANS}-Bold": "DejaVuSans-Bold.ttf",
    f"{SANS}-Oblique": "DejaVuSans-Oblique.ttf",
    f"{SANS}-BoldOblique": "DejaVuSans-BoldOblique.ttf",
    SYMBOLS: "Symbola.ttf",
}
_lock = threading.Lock()
# Hebrew, Arabic (with Syriac, Thaana, NKo) and their presentation forms.
_RTL = re.compile(
    "[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]"
    "(?:[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc \u00a0.,'\u2019\u05f3\u05f4-]*"
    "[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc])?"
)


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """ReportLab's ToUnicode CMap, but with UTF-16 surrogates for characters past U+FFFF.

    ReportLab writes `<1F642>` for an emoji, which readers reject, so the emoji vanished from
    extracted text; a PDF CMap wants the UTF-16 code units (`<D83DDE42>`).
    """

    def utf16(code: int) -> str:
        if code <= 0xFFFF:
            return f"{code:04X}"
        code -= 0x10000
        return f"{0xD800 + (code >> 10):04X}{0xDC00 + (code & 0x3FF):04X}"

    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo",
        f"<< /Registry ({fontname})",
        f"/Ordering ({fontname})",
        "/Supplement 0",
        ">> def",
        f"/CMapName /{fontname} def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>",
        "endcodespacerange",
        f"{len(subset)} beginbfchar",
        *(f"<{i:02X}> <{utf16(v)}>" for i, v in enumerate(subset)),
        "endbfchar",
        "endcmap",
        "CMapName currentdict /CMap defineresource pop",
        "end",
        "end",
    ]
    return "\n".join(lines)


@cache
def register_fonts() -> None:
    """Register the shipped fonts with ReportLab once per process."""
    ttfonts.makeToUnicodeCMap = _to_unicode_cmap
    folder = resources_dir() / "fonts"
    for name, filename in _FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(folder / filename)))
    for family, italic in ((SERIF, "Italic"), (SANS, "Oblique")):
        addMapping(family, 0, 0, family)
        addMapping(family, 1, 0, f"{family}-Bold")
        addMapping(family, 0, 1, f"{family}-{italic}")
        addMapping(family, 1, 1, f"{family}-Bold{italic}")
    # The symbol font has one face; bold or italic text falls back to it rather than failing.
    for bold in (0, 1):
        for italic in (0, 1):
            addMapping(SYMBOLS, bold, italic, SYMBOLS)


@cache
def _glyphs(font: str) -> dict[int, int]:
    register_fonts()
    return pdfmetrics.getFont(font).face.charToGlyph


@cache
def _chars(font: str) -> frozenset[str]:
    """The characters a font draws, as a set of one-character strings (fast subset tests)."""
    return frozenset(chr(code) for code in _glyphs(font))


@lru_cache(maxsize=2048)
def literal(text: str, base: str = SERIF) -> str:
    """`markup` for the paragraph files' own words, which recur in every build."""
    return markup(text, base)


def _font_for(code: int, base: str) -> str:
    if code in _glyphs(base):
        return base
    if code in _glyphs(SANS):
        return SANS
    symbols = _glyphs(SYMBOLS)
    if code not in symbols:
        # No shipped font draws it: give it the empty glyph of the symbol font, so it still
        # gets a code of its own and a ToUnicode entry, and extracts as itself.
        with _lock:
            symbols[code] = 0
    return SYMBOLS


_RTL_SPACE = "\u2005"  # a space drawn from the same font subset as the letters around it


def visual_order(text: str) -> str:
    """Right-to-left runs reversed into the order they are drawn, as PDF readers expect.

    Spaces inside a run become U+2005 so the run is drawn as one string: readers reverse each
    string they find, and a run split at its spaces would come back with its words swapped.
    """
    return _RTL.sub(
        lambda m: m.group(0).replace(" ", _RTL_SPACE).replace("\u00a0", _RTL_SPACE)[::-1], text
    )


def markup(text: str, base: str = SERIF) -> str:
    """`text` as Paragraph markup: escaped, with fallback fonts for glyphs `base` lacks."""
    # "§ 236(a)" never breaks across lines.
    text = text.replace("§ ", "§\u00a0").replace("§§ ", "§§\u00a0")
    if not text.isascii():
        text = visual_order(text)
    if text.isascii() or set(text) <= _chars(base):
        return escape(text)
    out: list[str] = []
    run: list[str] = []
    run_font = base
    for ch in text:
        if ch == _RTL_SPACE:
            font = run_font
        else:
            font = _font_for(ord(ch), base) if not ch.isascii() else base
        if font != run_font and run:
            out.append(_wrap("".join(run), run_font, base))
            run = []
        run_font = font
        run.append(ch)
    if run:
        out.append(_wrap("".join(run), run_font, base))
    return "".join(out)


def _wrap(text: str, font: str, base: str) -> str:
    if font == base:
        return escape(text)
    return f'<font face="{font}">{escape(text)}</font>'
