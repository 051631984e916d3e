"""Binding: the ReportLab pages with each exhibit's own pages set into their placeholders."""

from __future__ import annotations

import io
import logging
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import BinaryIO

from pypdf import PdfReader
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    EncodedStreamObject,
    FloatObject,
    NameObject,
    NumberObject,
    PdfObject,
    StreamObject,
    TextStringObject,
)

from intake_app.packet.pdfstream import ObjectCopier, StreamingPdfWriter, ref

log = logging.getLogger("intake_app.packet")
PAGE_W, PAGE_H = 612.0, 792.0
# Where an exhibit's page goes: inside the running header (top) and the page number (bottom).
AREA = (36.0, 58.0, PAGE_W - 72.0, PAGE_H - 58.0 - 58.0)
IMAGE_MAX_SIDE = 1900  # about 200 dpi over the area: sharp in print, not a 50 MB page
# Where a page cannot be read, the area is drawn crossed out, so the gap is seen, not hidden.
_UNREADABLE = (
    f"q 0.5 G 2 w {AREA[0]} {AREA[1]} {AREA[2]} {AREA[3]} re S "
    f"{AREA[0]} {AREA[1]} m {AREA[0] + AREA[2]} {AREA[1] + AREA[3]} l S "
    f"{AREA[0]} {AREA[1] + AREA[3]} m {AREA[0] + AREA[2]} {AREA[1]} l S Q"
).encode()


@dataclass(frozen=True)
class Placement:
    """A placeholder page of the frame: which document (index) and which of its pages."""

    document: int
    page: int


@dataclass(frozen=True)
class Source:
    """An exhibit's file: `open()` gives a seekable reader; kind is "pdf" or "image"."""

    kind: str
    media_type: str
    open: Callable[[], BinaryIO]


def matrix_for(box: tuple[float, float, float, float], rotate: int) -> list[float]:
    """The cm matrix that fits a page box (x0, y0, x1, y1), turned by /Rotate, into AREA."""
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    rotate %= 360
    # Turn the box about its lower-left corner, as a viewer shows it (clockwise).
    turns = {
        0: (1, 0, 0, 1, 0, 0),
        90: (0, -1, 1, 0, 0, w),
        180: (-1, 0, 0, -1, w, h),
        270: (0, 1, -1, 0, h, 0),
    }
    a, b, c, d, e, f = turns.get(rotate, turns[0])
    shown_w, shown_h = (h, w) if rotate in (90, 270) else (w, h)
    ax, ay, aw, ah = AREA
    scale = min(aw / shown_w, ah / shown_h, 1.0)
    tx = ax + (aw - shown_w * scale) / 2
    ty = ay + (ah - shown_h * scale) / 2
    # translate(-x0, -y0) · turn · scale · translate(tx, ty)
    e2 = -x0 * a - y0 * c + e
    f2 = -x0 * b - y0 * d + f
    return [a * scale, b * scale, c * scale, d * scale, e2 * scale + tx, f2 * scale + ty]


def _content_data(contents: PdfObject | None) -> tuple[bytes, PdfObject | None, PdfObject | None]:
    """A page's content as (data, /Filter, /DecodeParms); several streams are joined."""
    if contents is None:
        return b"", None, None
    contents = contents.get_object()
    if isinstance(contents, StreamObject):
        return contents._data, contents.get("/Filter"), contents.get("/DecodeParms")
    if isinstance(contents, ArrayObject):
        parts = [part.get_object().get_data() for part in contents]
        return zlib.compress(b"\n".join(parts)), NameObject("/FlateDecode"), None
    return b"", None, None


def _form(copier: ObjectCopier, page: DictionaryObject, box: list[float]) -> int:
    """The page as a Form XObject (its content and resources), written; returns its number."""
    data, filt, parms = _content_data(page.get("/Contents"))
    form = EncodedStreamObject() if filt is not None else DecodedStreamObject()
    form._data = data
    form[NameObject("/Type")] = NameObject("/XObject")
    form[NameObject("/Subtype")] = NameObject("/Form")
    form[NameObject("/BBox")] = ArrayObject(FloatObject(v) for v in box)
    form[NameObject("/Resources")] = copier.copy(page.get("/Resources")) or DictionaryObject()
    if filt is not None:
        form[NameObject("/Filter")] = copier.copy(filt)
    if parms is not None:
        form[NameObject("/DecodeParms")] = copier.copy(parms)
    number = copier.writer.add(form)
    copier.flush()
    return number


