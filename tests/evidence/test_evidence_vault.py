"""Documents in the vault: byte-identical round trips, all-or-nothing imports, order, deletion."""

from __future__ import annotations

import hashlib
import io
import os

import pytest

from intake_app.evidence import DamagedFile, FileChanged
from intake_app.store.documents import CHUNK_SIZE
from tests.conftest import write_every_point
from tests.evidence.conftest import EXHIBITS, image_bytes, pdf_bytes


def rows(session, table: str) -> int:
    return session.vault().conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_an_attached_file_reads_back_byte_identical_in_chunks(session, case_id, files):
    data = pdf_bytes(3) + b"%" + os.urandom(3 * CHUNK_SIZE + 123) + b"\n"
    path = files("large scan.pdf", data)
    record = session.documents.attach(case_id, path, category="children", language="en")
    assert record.sha256 == hashlib.sha256(data).hexdigest()
    assert record.size == len(data)
    assert rows(session, "document_chunks") == -(-len(data) // CHUNK_SIZE)
    assert session.documents.read(record.id) == data
    with session.documents.open(record.id) as fh:
        fh.seek(CHUNK_SIZE - 5)
        assert fh.read(10) == data[CHUNK_SIZE - 5 : CHUNK_SIZE + 5]
        fh.seek(-7, os.SEEK_END)
        assert fh.read() == data[-7:]


def test_every_persona_exhibit_round_trips(session, case_id):
    for path in sorted(EXHIBITS.glob("*.*")):
        if path.suffix == ".py":
            continue
        record = session.documents.attach(case_id, path, category="identity")
        assert session.documents.read(record.id) == path.read_bytes()
        assert record.file_name == path.name


def test_a_refused_file_leaves_nothing_in_the_vault(session, case_id, files):
    broken = files("broken.jpg", image_bytes("JPEG")[:400])
    with pytest.raises(DamagedFile):
        session.documents.attach(case_id, broken, category="identity")
    assert rows(session, "documents") == rows(session, "document_chunks") == 0


def test_a_file_changed_after_its_check_is_not_stored_half_way(session, case_id, files):
    path = files("scan.pdf", pdf_bytes(2) + b"%" + b"x" * (2 * CHUNK_SIZE))
    checked = session.documents.check_file(path)
    path.write_bytes(path.read_bytes()[:-10] + b"0123456789")  # same size, other bytes
    with pytest.raises(FileChanged):
        session.documents.attach(case_id, path, category="identity", checked=checked)
    path.write_bytes(path.read_bytes() + b"more")
    with pytest.raises(FileChanged):
        session.documents.attach(case_id, path, category="identity", checked=checked)
    assert rows(session, "documents") == rows(session, "document_chunks") == 0


def test_deleting_a_case_deletes_its_documents_and_chunks(session, case_id, files):
    session.documents.attach(case_id, files("a.pdf", pdf_bytes()), category="identity")
    other = session.cases.create("es")
    session.documents.attach(other, files("b.png", image_bytes("PNG")), category="identity")
    session.cases.delete(case_id)
    assert [d.case_id for d in session.vault().documents(other)] == [other]
    assert rows(session, "documents") == 1
    assert rows(session, "document_chunks") == 1


def test_documents_come_in_tab_order_and_can_be_reordered_within_a_tab(session, case_id, files):
    first = session.documents.attach(case_id, files("1.pdf", pdf_bytes()), category="employment")
    second = session.documents.attach(
        case_id, files("2.png", image_bytes("PNG")), category="employment"
    )
    ident = session.documents.attach(case_id, files("3.jpg", image_bytes()), category="identity")
    assert [d.id for d in session.documents.list(case_id)] == [ident.id, first.id, second.id]
    session.documents.reorder(case_id, "employment", [second.id, first.id])
    assert [d.id for d in session.documents.list(case_id)] == [ident.id, second.id, first.id]
    with pytest.raises(ValueError):
        session.documents.reorder(case_id, "employment", [second.id])


def test_metadata_is_checked_and_changed_without_touching_the_file(session, case_id, files):
    record = session.documents.attach(case_id, files("a.pdf", pdf_bytes()), category="identity")
    assert record.translation == "not_needed" and record.date_received
    changed = session.documents.update(
        record.id,
        category="children",
        evidence_id="child_birth_certificate",
        language="es",
        translation="needed",
        supports="Sofía (daughter)",
        provided_by="Marisela (mother)",
        date_received="2026-02-01",
    )
    assert (changed.category, changed.language, changed.translation) == ("children", "es", "needed")
    assert changed.sha256 == record.sha256
    for bad in (
        {"category": "nope"},
        {"language": "Spanish!"},
        {"translation": "maybe"},
        {"evidence_id": "unknown"},
        {"date_received": "yesterday"},
    ):
        with pytest.raises(ValueError):
            session.documents.update(record.id, **bad)


def test_the_checklist_counts_what_is_attached(session, case_id):
    missing = {n.id for n in session.cases.analysis(case_id).missing_evidence}
    assert {"child_birth_certificate", "employment_letter"} <= missing
    session.documents.attach(
        case_id,
        EXHIBITS / "birth_certificate_sofia.pdf",
        category="children",
        evidence_id="child_birth_certificate",
    )
    # The employment tab holds one kind of evidence: a document there answers it untagged.
    session.documents.attach(case_id, EXHIBITS / "pay_stub_january.png", category="employment")
    now = {n.id for n in session.cases.analysis(case_id).missing_evidence}
    assert now == missing - {"child_birth_certificate", "employment_letter"}


def test_attaching_a_document_voids_counsels_review(session, case_id, files):
    write_every_point(session, case_id)
    session.packets.mark_reviewed(case_id)
    assert session.packets.review_state(case_id) is not None
    session.documents.attach(case_id, files("a.pdf", pdf_bytes()), category="identity")
    assert session.packets.review_state(case_id) is None


def test_images_get_a_stored_thumbnail_and_pdfs_none_until_the_app_renders_one(session, case_id):
    photo = session.documents.attach(
        case_id, EXHIBITS / "pay_stub_january.png", category="employment"
    )
    pdf = session.documents.attach(case_id, EXHIBITS / "oncologist_letter.pdf", category="identity")
    assert session.documents.thumbnail(photo.id).startswith(b"\x89PNG")
    assert session.documents.thumbnail(pdf.id) is None


def test_the_take_home_sheet_no_longer_asks_for_what_was_attached(session, case_id):
    from pypdf import PdfReader

    def sheet() -> str:
        pdf = session.packets.build_take_home(case_id)
        return " ".join(
            " ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(pdf)).pages
        )

    asked = "Carta del empleador y talones de pago recientes"
    assert asked in sheet()
    session.documents.attach(case_id, EXHIBITS / "pay_stub_january.png", category="employment")
    assert asked not in sheet()
