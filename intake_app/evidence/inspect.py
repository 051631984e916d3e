"""`inspect_file`: is this a document Amparo can keep and print? Type, pages, size and SHA-256."""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from intake_app.evidence.errors import (
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
    """Open a regular file for reading, or refuse: a named pipe would block forever and a
    device never ends. Opened without blocking, then checked on the open descriptor itself."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise NotAFile()
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


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

    try:
        reader = PdfReader(stream, strict=False)
        if reader.is_encrypted:
            raise EncryptedPdf()
        count = len(reader.pages)
        if count == 0:
            raise DamagedFile("no pages")
        if count > limits.max_pages:
            raise TooManyPages(str(count))
        for page in reader.pages:
            box = page.mediabox
            if box.width <= 0 or box.height <= 0:
                raise DamagedFile("page without size")
            contents = page.get("/Contents")
            if contents is not None:
                contents.get_object()
        reader.resolved_objects.clear()
    except (EncryptedPdf, TooManyPages, DamagedFile):
        raise
    except Exception as exc:  # pypdf raises many kinds on hostile input; all mean "damaged"
        raise DamagedFile(type(exc).__name__) from exc
    return count
