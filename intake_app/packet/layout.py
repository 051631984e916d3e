"""Page frame: US Letter, 1-inch margins, running header, 'Page X of Y', watermark, bookmarks."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from reportlab.lib.pagesizes import LETTER
from reportlab.lib.units import inch
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from intake_app.packet.fonts import SERIF, register_fonts

PAGE_WIDTH, PAGE_HEIGHT = LETTER
MARGIN = inch
FRAME_WIDTH = PAGE_WIDTH - 2 * MARGIN
_TOTAL_FORM = "amparoPageTotal"


@dataclass(frozen=True)
class Frame_:
    """What every page shows around the text: footer words and the draft watermark."""

    page_words: tuple[str, str] = ("Page", "of")  # "Page 2 of 17" / "Página 2 de 17"
    watermark: str | None = None
    footer_font: str = SERIF
    # A line across the top of every page, above the running header (counsel's privileged
    # review: "PRIVILEGED AND CONFIDENTIAL — …").
    banner: str | None = None


class PacketDoc(BaseDocTemplate):
    """A document whose pages carry a running header, 'Page X of Y' and, on drafts, a watermark."""

    def __init__(self, buffer: Any, frame: Frame_, **meta: Any) -> None:
        register_fonts()
        super().__init__(
            buffer,
            pagesize=LETTER,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN,
            bottomMargin=MARGIN,
            **meta,
        )
        self.page_frame = frame
        self.header: str | None = None
        self.header_skip_page = 0
        self.forms: dict[tuple[str, str], str] = {}
        # Pages that hold an attached document's page: page number → what goes there, and the
        # stamp printed above it ("Exhibit C-2 — page 1 of 3").
        self.placements: dict[int, Any] = {}
        self.stamps: dict[int, str] = {}
        body = Frame(MARGIN, MARGIN, FRAME_WIDTH, PAGE_HEIGHT - 2 * MARGIN, id="body")
        self.addPageTemplates([PageTemplate("page", [body], onPageEnd=self._decorate)])

    def build(self, flowables: list, **kw: Any) -> None:
        """As BaseDocTemplate.build, on canvases whose starting font is an embedded one: the
        default (Helvetica) would be named in every page's resources without being embedded."""
        font = self.page_frame.footer_font

        def canvas(*args: Any, **kwargs: Any) -> Canvas:
            kwargs["initialFontName"] = font
            return Canvas(*args, **kwargs)

        super().build(flowables, canvasmaker=canvas, **kw)

    def _decorate(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        frame = self.page_frame
        page = canv.getPageNumber()
        canv.saveState()
        if frame.banner:
            canv.setFont(f"{frame.footer_font}-Bold", 8.5)
            canv.setFillColorRGB(0.55, 0.1, 0.1)
            canv.drawCentredString(PAGE_WIDTH / 2, PAGE_HEIGHT - 0.42 * inch, frame.banner)
            canv.setFillGray(0)
        if self.header and page != self.header_skip_page:
            self._once(canv, ("header", self.header), lambda: _header(canv, self.header))
        canv.setFont(frame.footer_font, 9)
        canv.setFillGray(0.25)
        words = f"{frame.page_words[0]} {page} {frame.page_words[1]} "
        # The total is a form drawn once the last page is known, so one pass is enough.
        width = canv.stringWidth(words, frame.footer_font, 9) + canv.stringWidth(
            "00", frame.footer_font, 9
        )
        x = (PAGE_WIDTH - width) / 2
        canv.drawString(x, 0.55 * inch, words)
        canv.translate(x + canv.stringWidth(words, frame.footer_font, 9), 0.55 * inch)
        canv.doForm(_TOTAL_FORM)
        canv.restoreState()
        if stamp := self.stamps.get(page):
            canv.saveState()
            canv.setFont(frame.footer_font, 9)
            canv.setFillGray(0.2)
            canv.drawRightString(PAGE_WIDTH - MARGIN / 2, PAGE_HEIGHT - 0.45 * inch, stamp)
            canv.restoreState()
        if frame.watermark:
            # Transparency is set on the page, not inside the form: a form's own resources
            # would not carry the ExtGState, and strict readers would then draw it opaque.
            canv.saveState()
            canv.setFillAlpha(WATERMARK_ALPHA)
            self._once(
                canv, ("watermark", frame.watermark), lambda: _watermark(canv, frame.watermark)
            )
            canv.restoreState()

    def _once(self, canv: Canvas, key: tuple[str, str], draw) -> None:
        """Draw what repeats on many pages as one form, defined the first time it is needed."""
        name = self.forms.get(key)
        if name is None:
            name = self.forms[key] = f"amparoForm{len(self.forms)}"
            canv.beginForm(name)
            draw()
            canv.endForm()
        canv.doForm(name)

    def _endBuild(self) -> None:
        self._doSave = 0
        super()._endBuild()
        canv = self.canv
        canv.beginForm(_TOTAL_FORM)
        canv.setFont(self.page_frame.footer_font, 9)
        canv.setFillGray(0.25)
        canv.drawString(0, 0, str(self.page))
        canv.endForm()
        canv.save()


def _header(canv: Canvas, text: str) -> None:
    canv.setFont(SERIF, 8.5)
    canv.setFillGray(0.35)
    canv.drawString(MARGIN, PAGE_HEIGHT - 0.6 * inch, text)


WATERMARK_ALPHA = 0.16


def _watermark(canv: Canvas, text: str) -> None:
    # The letter's own bold face: a font the page already embeds costs nothing more.
    font = f"{SERIF}-Bold"
    size = _watermark_size(text, font)
    canv.saveState()
    canv.setFillColorRGB(0.75, 0.1, 0.1)
    canv.setFont(font, size)
    canv.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
    canv.rotate(54)
    canv.drawCentredString(0, -size / 3, text)
    canv.restoreState()


@lru_cache(maxsize=8)
def _watermark_size(text: str, font: str) -> int:
    size = 40
    while stringWidth(text, font, size) > PAGE_HEIGHT * 0.95 and size > 20:
        size -= 2
    return size


class Bookmark(Flowable):
    """An outline entry pointing at where it stands in the flow."""

    def __init__(self, title: str, key: str, level: int = 0) -> None:
        super().__init__()
        self.title = title
        self.key = key
        self.level = level
        self.width = self.height = 0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        canv = self.canv
        canv.bookmarkPage(self.key)
        canv.addOutlineEntry(self.title, self.key, level=self.level, closed=self.level > 0)


class RunningHeader(Flowable):
    """Sets the header printed at the top of the pages that follow (not on this page)."""

    def __init__(self, text: str | None, skip_this_page: bool = True) -> None:
        super().__init__()
        self.text = text
        self.skip = skip_this_page
        self.width = self.height = 0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        doc = self.canv._doctemplate
        doc.header = self.text
        if self.skip:
            doc.header_skip_page = self.canv.getPageNumber()
