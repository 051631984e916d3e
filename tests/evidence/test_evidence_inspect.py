"""Checking files before they are kept: types by their bytes, limits, damage and passwords."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfWriter

from intake_app.evidence import (
    DamagedFile,
    EmptyFile,
    EncryptedPdf,
    FileTooLarge,
    ImageTooLarge,
    Limits,
    UnsupportedFile,
    heif_available,
    inspect_file,
    inspect_stream,
    sniff,
    thumbnail_png,
)
from tests.evidence.conftest import EXHIBITS, image_bytes, pdf_bytes, png_with_dimensions


def check(data: bytes, limits: Limits | None = None):
    return inspect_stream(io.BytesIO(data), len(data), limits)


@pytest.mark.parametrize(
    ("name", "media_type", "pages"),
    [
        ("acta_nacimiento_hector.pdf", "application/pdf", 1),
        ("oncologist_letter.pdf", "application/pdf", 2),
        ("pay_stub_january.png", "image/png", 1),
        ("utility_bill_photo.jpg", "image/jpeg", 1),
    ],
)
def test_the_persona_exhibits_pass_with_their_type_and_pages(name, media_type, pages):
    checked = inspect_file(EXHIBITS / name)
    assert (checked.media_type, checked.pages) == (media_type, pages)
    assert len(checked.sha256) == 64
    assert checked.size == (EXHIBITS / name).stat().st_size


def test_a_heic_photo_is_read_when_pillow_heif_is_installed():
    if not heif_available():
        pytest.skip("pillow-heif is not installed")
    checked = inspect_file(EXHIBITS / "medication_list.heic")
    assert checked.media_type == "image/heic"
    assert checked.width and checked.height


def test_the_type_comes_from_the_bytes_not_the_name(tmp_path):
    disguised = tmp_path / "letter.pdf"
    disguised.write_bytes(image_bytes("PNG"))
    assert inspect_file(disguised).media_type == "image/png"
    assert sniff(b"junk before the header %PDF-1.4").media_type == "application/pdf"
    assert sniff(b"GIF89a....") is None


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (b"", EmptyFile),
        (b"Dear officer, plain text is not a scan.", UnsupportedFile),
        (b"PK\x03\x04 a word document", UnsupportedFile),
        (b"%PDF-1.7\n garbage that is no pdf at all", DamagedFile),
        (image_bytes("JPEG")[:300], DamagedFile),
        (image_bytes("PNG")[:60], DamagedFile),
        (png_with_dimensions(30_000, 30_000), ImageTooLarge),
    ],
    ids=["empty", "text", "docx", "fake-pdf", "truncated-jpeg", "truncated-png", "pixel-bomb"],
)
def test_a_hostile_or_broken_file_is_refused_with_its_reason(data, error):
    with pytest.raises(error) as caught:
        check(data)
    assert "Nothing was stored" in caught.value.user_message


def test_a_file_over_the_size_limit_is_refused_before_it_is_read():
    with pytest.raises(FileTooLarge):
        check(pdf_bytes(), Limits(max_bytes=100))


def test_the_size_limit_can_be_set_from_the_environment(monkeypatch):
    monkeypatch.setenv("AMPARO_MAX_DOCUMENT_MB", "7")
    assert Limits.from_environment().max_bytes == 7 * 1024 * 1024


def test_a_password_protected_pdf_is_refused_with_a_clear_message():
    writer = PdfWriter(clone_from=io.BytesIO(pdf_bytes()))
    writer.encrypt("secret", algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(EncryptedPdf) as caught:
        check(out.getvalue())
    assert "password" in caught.value.user_message


def test_a_pdf_with_a_damaged_page_tree_is_refused():
    data = pdf_bytes(2).replace(b"/Type /Pages", b"/Type /Pagez")
    with pytest.raises(DamagedFile):
        check(data)


def test_a_thumbnail_is_small_upright_and_made_in_memory():
    photo = EXHIBITS / "utility_bill_photo.jpg"
    from intake_app.evidence import TYPES

    png = thumbnail_png(io.BytesIO(photo.read_bytes()), TYPES["image/jpeg"], 10**8)
    from PIL import Image

    with Image.open(io.BytesIO(png)) as thumb:
        assert max(thumb.size) <= 256
        # The photo is stored sideways with an EXIF "rotate" tag: the thumbnail is portrait.
        assert thumb.height > thumb.width
