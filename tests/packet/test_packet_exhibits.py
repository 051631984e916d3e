"""Attached documents bound into the packet: index, covers, order, pages, certificates, numbers."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader

from intake_app.packet import ExhibitDocument, build_packet
from intake_app.packet.merge import AREA, matrix_for
from tests.evidence.conftest import EXHIBITS, a4_pdf, image_bytes, pdf_bytes
from tests.packet.conftest import flat, persona_inputs

PERSONA = "leukemia_traffic_stop_michigan"


def doc(doc_id, category, data, kind="pdf", pages=1, media="application/pdf", **kw):
    return ExhibitDocument(
        id=doc_id,
        category=category,
        kind=kind,
        media_type=media,
        pages=pages,
        title=kw.pop("title", f"Document {doc_id}"),
        open=lambda: io.BytesIO(data),
        **kw,
    )


def mixed_documents() -> tuple[ExhibitDocument, ...]:
    return (
        doc(
            "acta", "identity", pdf_bytes(2, "ACTA"), pages=2, language="es", translation="attached"
        ),
        doc("carta", "support_letters", pdf_bytes(1, "CARTA"), language="es", translation="needed"),
        doc("photo", "identity", image_bytes("JPEG", (1200, 1600)), "image", media="image/jpeg"),
        doc("a4", "children", a4_pdf()),
        doc("stub", "employment", image_bytes("PNG", (900, 600)), "image", media="image/png"),
        doc("court", "dispositions", pdf_bytes(3, "COURT"), pages=3),
    )


def texts(pdf: bytes) -> list[str]:
    return [flat(page.extract_text() or "") for page in PdfReader(io.BytesIO(pdf)).pages]


def test_a_packet_with_image_and_pdf_exhibits_has_every_page_in_order():
    without = texts(build_packet(persona_inputs(PERSONA)))
    pdf = build_packet(persona_inputs(PERSONA, documents=mixed_documents()))
    pages = texts(pdf)
    reader = PdfReader(io.BytesIO(pdf), strict=True)
    assert len(reader.pages) == len(pages)

    def page_of(pattern: str) -> int:
        found = [n for n, text in enumerate(pages) if re.search(pattern, text)]
        assert len(found) == 1, (pattern, found)
        return found[0]

    stamps = [
        page_of(r"Exhibit B-1 — page 1 of 2"),
        page_of(r"Exhibit B-1 — page 2 of 2"),
        page_of(r"Exhibit B-2 — page 1 of 1"),
    ]
    assert stamps == [stamps[0], stamps[0] + 1, stamps[0] + 3]  # the certificate sits between
    assert "ACTA-1" in pages[stamps[0]] and "ACTA-2" in pages[stamps[1]]
    certificate = pages[stamps[1] + 1]
    assert "CERTIFICATE OF TRANSLATION" in certificate
    assert "Tomás Ibarra Leal" in certificate and "“Document acta” (Exhibit B-1)" in certificate
    court = [page_of(f"Exhibit [A-Z]-1 — page {n} of 3") for n in (1, 2, 3)]
    assert court == list(range(court[0], court[0] + 3))
    assert [f"COURT-{n}" in pages[p] for n, p in zip((1, 2, 3), court, strict=True)] == [True] * 3
    a4 = next(n for n, text in enumerate(pages) if "A4PAGE-1" in text)
    assert stamps[-1] < a4 < court[0]
    # 1 + 2 + 1 + 1 + 3 + 1 document pages and one certificate (only the translated acta has
    # one); a draft already has every tab's cover sheet, so no cover is added.
    assert len(pages) == len(without) + 9 + 1
    total = len(pages)
    assert all(f"Page {n} of {total}" in text for n, text in enumerate(pages, 1))


def test_the_index_and_covers_list_each_document_under_its_tab():
    pdf = build_packet(persona_inputs(PERSONA, documents=mixed_documents()))
    text = " ".join(texts(pdf))
    assert (
        "B-1 Document acta, 2 pages, in Spanish, followed by a certificate of translation" in text
    )
    # A letter whose translation is still to come: said on the draft, and no certificate.
    assert "Document carta, 1 page, in Spanish English translation still to be attached" in text
    assert "B-2 Document photo, 1 page" in text
    assert "Contents" in text


def test_a_tab_is_attached_once_its_documents_answer_what_it_needs():
    untagged = (doc("court", "dispositions", pdf_bytes(1)),)
    text = " ".join(texts(build_packet(persona_inputs(PERSONA, documents=untagged))))
    # The tab needs a certified disposition; an untagged document may not be one.
    assert "proof of completion Incomplete: some documents still missing" in text
    tagged = (doc("court", "dispositions", pdf_bytes(1), evidence_id="certified_dispositions"),)
    text = " ".join(texts(build_packet(persona_inputs(PERSONA, documents=tagged))))
    assert "Certified court dispositions and proof of completion Attached" in text
    assert "MISSING: not yet obtained" in text  # tabs without documents still say so


def test_reviewed_packets_print_no_draft_notes_under_documents():
    docs = (doc("acta", "identity", pdf_bytes(1), language="es", translation="needed"),)
    text = " ".join(texts(build_packet(persona_inputs(PERSONA, documents=docs, reviewed=True))))
    assert "still to be attached" not in text


def test_a_certificate_of_translation_only_where_a_translation_exists():
    for translation, certified in (("attached", True), ("needed", False), ("not_needed", False)):
        docs = (doc("acta", "identity", pdf_bytes(1), language="es", translation=translation),)
        text = " ".join(texts(build_packet(persona_inputs(PERSONA, documents=docs))))
        assert ("CERTIFICATE OF TRANSLATION" in text) == certified, translation


def test_the_bookmarks_name_each_document():
    reader = PdfReader(
        io.BytesIO(build_packet(persona_inputs(PERSONA, documents=mixed_documents())))
    )

    def titles(items) -> list[str]:
        out = []
        for item in items:
            out += titles(item) if isinstance(item, list) else [item.title]
        return out

    names = titles(reader.outline)
    assert "B-1 Document acta" in names and "Cover letter" in names


def test_a_photo_is_placed_upright_at_print_resolution():
    photo = (EXHIBITS / "utility_bill_photo.jpg").read_bytes()
    docs = (doc("bill", "residence", photo, "image", media="image/jpeg"),)
    reader = PdfReader(io.BytesIO(build_packet(persona_inputs(PERSONA, documents=docs))))
    sizes = [
        (image["/Width"], image["/Height"])
        for page in reader.pages
        if "/XObject" in page["/Resources"]
        for image in (x.get_object() for x in page["/Resources"]["/XObject"].values())
        if image.get("/Subtype") == "/Image"
    ]
    assert sizes, "the photo was not placed"
    width, height = sizes[0]
    assert height > width  # the EXIF orientation was applied


def test_rotated_and_odd_sized_pages_are_fitted_inside_the_page_frame():
    ax, ay, aw, ah = AREA
    for box, rotate in [((0, 0, 612, 792), 0), ((0, 0, 595, 842), 90), ((10, 20, 1000, 400), 270)]:
        a, b, c, d, e, f = matrix_for(box, rotate)
        corners = [(a * x + c * y + e, b * x + d * y + f) for x in box[::2] for y in box[1::2]]
        assert all(ax - 0.01 <= x <= ax + aw + 0.01 for x, _y in corners)
        assert all(ay - 0.01 <= y <= ay + ah + 0.01 for _x, y in corners)


def test_a_document_that_cannot_be_bound_leaves_a_crossed_page_not_a_failed_packet():
    docs = (doc("bad", "identity", b"%PDF-1.4 not really", pages=1),)
    reader = PdfReader(io.BytesIO(build_packet(persona_inputs(PERSONA, documents=docs))))
    assert any("Exhibit B-1 — page 1 of 1" in (p.extract_text() or "") for p in reader.pages)
