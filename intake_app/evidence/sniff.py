"""What a file is, from its first bytes (never from its name): PDF, JPEG, PNG or HEIC."""

from __future__ import annotations

from dataclasses import dataclass

PDF, IMAGE = "pdf", "image"
HEAD_BYTES = 1024
# HEIF brands that phones write for still photos (HEVC-coded); AVIF and others are not taken.
_HEIC_BRANDS = frozenset({b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"})


@dataclass(frozen=True)
class FileType:
    """A supported type: its kind (pdf or image), media type and Pillow format name."""

    kind: str
    media_type: str
    pil_format: str | None = None


PDF_TYPE = FileType(PDF, "application/pdf")
JPEG_TYPE = FileType(IMAGE, "image/jpeg", "JPEG")
PNG_TYPE = FileType(IMAGE, "image/png", "PNG")
HEIC_TYPE = FileType(IMAGE, "image/heic", "HEIF")
TYPES = {t.media_type: t for t in (PDF_TYPE, JPEG_TYPE, PNG_TYPE, HEIC_TYPE)}


def sniff(head: bytes) -> FileType | None:
    """The type the leading bytes announce, or None for anything Amparo does not take."""
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG_TYPE
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG_TYPE
    if len(head) >= 12 and head[4:8] == b"ftyp" and head[8:12] in _HEIC_BRANDS:
        return HEIC_TYPE
    # PDF readers accept a header anywhere in the first kilobyte (some scanners add junk).
    if b"%PDF-" in head[:HEAD_BYTES]:
        return PDF_TYPE
    return None
