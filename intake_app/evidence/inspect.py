"""`inspect_file`: is this a document Amparo can keep and print? Type, pages, size and SHA-256."""

from __future__ import annotations

import hashlib
import os
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from intake_app.domain import inputs
from intake_app.evidence.errors import (
    CompressionBomb,
    DamagedFile,
    EmptyFile,
    EncryptedPdf,
    FileChanged,
    FileTooLarge,
    FileUnreadable,
    NotAFile,
    TooManyPages,
    UnsupportedFile,
)
from intake_app.evidence.images import DEFAULT_MAX_PIXELS, decode_check
from intake_app.evidence.sniff import HEAD_BYTES, PDF, FileType, sniff

MIB = 1024 * 1024
READ_SIZE = 256 * 1024
MAX_BYTES_ENV = "AMPARO_MAX_DOCUMENT_MB"


@dataclass(frozen=True)
class Limits:
    """What one attached document may be; a hostile file is refused before it costs more."""

    max_bytes: int = 100 * MIB
    max_pixels: int = DEFAULT_MAX_PIXELS
    max_pages: int = 2000
    # What the pages' compressed streams may inflate to: one stream, and all of them (at least
    # this much, or this many times the file: a scanned book inflates a lot, a bomb far more).
    max_stream_inflated: int = 256 * MIB
    max_total_inflated: int = 512 * MIB
    max_inflation_ratio: int = 40

    @classmethod
    def from_environment(cls) -> Limits:
        """The defaults, with the size limit raised or lowered by AMPARO_MAX_DOCUMENT_MB."""
        value = os.environ.get(MAX_BYTES_ENV, "").strip()
        if value.isdigit() and int(value) > 0:
            return cls(max_bytes=int(value) * MIB)
        return cls()


@dataclass(frozen=True)
class CheckedFile:
    """A file that passed every check, as it was when checked."""

    file_type: FileType
    size: int
    sha256: str
    pages: int
    width: int | None = None
    height: int | None = None

    @property
    def kind(self) -> str:
        return self.file_type.kind

    @property
    def media_type(self) -> str:
        return self.file_type.media_type


def inspect_stream(stream: BinaryIO, size: int, limits: Limits | None = None) -> CheckedFile:
    """Check a seekable stream of `size` bytes; raises a DocumentError saying what is wrong."""
    limits = limits or Limits()
    if size <= 0:
        raise EmptyFile()
    if size > limits.max_bytes:
        raise FileTooLarge(f"{size} bytes")
    stream.seek(0)
    file_type = sniff(stream.read(HEAD_BYTES))
    if file_type is None:
        raise UnsupportedFile()
    stream.seek(0)
    width = height = None
    if file_type.kind == PDF:
        pages = pdf_pages(stream, limits)
    else:
        width, height = decode_check(stream, file_type, limits.max_pixels)
        pages = 1
    digest = sha256_of(stream)
    return CheckedFile(file_type, size, digest, pages, width, height)


def open_regular(path: Path | str) -> BinaryIO:
    """Open a regular file for reading, or refuse with NotAFile (domain/inputs.py): a named
    pipe would block forever and a device never ends."""
    try:
        return inputs.open_regular(path)
    except inputs.NotRegular as exc:
        raise NotAFile() from exc


def inspect_file(path: Path | str, limits: Limits | None = None) -> CheckedFile:
    """Check a file on disk without loading it whole (pure: no vault, no Qt; any thread)."""
    try:
        with open_regular(path) as fh:
            size = os.fstat(fh.fileno()).st_size
            checked = inspect_stream(fh, size, limits)
            if os.fstat(fh.fileno()).st_size != size:
                raise FileChanged()
            return checked
    except OSError as exc:
        raise FileUnreadable(type(exc).__name__) from exc


def sha256_of(stream: BinaryIO) -> str:
    stream.seek(0)
    digest = hashlib.sha256()
    while block := stream.read(READ_SIZE):
        digest.update(block)
    return digest.hexdigest()


def pdf_pages(stream: BinaryIO, limits: Limits) -> int:
    """The page count of a readable, unencrypted PDF; each page's box and contents are read."""
    from pypdf import PdfReader

    file_size = stream.seek(0, 2)
    stream.seek(0)
    try:
        reader = PdfReader(stream, strict=False)
        if reader.is_encrypted:
            raise EncryptedPdf()
        count = len(reader.pages)
        if count == 0:
            raise DamagedFile("no pages")
        if count > limits.max_pages:
            raise TooManyPages(str(count))
        budget = _InflationBudget(limits, file_size)
        for page in reader.pages:
            box = page.mediabox
            if box.width <= 0 or box.height <= 0:
                raise DamagedFile("page without size")
            contents = page.get("/Contents")
            if contents is not None:
                budget.count(contents)
            budget.count(page.get("/Resources"))
        reader.resolved_objects.clear()
    except (EncryptedPdf, TooManyPages, DamagedFile, CompressionBomb):
        raise
    except Exception as exc:  # pypdf raises many kinds on hostile input; all mean "damaged"
        raise DamagedFile(type(exc).__name__) from exc
    return count


class _InflationBudget:
    """Counts what the pages' Flate streams inflate to, a block at a time (never holding a
    stream whole), and refuses the file as soon as a limit is passed."""

    BLOCK = 1 * MIB

    def __init__(self, limits: Limits, file_size: int) -> None:
        self.limits = limits
        self.total_limit = max(limits.max_total_inflated, limits.max_inflation_ratio * file_size)
        self.total = 0
        self.seen: set[int] = set()

    def count(self, obj, depth: int = 0) -> None:
        from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject

        if depth > 64:
            raise DamagedFile("resources nested too deeply")
        if isinstance(obj, IndirectObject):
            if obj.idnum in self.seen:
                return
            self.seen.add(obj.idnum)
            obj = obj.get_object()
        if isinstance(obj, StreamObject):
            self._inflate(obj)
        if isinstance(obj, DictionaryObject):
            for key, value in obj.items():
                if key not in ("/Parent", "/P"):
                    self.count(value, depth + 1)
        elif isinstance(obj, ArrayObject):
            for value in obj:
                self.count(value, depth + 1)

    def _inflate(self, stream) -> None:
        filters = stream.get("/Filter")
        names = [str(f) for f in filters] if isinstance(filters, list) else [str(filters)]
        if "/FlateDecode" not in names and "/Fl" not in names:
            return
        data = memoryview(stream._data)
        # Producers write zlib streams, and some raw deflate (readers accept both); a stream
        # neither way is damaged, which pypdf reports for itself: it is not counted here.
        for wbits in (zlib.MAX_WBITS, -zlib.MAX_WBITS):
            try:
                self.total += self._inflated_size(data, wbits)
                return
            except zlib.error:
                continue

    def _inflated_size(self, data: memoryview, wbits: int) -> int:
        inflater = zlib.decompressobj(wbits)
        produced = 0
        for start in range(0, len(data), self.BLOCK):
            chunk = data[start : start + self.BLOCK]
            while chunk:
                out = inflater.decompress(chunk, self.BLOCK)
                produced += len(out)
                self._check(produced)
                chunk = inflater.unconsumed_tail
            if inflater.eof:
                break
        return produced

    def _check(self, produced: int) -> None:
        if produced > self.limits.max_stream_inflated:
            raise CompressionBomb("one stream")
        if self.total + produced > self.total_limit:
            raise CompressionBomb("all streams")
