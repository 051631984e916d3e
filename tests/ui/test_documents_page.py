"""The documents step: attach by drop (checked off the GUI thread), thumbnails, details, order,
delete; the review's checklist and the packet preview see the documents; a lock wipes it all."""

from __future__ import annotations

import io
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from intake_app.session import Session
from intake_app.store import insecure_test_kdf
from intake_app.ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[1]
PERSONA = ROOT / "personas" / "leukemia_traffic_stop_michigan.json"
EXHIBITS = ROOT / "fixtures" / "exhibits"
PASSPHRASE = "orchard violin pebble sixteen"


def _window(qtbot, tmp_path, role="volunteer") -> tuple[MainWindow, str]:
    session = Session(tmp_path / "ui.vault", kdf=insecure_test_kdf())
    session.create_vault("Test person", role, PASSPHRASE)
    case_id = session.cases.import_file(PERSONA)
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    window.show_review(case_id)
    window.review_page.documents_button.click()
    assert window.stack.currentWidget() is window.documents_page
    return window, case_id


def _drop(widget, paths: list[Path]) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    event = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    widget.dropEvent(event)


def _select_tab(page, tab: str) -> None:
    page.tabs_list.setCurrentRow(page.tab_ids.index(tab))


def test_dropped_files_are_attached_with_progress_and_a_bad_one_is_explained(qtbot, tmp_path):
    window, case_id = _window(qtbot, tmp_path)
    page = window.documents_page
    _select_tab(page, "employment")
    bad = tmp_path / "notes.pdf"
    bad.write_bytes(b"%PDF-1.4 this is not a real PDF")
    _drop(page.list, [EXHIBITS / "pay_stub_january.png", bad, EXHIBITS / "oncologist_letter.pdf"])
    assert page.wait_for_imports()
    docs = window.session.documents.list(case_id)
    assert [d.file_name for d in docs] == ["pay_stub_january.png", "oncologist_letter.pdf"]
    assert page.list.count() == 2
    assert "notes.pdf" in page.message.text() and "damaged" in page.message.text()
    assert "2 documents attached" in page.notice.text()
    assert not page.list.item(0).icon().isNull()  # an image's thumbnail
    assert not page.list.item(1).icon().isNull()  # a PDF's first page, rendered from memory
    assert window.session.documents.thumbnail(docs[1].id)


def test_details_are_saved_and_documents_reordered_and_deleted(qtbot, tmp_path):
    window, case_id = _window(qtbot, tmp_path)
    page = window.documents_page
    _select_tab(page, "identity")
    page.add_files([EXHIBITS / "acta_nacimiento_hector.pdf", EXHIBITS / "utility_bill_photo.jpg"])
    assert page.wait_for_imports()
    first, second = (d.id for d in window.session.documents.list(case_id))
    page.list.setCurrentRow(0)
    form = page.form
    form.title.setText("Birth certificate of Héctor (Mexico)")
    form.language.setCurrentIndex(form.language.findData("es"))
    form.translation.setCurrentIndex(form.translation.findData("needed"))
    form.save_button.click()
    saved = window.session.documents.get(first)
    assert (saved.title, saved.language, saved.translation) == (
        "Birth certificate of Héctor (Mexico)",
        "es",
        "needed",
    )
    page.list.model().moveRow(
        page.list.model().index(0, 0).parent(), 1, page.list.model().index(0, 0).parent(), 0
    )
    assert [d.id for d in window.session.documents.list(case_id)] == [second, first]
    page.delete_document(second, confirm=False)
    assert [d.id for d in window.session.documents.list(case_id)] == [first]
    assert page.list.count() == 1


def test_the_review_checklist_and_the_packet_preview_see_the_documents(qtbot, tmp_path):
    window, case_id = _window(qtbot, tmp_path, role="attorney")
    page = window.documents_page
    _select_tab(page, "employment")
    before = window.session.cases.analysis(case_id).missing_evidence
    page.add_files([EXHIBITS / "pay_stub_january.png"])
    assert page.wait_for_imports()
    page.back_button.click()
    assert window.stack.currentWidget() is window.review_page
    after = window.session.cases.analysis(case_id).missing_evidence
    assert {n.id for n in before} - {n.id for n in after} == {"employment_letter"}
    window.review_page.packet_button.click()
    packet = window.packet_page
    assert packet.wait_for_build()
    qtbot.waitUntil(lambda: packet.pdf_bytes is not None, timeout=20_000)
    text = " ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(packet.pdf_bytes)).pages)
    assert "Exhibit I-1 — page 1 of 1" in text


def test_locking_wipes_the_documents_page(qtbot, tmp_path):
    window, _case_id = _window(qtbot, tmp_path)
    page = window.documents_page
    page.add_files([EXHIBITS / "pay_stub_january.png"])
    assert page.wait_for_imports()
    window.lock()
    assert page.case_id is None
    assert page.list.count() == 0 and page.preview.pixmap().isNull()
    assert page.form.title.text() == ""


def test_edits_are_saved_without_the_save_button_when_leaving(qtbot, tmp_path):
    """Like every other page: another document, the way back or a lock keeps what was typed."""
    window, case_id = _window(qtbot, tmp_path)
    page = window.documents_page
    _select_tab(page, "identity")
    page.add_files([EXHIBITS / "acta_nacimiento_hector.pdf", EXHIBITS / "utility_bill_photo.jpg"])
    assert page.wait_for_imports()
    first, second = (d.id for d in window.session.documents.list(case_id))
    page.list.setCurrentRow(0)
    page.form.title.setText("Acta de nacimiento de Héctor")
    page.list.setCurrentRow(1)  # another document: the first one's edit is kept
    assert window.session.documents.get(first).title == "Acta de nacimiento de Héctor"
    page.form.provided_by.setText("Su madre")
    page.back_button.click()  # the way back
    assert window.session.documents.get(second).provided_by == "Su madre"
    window.show_documents(case_id)
    _select_tab(page, "identity")
    page.list.setCurrentRow(0)
    page.form.supports.setText("Héctor")
    window.lock()  # a lock: saved before the vault closes
    window.session.unlock(PASSPHRASE)
    saved = {d.id: d for d in window.session.documents.list(case_id)}
    assert any(d.supports == "Héctor" for d in saved.values())
