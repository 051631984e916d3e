"""Outputs sealed with a password, in memory: PDFs (AES-256, via pypdf) and Word drafts (OOXML
agile encryption, via msoffcrypto-tool)."""

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


def encrypt_docx(docx: bytes, password: str) -> bytes:
    """The same Word document, which Word and LibreOffice open only with `password`."""
    from msoffcrypto.format.ooxml import OOXMLFile

    if not password:
        raise ValueError("a password is required to encrypt a Word document")
    out = io.BytesIO()
    OOXMLFile(io.BytesIO(docx)).encrypt(password, out)
    return out.getvalue()


def encrypt_output(data: bytes, password: str, fmt: str) -> bytes:
    """`data` sealed with `password` in its own format ("pdf" or "docx")."""
    if fmt == "docx":
        return encrypt_docx(data, password)
    if fmt == "pdf":
        return encrypt_pdf(data, password)
    raise ValueError(f"unknown format {fmt!r}")
