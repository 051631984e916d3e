"""The PDF itself: embedded fonts, selectable text, page numbers, bookmarks, watermark, metadata."""

from __future__ import annotations

import dataclasses
import io

from pypdf import PdfReader

from intake_app.packet import build_packet, build_take_home, encrypt_pdf
from tests.packet.conftest import pages_text, persona_inputs

NAME = "chicago_father_daughter_leukemia"


def _fonts(reader: PdfReader) -> set[str]:
    found = set()
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is not None and "/FontFile2" in descriptor.get_object():
                found.add(str(font["/BaseFont"]))
    return found


def test_fonts_are_embedded_subsets_of_the_shipped_ttf(packet):
    fonts = _fonts(PdfReader(io.BytesIO(packet(NAME))))
    assert fonts, "no embedded TrueType font"
    assert all("+" in f for f in fonts)  # subset tags: AAAAAA+AmparoSerif


def test_every_page_says_page_x_of_y(packet):
    pages = pages_text(packet(NAME))
    total = len(pages)
    for number, text in enumerate(pages, 1):
        assert f"Page {number} of {total}" in " ".join(text.split()), number


def test_bookmarks_name_each_part_and_each_exhibit_without_client_names(packet):
    outline = PdfReader(io.BytesIO(packet(NAME))).outline
    top = [item["/Title"] for item in outline if not isinstance(item, list)]
    assert top[:3] == ["Cover letter", "Index of exhibits", "Exhibits"]
    # The counsel review is its own file: the filing's outline has no part for counsel.
    assert not any("counsel" in t.casefold() for t in top)
    exhibits = next(item for item in outline if isinstance(item, list))
    titles = [e["/Title"] for e in exhibits]
    assert titles[0] == "Exhibit A — Form G-28"
    assert not any("Villalobos" in t for t in top + titles)


def test_draft_watermark_is_on_every_page_until_reviewed(packet):
    assert all("DRAFT — not reviewed by counsel" in t for t in pages_text(packet(NAME)))
    reviewed = build_packet(persona_inputs(NAME, reviewed=True, reviewed_by="Sarah Kowalczyk"))
    texts = pages_text(reviewed)
    assert not any("DRAFT" in t for t in texts)
    assert not any("MISSING: not yet obtained" in t for t in texts[6:8])  # exhibit covers


def test_metadata_names_no_client(packet, take_home):
    for pdf in (packet(NAME), take_home(NAME)):
        meta = PdfReader(io.BytesIO(pdf)).metadata
        values = " ".join(str(v) for v in meta.values())
        for name in ("Villalobos", "Ernesto", "Rosa", "Valeria", "215884307"):
            assert name not in values
    assert (
        PdfReader(io.BytesIO(packet(NAME))).metadata.title == "Request for release — Amparo draft"
    )


def test_encrypted_packet_needs_the_password_and_keeps_its_text(packet):
    sealed = encrypt_pdf(packet(NAME), "correct horse battery staple")
    reader = PdfReader(io.BytesIO(sealed))
    assert reader.is_encrypted
    assert reader.decrypt("wrong") == 0
    assert reader.decrypt("correct horse battery staple") != 0
    assert "Request for Release from ICE Custody" in reader.pages[0].extract_text()


def test_pro_se_letter_speaks_in_the_first_person_without_g28_or_letterhead():
    pdf = build_packet(persona_inputs(NAME, pro_se=True))
    text = " ".join(" ".join(pages_text(pdf)).split())
    assert "I, Ernesto Villalobos Cárdenas, respectfully request" in text
    assert "I have lived in the United States for approximately 16 years" in text
    assert "Form G-28" not in text
    assert "Attorney for" not in text


def test_accredited_representative_signs_as_such():
    inputs = persona_inputs(NAME)
    inputs = dataclasses.replace(
        inputs, signer=dataclasses.replace(inputs.signer, role="accredited_representative")
    )
    text = " ".join(" ".join(pages_text(build_packet(inputs))).split())
    assert "DOJ-Accredited Representative for Ernesto Villalobos Cárdenas" in text


def test_english_interview_gets_an_english_take_home_sheet():
    text = " ".join(
        " ".join(
            pages_text(build_take_home(persona_inputs("final_order_in_absentia_miami")))
        ).split()
    )
    assert "What happens next" in text
    assert "Documents we still need from you" in text
    assert "Page 1 of" in text


def _gs_names(content: bytes) -> set[str]:
    import re

    return {m.decode() for m in re.findall(rb"/(\w+)\s+gs\b", content)}


def test_every_graphics_state_a_page_or_form_uses_is_in_its_own_resources(packet):
    """A form drawing with an ExtGState it does not declare renders opaque in strict readers."""
    reader = PdfReader(io.BytesIO(packet(NAME)))
    checked = 0
    for page in reader.pages:
        resources = page["/Resources"]
        declared = set((resources.get("/ExtGState") or {}).keys())
        used = _gs_names(page.get_contents().get_data())
        assert {f"/{n}" for n in used} <= declared
        for xobject in (resources.get("/XObject") or {}).values():
            xobject = xobject.get_object()
            if xobject.get("/Subtype") != "/Form":
                continue
            own = xobject.get("/Resources")
            own_declared = set(((own or {}).get("/ExtGState") or {}).keys())
            assert {f"/{n}" for n in _gs_names(xobject.get_data())} <= own_declared
            checked += 1
    assert checked > 0