def _image(copier: ObjectCopier, source: Source) -> tuple[int, list[float]]:
    """An image exhibit as a JPEG image XObject fitted into AREA; its number and matrix."""
    from intake_app.evidence import TYPES, placed_jpeg
    from intake_app.evidence.images import DEFAULT_MAX_PIXELS

    with source.open() as fh:
        jpeg, width, height = placed_jpeg(
            fh, TYPES[source.media_type], DEFAULT_MAX_PIXELS, IMAGE_MAX_SIDE
        )
    gray = jpeg_is_gray(jpeg)
    image = EncodedStreamObject()
    image._data = jpeg
    image.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Image"),
            NameObject("/Width"): NumberObject(width),
            NameObject("/Height"): NumberObject(height),
            NameObject("/ColorSpace"): NameObject("/DeviceGray" if gray else "/DeviceRGB"),
            NameObject("/BitsPerComponent"): NumberObject(8),
            NameObject("/Filter"): NameObject("/DCTDecode"),
        }
    )
    ax, ay, aw, ah = AREA
    scale = min(aw / width, ah / height)
    w, h = width * scale, height * scale
    return copier.writer.add(image), [w, 0, 0, h, ax + (aw - w) / 2, ay + (ah - h) / 2]


def jpeg_is_gray(jpeg: bytes) -> bool:
    from PIL import Image

    with Image.open(io.BytesIO(jpeg)) as im:
        return im.mode == "L"


def _page(writer: StreamingPdfWriter, number: int, xobjects: dict[str, int], ops: bytes) -> None:
    content = DecodedStreamObject()
    content._data = ops
    resources = DictionaryObject(
        {
            NameObject("/XObject"): DictionaryObject(
                {NameObject(name): ref(n) for name, n in xobjects.items()}
            )
        }
    )
    page = DictionaryObject(
        {
            NameObject("/MediaBox"): ArrayObject(FloatObject(v) for v in (0, 0, PAGE_W, PAGE_H)),
            NameObject("/Resources"): resources,
            NameObject("/Contents"): ref(writer.add(content)),
        }
    )
    writer.add_page(number, page)


def _cm(m: list[float]) -> str:
    return " ".join(f"{v:.4f}" for v in m) + " cm"


class _Documents:
    """Opens one exhibit at a time; the previous one is closed, and its objects forgotten."""

    def __init__(self, sources: list[Source], writer: StreamingPdfWriter) -> None:
        self.sources = sources
        self.writer = writer
        self.current: int | None = None
        self.reader: PdfReader | None = None
        self.stream: BinaryIO | None = None
        self.copier: ObjectCopier | None = None

    def page(self, placement: Placement) -> tuple[int, list[float]]:
        source = self.sources[placement.document]
        if source.kind != "pdf":
            self.close()
            return _image(ObjectCopier(self.writer), source)
        if self.current != placement.document:
            self.close()
            self.stream = source.open()
            self.reader = PdfReader(self.stream, strict=False)
            self.copier = ObjectCopier(self.writer)
            self.current = placement.document
        assert self.reader is not None and self.copier is not None
        page = self.reader.pages[placement.page]
        box = [float(v) for v in page.cropbox]
        number = _form(self.copier, page, box)
        rotate = int(page.get("/Rotate", 0) or 0)
        # Only this page's objects were parsed; drop them (the copier remembers what it wrote).
        self.reader.resolved_objects.clear()
        return number, matrix_for(tuple(box), rotate)  # type: ignore[arg-type]

    def close(self) -> None:
        if self.stream is not None:
            self.stream.close()
        self.current = self.reader = self.stream = self.copier = None


