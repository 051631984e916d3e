"""Content blocks → a Word document counsel can finish: real headings, numbered paragraphs,
bulleted lists, exhibit references as plain text. Built in memory; nothing touches the disk."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from html.parser import HTMLParser

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt, RGBColor
from docx.text.paragraph import Paragraph

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

FONT = "Times New Roman"
_SPACES = re.compile("\xa0{2,}")
_LEFT, _CENTER, _JUSTIFY = (
    WD_ALIGN_PARAGRAPH.LEFT,
    WD_ALIGN_PARAGRAPH.CENTER,
    WD_ALIGN_PARAGRAPH.JUSTIFY,
)


@dataclass(frozen=True)
class _Look:
    """How a content style reads in Word: its Word style and its direct formatting."""

    word_style: str = "Normal"
    align: WD_ALIGN_PARAGRAPH = _LEFT
    bold: bool = False
    size: float | None = None
    after: float = 8
    indent: float = 0  # inches
    hanging: float = 0  # inches


_LOOKS: dict[str, _Look] = {
    "title": _Look("Heading 1", _CENTER),
    "heading": _Look("Heading 2"),
    "subheading": _Look("Heading 3"),
    "body": _Look(align=_JUSTIFY),
    "left": _Look(),
    "center": _Look(align=_CENTER),
    "tight": _Look(after=0),
    "list": _Look("List Bullet", after=4),
    "numbered": _Look(align=_JUSTIFY, indent=0.5, hanging=0.5),
    "signature": _Look(after=0),
    "small": _Look(size=9),
    "note": _Look(size=9),
    "letterhead": _Look(align=_CENTER, bold=True, size=14, after=0),
    "letterhead_line": _Look(align=_CENTER, size=9, after=0),
    "re": _Look(bold=True, after=0, indent=0.75, hanging=0.75),
    "exhibit": _Look(align=_CENTER, bold=True, size=28),
    "exhibit_title": _Look(align=_CENTER, bold=True, size=14),
    "index": _Look(indent=0.5, hanging=0.5, after=4),
    "index_document": _Look(size=10, indent=0.75, after=2),
}


class _Runs(HTMLParser):
    """The composed markup (<b>, <i>, <font color=…>, <br/>, entities) as Word runs."""

    def __init__(self, paragraph: Paragraph, bold: bool, size: float | None) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraph = paragraph
        self.bold = [bold]
        self.italic = [False]
        self.color: list[str | None] = [None]
        self.size = size

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            self.paragraph.add_run().add_break()
        elif tag == "b":
            self.bold.append(True)
        elif tag == "i":
            self.italic.append(True)
        elif tag == "font":
            self.color.append(dict(attrs).get("color") or self.color[-1])

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        stack = {"b": self.bold, "i": self.italic, "font": self.color}.get(tag)
        if stack is not None and len(stack) > 1:
            stack.pop()

    def handle_data(self, data: str) -> None:
        if not data:
            return
        # The PDF's run of non-breaking spaces after a tab letter is a tab in Word.
        run = self.paragraph.add_run(_SPACES.sub("\t", data))
        run.bold = self.bold[-1] or None
        run.italic = self.italic[-1] or None
        if self.size:
            run.font.size = Pt(self.size)
        color = self.color[-1]
        if color and color.startswith("#") and len(color) == 7:
            run.font.color.rgb = RGBColor.from_string(color[1:].upper())


class _Writer:
    def __init__(self, doc: DocxDocument) -> None:
        self.doc = doc
        self.space_before = 0.0
        self.page_break = False
        self.first = True

    def blocks(self, blocks: Iterable[Block], keep: bool = False) -> None:
        items = list(blocks)
        for n, block in enumerate(items):
            self.block(block, keep and n < len(items) - 1)

    def block(self, block: Block, keep_with_next: bool = False) -> None:
        if isinstance(block, (Para, Heading)):
            self.paragraph(block, keep_with_next)
        elif isinstance(block, Gap):
            self.space_before += block.points
        elif isinstance(block, Break):
            self.page_break = not self.first
        elif isinstance(block, Together):
            self.blocks(block.blocks, keep=True)
        elif isinstance(block, Rule):
            self.space_before += 6
        elif isinstance(block, (Header, Mark, PdfOnly)):
            return  # page furniture and attached pages: the PDF's, not the draft's
        else:
            raise TypeError(f"not a content block: {type(block).__name__}")

    def paragraph(self, block: Para | Heading, keep_with_next: bool) -> None:
        look = _LOOKS.get(block.style, _Look())
        paragraph = self.doc.add_paragraph(style=look.word_style)
        fmt = paragraph.paragraph_format
        fmt.alignment = look.align
        fmt.space_after = Pt(look.after)
        if look.indent:
            fmt.left_indent = Inches(look.indent)
        lead = getattr(block, "bullet", None) if block.style != "list" else None
        prefix = "\t".join(p for p in (lead, block.label) if p)
        if look.hanging and (prefix or _SPACES.search(block.markup)):
            # Only a line that starts with a tab letter or number hangs ("A  Form G-28").
            fmt.first_line_indent = Inches(-look.hanging)
        if self.space_before:
            fmt.space_before = Pt(min(self.space_before, 160))
            self.space_before = 0.0
        if self.page_break:
            fmt.page_break_before = True
            self.page_break = False
        if keep_with_next or isinstance(block, Heading):
            fmt.keep_with_next = True
        if prefix:
            paragraph.add_run(prefix + "\t").bold = look.bold or None
        runs = _Runs(paragraph, look.bold, look.size)
        runs.feed(block.markup)
        runs.close()
        self.first = False


def _styles(doc: DocxDocument) -> None:
    """Court-paper looks: Times 12, black headings without the template's colours."""
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(12)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    for name, size in (("Heading 1", 13), ("Heading 2", 12), ("Heading 3", 12)):
        style = doc.styles[name]
        style.font.name = FONT
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.italic = False
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.element.rPr.rFonts.set(qn("w:asciiTheme"), "")
    for section in doc.sections:
        section.left_margin = section.right_margin = Inches(1)
        section.top_margin = section.bottom_margin = Inches(1)


