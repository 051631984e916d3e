"""The packet step: in-memory preview, counsel-only sign-off and export, wiped on lock."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from pypdf import PdfReader

from intake_app.domain.errors import NotPermitted
from intake_app.session import Session
from intake_app.store import insecure_test_kdf
from intake_app.ui.main_window import MainWindow
from tests.conftest import write_every_point

PERSONA = Path(__file__).resolve().parents[1] / "personas" / "leukemia_traffic_stop_michigan.json"
PASSPHRASE = "orchard violin pebble sixteen"


def _session(tmp_path, role: str) -> tuple[Session, str]:
    session = Session(tmp_path / f"{role}.vault", kdf=insecure_test_kdf())
    session.create_vault(f"Test {role}", role, PASSPHRASE)
    return session, session.import_case_file(PERSONA)


def _open_packet(qtbot, session, case_id) -> MainWindow:
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    window.show_review(case_id)
    window.review_page.packet_button.click()
    page = window.packet_page
    assert window.stack.currentWidget() is page
    _wait_built(qtbot, page)
    return window


def _wait_built(qtbot, page) -> None:
    """The build ran off the GUI thread; its result arrives through the event loop."""
    assert page.wait_for_build()
    qtbot.waitUntil(
        lambda: page.refresh_button.isEnabled() and page.document.pageCount() > 0,
        timeout=20_000,
    )


def _files_under(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if p.is_file()}


def test_preview_is_built_in_memory_and_marked_draft(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    session, case_id = _session(tmp_path, "attorney")
    before = _files_under(tmp_path)
    window = _open_packet(qtbot, session, case_id)
    page = window.packet_page
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(page.pdf_bytes)).pages)
    assert "DRAFT" in text
    assert "Draft" in page.status.text()
    assert _files_under(tmp_path) - before == set()  # no preview file, no temp file
    session.lock()


def test_volunteer_cannot_sign_off_or_export_but_can_preview(qtbot, tmp_path):
    session, case_id = _session(tmp_path, "volunteer")
    window = _open_packet(qtbot, session, case_id)
    page = window.packet_page
    assert not page.review_button.isEnabled()
    assert not page.export_button.isEnabled()
    assert page.take_home_button.isEnabled()
    assert all(not check.isEnabled() for check in page.basis_checks.values())
    with pytest.raises(NotPermitted):
        session.mark_reviewed(case_id)
    session.lock()


def test_attorney_review_removes_the_draft_mark(qtbot, tmp_path):
    session, case_id = _session(tmp_path, "attorney")
    window = _open_packet(qtbot, session, case_id)
    page = window.packet_page
    # While the letter still has points for counsel, sign-off is refused and says why.
    if session.paragraphs_with_points(case_id):
        page.review_button.click()
        assert "Reviewed by" not in page.status.text()
        assert "points for counsel" in page.message.text()
        write_every_point(session, case_id)
        page.refresh()
    page.review_button.click()
    assert "Reviewed by" in page.status.text()
    _wait_built(qtbot, page)
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(page.pdf_bytes)).pages)
    assert "not reviewed by counsel" not in text
    session.lock()


def test_export_with_password_is_encrypted_and_without_says_so(qtbot, tmp_path):
    session, case_id = _session(tmp_path, "attorney")
    window = _open_packet(qtbot, session, case_id)
    page = window.packet_page
    locked_pdf = tmp_path / "out" / "packet.pdf"
    locked_pdf.parent.mkdir()
    page.write_pdf(page.pdf_bytes, locked_pdf, "correct-horse-1")
    reader = PdfReader(str(locked_pdf))
    assert reader.is_encrypted
    assert oct(os.stat(locked_pdf).st_mode & 0o777) == "0o600"
    assert "encrypted" in page.notice.text()
    open_pdf = tmp_path / "out" / "open.pdf"
    page.write_pdf(page.pdf_bytes, open_pdf, None)
    assert not PdfReader(str(open_pdf)).is_encrypted
    assert "WITHOUT a password" in page.notice.text()
    session.lock()


def test_choosing_legal_bases_is_remembered_for_the_case(qtbot, tmp_path):
    session, case_id = _session(tmp_path, "attorney")
    window = _open_packet(qtbot, session, case_id)
    page = window.packet_page
    first_id, first = next(iter(page.basis_checks.items()))
    first.setChecked(False)
    _wait_built(qtbot, page)
    assert first_id not in session.packet_inputs(case_id).legal_bases
    session.lock()


def test_lock_wipes_the_preview(qtbot, tmp_path):
    session, case_id = _session(tmp_path, "attorney")
    window = _open_packet(qtbot, session, case_id)
    window.lock()
    page = window.packet_page
    assert page.pdf_bytes is None
    assert page.document.pageCount() == 0
    assert page.case_id is None
    assert not page.basis_checks