def bind(
    frame_pdf: bytes,
    placements: Mapping[int, Placement],
    sources: list[Source],
    out: BinaryIO,
) -> int:
    """Write the packet: frame pages as they are, placeholders filled with exhibit pages.

    Returns the number of bytes written. Memory holds the frame (text pages, small), one
    exhibit page's objects and the cross-reference offsets, whatever the exhibits weigh.
    """
    frame = PdfReader(io.BytesIO(frame_pdf))
    writer = StreamingPdfWriter(out)
    numbers = [writer.alloc() for _ in frame.pages]
    premapped = {}
    for page, number in zip(frame.pages, numbers, strict=True):
        ind = page.indirect_reference
        if ind is not None:
            premapped[(ind.idnum, ind.generation)] = number
    frame_copier = ObjectCopier(writer, premapped)
    documents = _Documents(sources, writer)
    for index, (page, number) in enumerate(zip(frame.pages, numbers, strict=True)):
        placement = placements.get(index + 1)
        if placement is None:
            copied = frame_copier.copy(DictionaryObject(page))
            frame_copier.flush()
            writer.add_page(number, copied)  # type: ignore[arg-type]
            continue
        overlay = _form(frame_copier, page, [0, 0, PAGE_W, PAGE_H])
        try:
            src, matrix = documents.page(placement)
        except Exception:  # a file that passed its checks but cannot be bound: a crossed box
            log.warning("an exhibit page could not be bound")
            documents.close()
            _page(writer, number, {"/AmpOv": overlay}, _UNREADABLE + b" q /AmpOv Do Q")
            continue
        ops = f"q {_cm(matrix)} /AmpSrc Do Q q /AmpOv Do Q".encode()
        _page(writer, number, {"/AmpSrc": src, "/AmpOv": overlay}, ops)
    documents.close()
    outline = _outline(writer, frame, numbers)
    info = {k: str(v) for k, v in (frame.metadata or {}).items() if isinstance(v, str)}
    return writer.close(info, outline)


def _outline(writer: StreamingPdfWriter, frame: PdfReader, numbers: list[int]) -> int | None:
    """The frame's bookmarks, pointing at the same pages of the bound packet."""
    entries = _flatten_outline(frame, frame.outline, 0)
    if not entries:
        return None
    root = writer.alloc()
    ids = [writer.alloc() for _ in entries]
    parents: list[int] = []
    children: dict[int, list[int]] = {}
    for i, (_title, _page, level) in enumerate(entries):
        parent = root
        for j in range(i - 1, -1, -1):
            if entries[j][2] < level:
                parent = ids[j]
                break
        parents.append(parent)
        children.setdefault(parent, []).append(ids[i])
    for i, (title, page, _level) in enumerate(entries):
        siblings = children[parents[i]]
        k = siblings.index(ids[i])
        item = DictionaryObject(
            {
                NameObject("/Title"): TextStringObject(title),
                NameObject("/Parent"): ref(parents[i]),
                NameObject("/Dest"): ArrayObject([ref(numbers[page]), NameObject("/Fit")]),
            }
        )
        if k > 0:
            item[NameObject("/Prev")] = ref(siblings[k - 1])
        if k < len(siblings) - 1:
            item[NameObject("/Next")] = ref(siblings[k + 1])
        kids = children.get(ids[i])
        if kids:
            item[NameObject("/First")] = ref(kids[0])
            item[NameObject("/Last")] = ref(kids[-1])
            item[NameObject("/Count")] = NumberObject(-len(kids))
        writer.write(ids[i], item)
    top = children[root]
    writer.write(
        root,
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Outlines"),
                NameObject("/First"): ref(top[0]),
                NameObject("/Last"): ref(top[-1]),
                NameObject("/Count"): NumberObject(len(top)),
            }
        ),
    )
    return root


def _flatten_outline(frame: PdfReader, items, level: int) -> list[tuple[str, int, int]]:
    out: list[tuple[str, int, int]] = []
    for item in items:
        if isinstance(item, list):
            out += _flatten_outline(frame, item, level + 1)
            continue
        page = frame.get_destination_page_number(item)
        if page is not None and page >= 0:
            out.append((str(item.title), page, level))
    return out
