"""Documents brought as evidence: sniffing, limits and decode checks, thumbnails; pure Python."""

from intake_app.evidence.errors import (
    CompressionBomb,
    DamagedFile,
    DocumentError,
    EmptyFile,
    EncryptedPdf,
    FileChanged,
    FileTooLarge,
    FileUnreadable,
    ImageTooLarge,
    NotAFile,
    TooManyPages,
    UnsupportedFile,
)
from intake_app.evidence.images import heif_available, placed_jpeg, thumbnail_png
from intake_app.evidence.inspect import (
    MAX_BYTES_ENV,
    CheckedFile,
    Limits,
    inspect_file,
    inspect_stream,
    open_regular,
    sha256_of,
)
from intake_app.evidence.model import (
    COMMON_LANGUAGES,
    TRANSLATION_STATES,
    default_translation,
    is_language_code,
    language_name,
)
from intake_app.evidence.sniff import IMAGE, PDF, TYPES, FileType, sniff

__all__ = [
    "COMMON_LANGUAGES",
    "IMAGE",
    "MAX_BYTES_ENV",
    "PDF",
    "TRANSLATION_STATES",
    "TYPES",
    "CheckedFile",
    "CompressionBomb",
    "DamagedFile",
    "DocumentError",
    "EmptyFile",
    "EncryptedPdf",
    "FileChanged",
    "FileTooLarge",
    "FileType",
    "FileUnreadable",
    "ImageTooLarge",
    "Limits",
    "NotAFile",
    "TooManyPages",
    "UnsupportedFile",
    "default_translation",
    "heif_available",
    "inspect_file",
    "inspect_stream",
    "is_language_code",
    "language_name",
    "open_regular",
    "placed_jpeg",
    "sha256_of",
    "sniff",
    "thumbnail_png",
]
