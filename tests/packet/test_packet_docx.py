"""Word drafts: every output of every persona builds as DOCX with the same paragraphs, names and
exhibit letters as its PDF; real headings; no client value in the file's properties; a password
seals it in memory."""

from __future__ import annotations

import io
import re

import docx
import msoffcrypto
import pytest

from intake_app.packet import (
    build_counsel_review,
    build_counsel_review_docx,
    build_packet,
    build_packet_docx,
    build_physician_letters,
    build_physician_letters_docx,
    build_take_home,
    build_take_home_docx,
    encrypt_docx,
)
from intake_app.packet.build import (
    counsel_review_story,
    packet_story,
    physician_letters_story,
    take_home_story,
)
from intake_app.packet.content import Header, Together
from tests.packet.conftest import PERSONA_NAMES, pages_text, persona_inputs

OUTPUTS = {
    "packet": (build_packet, build_packet_docx, packet_story),
    "review": (build_counsel_review, build_counsel_review_docx, counsel_review_story),
    "physician_letters": (
        build_physician_letters,
        build_physician_letters_docx,
        physician_letters_story,
    ),
    "take_home": (build_take_home, build_take_home_docx, take_home_story),
}
_FURNITURE = re.compile(r"^(Page|Página) \d+ (of|de)\s*$|^\d+$|^DRAFT — |^PRIVILEGED AND CONF")


def _norm(text: str) -> str:
    text = text.replace("\x7f", " ").replace("•", " ").replace("\xa0", " ").replace("\t", " ")
    return re.sub(r"\s+", " ", text).strip()


def _headers(blocks) -> set[str]:
    out: set[str] = set()
    for block in blocks:
        if isinstance(block, Together):
            out |= _headers(block.blocks)
        elif isinstance(block, Header) and block.text:
            out.add(block.text)
    return out


def _pdf_body(pdf: bytes, headers: set[str]) -> str:
    """The PDF's words without its page furniture (running header, page numbers, marks)."""
    lines = []
    for page in pages_text(pdf):
        for line in page.splitlines():
            if _FURNITURE.match(line.strip()) or line.strip() in headers:
                continue
            lines.append(line)
    return _norm(" ".join(lines))


def _docx_paragraphs(data: bytes) -> list[str]:
    document = docx.Document(io.BytesIO(data))
    return [t for p in document.paragraphs if (t := _norm(p.text))]


@pytest.mark.parametrize("name", PERSONA_NAMES)
@pytest.mark.parametrize("output", sorted(OUTPUTS))
def test_the_word_draft_says_what_the_pdf_says(name, output):
    build_pdf, build_docx, story = OUTPUTS[output]
    inputs = persona_inputs(name)
    pdf, draft = build_pdf(inputs), build_docx(inputs)
    if output == "physician_letters" and pdf is None:
        assert draft is None
        return
    body = _pdf_body(pdf, _headers(story(inputs)))
    paragraphs = _docx_paragraphs(draft)
    assert paragraphs
    # Compared without spaces: the PDF breaks a long address or URL across lines.
    solid = body.replace(" ", "")
    missing = [p for p in paragraphs if p.replace(" ", "") not in solid]
    assert not missing, f"{name} {output}: {missing[:3]}"
    # And nothing more: with no attached documents, the two say exactly the same.
    assert "".join(paragraphs).replace(" ", "") == solid


def test_the_letter_has_real_headings_and_numbered_declaration_paragraphs():
    document = docx.Document(io.BytesIO(build_packet_docx(persona_inputs(PERSONA_NAMES[0]))))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert any(h.startswith("I.\t") for h in headings)
    assert "INDEX OF EXHIBITS" in headings
    numbered = [p.text for p in document.paragraphs if re.match(r"^\d+\.\t", p.text)]
    assert numbered and numbered[0].startswith("1.\t")


def test_exhibit_letters_in_the_draft_are_text_counsel_can_edit():
    inputs = persona_inputs("chicago_father_daughter_leukemia")
    text = " ".join(_docx_paragraphs(build_packet_docx(inputs)))
    for letter in "ABCDEF":
        assert f"EXHIBIT {letter}" in text
    assert "(Exhibit A)" in text


def test_the_draft_carries_its_mark_and_no_client_value_in_its_properties():
    inputs = persona_inputs("chicago_father_daughter_leukemia")
    document = docx.Document(io.BytesIO(build_packet_docx(inputs)))
    header = " ".join(p.text for p in document.sections[0].header.paragraphs)
    assert "DRAFT" in header
    props = document.core_properties
    values = " ".join(
        str(v) for v in (props.title, props.author, props.subject, props.keywords, props.comments)
    )
    for secret in ("Villalobos", "Ernesto", "215884307", "A215"):
        assert secret not in values
    review = docx.Document(io.BytesIO(build_counsel_review_docx(inputs)))
    assert "PRIVILEGED" in " ".join(p.text for p in review.sections[0].header.paragraphs)


def test_a_password_seals_the_draft_and_only_that_password_opens_it():
    data = build_packet_docx(persona_inputs("chicago_father_daughter_leukemia"))
    sealed = encrypt_docx(data, "correct-horse-1")
    assert b"Villalobos" not in sealed and "Villalobos".encode("utf-16-le") not in sealed
    office = msoffcrypto.OfficeFile(io.BytesIO(sealed))
    assert office.is_encrypted()
    office.load_key(password="wrong-horse")
    with pytest.raises(msoffcrypto.exceptions.InvalidKeyError):
        office.decrypt(io.BytesIO())
    office = msoffcrypto.OfficeFile(io.BytesIO(sealed))
    office.load_key(password="correct-horse-1")
    plain = io.BytesIO()
    office.decrypt(plain)
    assert _docx_paragraphs(plain.getvalue()) == _docx_paragraphs(data)
    with pytest.raises(ValueError):
        encrypt_docx(data, "")


def test_a_word_draft_is_built_and_sealed_in_memory_with_no_file_left_behind(tmp_path, monkeypatch):
    import tempfile

    from intake_app.packet.roads import build_road_docx

    spill = tmp_path / "tmp"
    spill.mkdir()
    monkeypatch.setenv("TMPDIR", str(spill))
    monkeypatch.setattr(tempfile, "tempdir", str(spill))
    inputs = persona_inputs("chicago_father_daughter_leukemia")
    for data in (build_packet_docx(inputs), build_road_docx(inputs, "bond_motion")):
        encrypt_docx(data, "correct-horse-1")
    assert list(spill.iterdir()) == []
