"""`encrypt_pdf`: a built PDF sealed with a password (AES-256, via pypdf), in memory."""

from __future__ import annotations

import io

from pypdf import PdfReader, PdfWriter


def encrypt_pdf(pdf: bytes, password: str) -> bytes:
    """The same PDF, readable only with `password` (AES-256; metadata and outline kept)."""
    if not password:
        raise ValueError("a password is required to encrypt a PDF")
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.encrypt(user_password=password, owner_password=None, algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