def _page_numbers(doc: DocxDocument, words: tuple[str, str], mark: str | None) -> None:
    """ "Page 3 of 12" in the footer (Word fields), and the draft mark in the header."""
    section = doc.sections[0]
    footer = section.footer.paragraphs[0]
    footer.alignment = _CENTER
    footer.add_run(f"{words[0]} ")
    _field(footer, "PAGE")
    footer.add_run(f" {words[1]} ")
    _field(footer, "NUMPAGES")
    if mark:
        header = section.header.paragraphs[0]
        header.alignment = _CENTER
        run = header.add_run(mark.upper())
        run.bold = True
        run.font.color.rgb = RGBColor(0x8A, 0x1C, 0x1C)


def _field(paragraph: Paragraph, code: str) -> None:
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = code
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.extend([begin, text, end])


def docx_bytes(
    blocks: Iterable[Block],
    title: str,
    page_words: tuple[str, str] = ("Page", "of"),
    mark: str | None = None,
    when: dt.date | None = None,
) -> bytes:
    """The blocks as a .docx file's bytes. Its properties name no client: a title, "Amparo"."""
    doc = Document()
    _styles(doc)
    _page_numbers(doc, page_words, mark)
    _Writer(doc).blocks(blocks)
    props = doc.core_properties
    props.title = title
    props.author = props.last_modified_by = "Amparo"
    props.subject = props.keywords = props.comments = props.category = ""
    # The letter's own date, not the clock's: builds of one case on one day are alike.
    moment = dt.datetime.combine(when or dt.date.today(), dt.time(12))
    props.created = props.modified = props.last_printed = moment
    props.revision = 1
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
