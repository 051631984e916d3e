"""Typed errors for documents a person attaches: each says plainly why the file was refused."""

from __future__ import annotations

from intake_app.domain.errors import N_, AmparoError


class DocumentError(AmparoError):
    """A file that cannot become an exhibit; nothing of it was stored."""

    user_message = N_("This file cannot be attached. Nothing was stored.")


class UnsupportedFile(DocumentError):
    user_message = N_(
        "This kind of file cannot be attached. Attach a PDF, or a photo or scan as JPEG, PNG "
        "or HEIC. Nothing was stored."
    )


class EmptyFile(DocumentError):
    user_message = N_("This file is empty. Nothing was stored.")


class FileTooLarge(DocumentError):
    user_message = N_(
        "This file is larger than Amparo accepts for one document. Scan it at a lower "
        "resolution, or split it into parts. Nothing was stored."
    )


class ImageTooLarge(DocumentError):
    user_message = N_(
        "This picture has too many pixels to be a photo or scan of a document (it may be "
        "damaged or made to crash programs). Nothing was stored."
    )


class DamagedFile(DocumentError):
    user_message = N_(
        "This file is damaged or incomplete and cannot be read. Ask for the document again, "
        "or scan or photograph it anew. Nothing was stored."
    )


class EncryptedPdf(DocumentError):
    user_message = N_(
        "This PDF is protected by a password. Open it, save or print a copy without a password, "
        "and attach that copy. Nothing was stored."
    )


class TooManyPages(DocumentError):
    user_message = N_("This PDF has more pages than Amparo accepts. Nothing was stored.")


class FileChanged(DocumentError):
    user_message = N_(
        "The file changed while it was being attached. Wait until it is saved, then attach it "
        "again. Nothing was stored."
    )


class CompressionBomb(DocumentError):
    user_message = N_(
        "This PDF would expand to far more than any document needs (it may be built to exhaust "
        "the computer). Scan or print it to a new PDF and attach that. Nothing was stored."
    )


class NotAFile(DocumentError):
    user_message = N_(
        "That is not a document file (it is a folder, a device or a pipe). Choose the document "
        "itself. Nothing was stored."
    )


class FileUnreadable(DocumentError):
    user_message = N_(
        "The file could not be read (it may have been moved, or you may not have permission). "
        "Nothing was stored."
    )
