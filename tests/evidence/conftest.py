"""Shared evidence fixtures: the persona's exhibit files, and small made-up PDFs and images."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.pdfgen.canvas import Canvas

from intake_app.session import Session
from intake_app.store import insecure_test_kdf

EXHIBITS = Path(__file__).resolve().parent.parent / "fixtures" / "exhibits"
PASSPHRASE = "quiet lantern orchard forty river"
PERSONA = (
    Path(__file__).resolve().parent.parent / "personas" / "leukemia_traffic_stop_michigan.json"
)


def pdf_bytes(pages: int = 1, marker: str = "PAGE", size=LETTER, rotate: int = 0) -> bytes:
    """A PDF whose page n says "{marker}-{n}" (uncompressed, so the text is in the bytes)."""
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=size, invariant=1, pageCompression=0)
    for n in range(1, pages + 1):
        canvas.setFont("Helvetica", 24)
        canvas.drawString(72, size[1] - 120, f"{marker}-{n}")
        if rotate:
            canvas.setPageRotation(rotate)
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def image_bytes(fmt: str = "JPEG", size=(400, 300), color="navy") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, fmt)
    return out.getvalue()


def png_with_dimensions(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims width × height (a decompression-bomb shape)."""
    data = bytearray(image_bytes("PNG", (8, 8)))
    ihdr = 8 + 8  # signature, then length and type of the IHDR chunk
    data[ihdr : ihdr + 8] = struct.pack(">II", width, height)
    crc = zlib.crc32(bytes(data[ihdr - 4 : ihdr + 13])) & 0xFFFFFFFF
    data[ihdr + 13 : ihdr + 17] = struct.pack(">I", crc)
    return bytes(data)


def a4_pdf() -> bytes:
    return pdf_bytes(1, "A4PAGE", A4)


@pytest.fixture
def session(tmp_path: Path):
    s = Session(tmp_path / "vault" / "amparo.vault", kdf=insecure_test_kdf(), sleep=lambda _s: None)
    s.create_vault("Ana Staff", "admin", PASSPHRASE)
    yield s
    s.lock()


@pytest.fixture
def case_id(session) -> str:
    return session.cases.import_file(PERSONA)


@pytest.fixture
def files(tmp_path: Path):
    """Write bytes to a file outside the vault folder; returns its path."""
    folder = tmp_path / "downloads"
    folder.mkdir()

    def write(name: str, data: bytes) -> Path:
        path = folder / name
        path.write_bytes(data)
        return path

    return write
