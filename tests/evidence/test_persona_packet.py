"""The persona's packet with eight real-looking exhibits (scans, photos, a HEIC, Spanish papers)."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from intake_app.evidence import heif_available
from tests.evidence.conftest import EXHIBITS

ATTACHMENTS = [
    ("acta_nacimiento_hector.pdf", "identity", "es", "identity_document"),
    ("birth_certificate_sofia.pdf", "children", "en", "child_birth_certificate"),
    ("oncologist_letter.pdf", "detainee_medical", "en", "detainee_medical_records"),
    ("medication_list.heic", "detainee_medical", "en", "medication_list"),
    ("utility_bill_photo.jpg", "residence", "en", None),
    ("pay_stub_january.png", "employment", "en", None),
    ("court_disposition_62a.pdf", "dispositions", "en", "certified_dispositions"),
    ("parish_letter_photo.jpg", "support_letters", "es", None),
]


def test_the_persona_packet_binds_every_exhibit_in_tab_order(session, case_id):
    if not heif_available():
        pytest.skip("pillow-heif is not installed")
    base = len(PdfReader(io.BytesIO(session.packets.build(case_id))).pages)
    for name, category, language, evidence in ATTACHMENTS:
        # The birth certificate's English translation is in hand; the parish letter's is not.
        translation = "attached" if name.startswith("acta") else None
        session.documents.attach(
            case_id,
            EXHIBITS / name,
            category=category,
            language=language,
            evidence_id=evidence,
            translation=translation,
        )
    out = io.BytesIO()
    session.packets.write(case_id, out)
    reader = PdfReader(io.BytesIO(out.getvalue()), strict=True)
    pages = [" ".join((p.extract_text() or "").split()) for p in reader.pages]
    refs = session.documents.exhibit_refs(case_id)
    docs = session.documents.list(case_id)
    assert [refs[d.id] for d in docs] == ["B-1", "E-1", "G-1", "G-2", "H-1", "I-1", "K-1", "M-1"]
    first_pages = [
        next(n for n, text in enumerate(pages) if f"Exhibit {refs[d.id]} — page 1 of" in text)
        for d in docs
    ]
    assert first_pages == sorted(first_pages)
    # 9 document pages, one certificate and no new tab covers: this persona's packet already
    # had every one of these tabs.
    assert len(pages) == base + 9 + 1
    # A certificate only for the Spanish paper whose translation exists (the parish letter's
    # is still to come); the declaration read back in Spanish has the interpreter's
    # certificate and the declarant's acknowledgment instead.
    assert sum("CERTIFICATE OF TRANSLATION" in text for text in pages) == 1
    assert sum("CERTIFICATE OF INTERPRETER" in text for text in pages) == 1
    assert "ACTA DE NACIMIENTO" in pages[first_pages[0]]
    assert "Grand River Cancer Institute" in pages[first_pages[2]]
