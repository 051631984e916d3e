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
    return session, session.cases.import_file(PERSONA)


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
        session.packets.mark_reviewed(case_id)
    session.lock()


def test_a_volunteer_can_neither_print_nor_save_the_packet(qtbot, tmp_path, monkeypatch):
    """The window keeps the CLI's rules: printing and saving the packet are counsel's; no
    print dialog or file dialog even opens (issue 16)."""
    from PySide6.QtPrintSupport import QPrintDialog

    from intake_app.ui import file_dialogs

    opened = []
    monkeypatch.setattr(QPrintDialog, "exec", lambda self: opened.append("print") or 0)
    monkeypatch.setattr(file_dialogs, "save_file", lambda *a, **k: opened.append("save") or "")
    session, case_id = _session(tmp_path, "volunteer")
    window = _open_packet(qtbot, session, case_id)
    page = window.packet_page
    _wait_built(qtbot, page)
    assert page.current_output() == "packet"
    page.print_packet()
    assert page.message.text() == "Your role does not allow this action."
    page.message.clear_message()
    page.export_packet()
    assert page.message.text() == "Your role does not allow this action."
    assert opened == []
    session.lock()


def test_attorney_review_removes_the_draft_mark(qtbot, tmp_path):
    session, case_id = _session(tmp_path, "attorney")
    window = _open_packet(qtbot, session, case_id)
    page = window.packet_page
    # While the letter still has points for counsel, sign-off is refused and says why.
    if session.packets.paragraphs_with_points(case_id):
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
    assert "encrypted" in page.notice.text() and str(locked_pdf) in page.notice.text()
    open_pdf = tmp_path / "out" / "open.pdf"
    page.write_pdf(page.pdf_bytes, open_pdf, None)
    assert not PdfReader(str(open_pdf)).is_encrypted
    assert "WITHOUT a password" in page.notice.text() and str(open_pdf) in page.notice.text()
    session.lock()


def test_choosing_legal_bases_is_remembered_for_the_case(qtbot, tmp_path):
    session, case_id = _session(tmp_path, "attorney")
    window = _open_packet(qtbot, session, case_id)
    page = window.packet_page
    first_id, first = next(iter(page.basis_checks.items()))
    first.setChecked(False)
    _wait_built(qtbot, page)
    assert first_id not in session.packets.inputs(case_id).legal_bases
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


def test_the_packet_step_lists_the_roads_and_previews_one(qtbot, tmp_path):
    session, case_id = _session(tmp_path, "attorney")
    window = _open_packet(qtbot, session, case_id)
    page = window.packet_page
    listed = page.roads_label.text()
    # The Michigan persona: a bond motion and a medical-care request fit; a stay does not.
    assert "Bond motion for the immigration court" in listed
    assert "Medical-care request to the detention facility" in listed
    assert "does not fit" in listed and "Stay of removal" in listed
    index = page.output_choice.findData("road:medical_care_request")
    assert index >= 0 and page.output_choice.findData("road:stay_of_removal") == -1
    page.output_choice.setCurrentIndex(index)
    _wait_built(qtbot, page)
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(page.pdf_bytes)).pages)
    assert "Request for Continued Medical Care" in text
    session.lock()


def test_counsel_exports_the_shown_road_as_a_sealed_word_draft(qtbot, tmp_path, monkeypatch):
    import docx
    import msoffcrypto

    from intake_app.ui import export_dialog

    session, case_id = _session(tmp_path, "attorney")
    window = _open_packet(qtbot, session, case_id)
    page = window.packet_page
    page.output_choice.setCurrentIndex(page.output_choice.findData("road:bond_motion"))
    _wait_built(qtbot, page)
    page.format_choice.setCurrentIndex(page.format_choice.findData("docx"))
    target = tmp_path / "out" / "bond"
    target.parent.mkdir()

    def fake_exec(dialog):
        assert dialog.windowTitle() == "Export Word document"
        dialog.path.setText(str(target))
        dialog.password.setText("correct-horse-1")
        dialog.repeat.setText("correct-horse-1")
        return True

    monkeypatch.setattr(export_dialog.ExportDialog, "exec", fake_exec)
    page.export_shown_button.click()
    saved = target.with_suffix(".docx")
    office = msoffcrypto.OfficeFile(io.BytesIO(saved.read_bytes()))
    office.load_key(password="correct-horse-1")
    plain = io.BytesIO()
    office.decrypt(plain)
    text = " ".join(p.text for p in docx.Document(plain).paragraphs)
    assert "Respondent’s Motion for Custody Redetermination" in text
    assert oct(os.stat(saved).st_mode & 0o777) == "0o600"
    session.lock()


def test_a_volunteer_sees_the_roads_but_gets_no_word_drafts(qtbot, tmp_path):
    session, case_id = _session(tmp_path, "volunteer")
    window = _open_packet(qtbot, session, case_id)
    page = window.packet_page
    assert "Bond motion" in page.roads_label.text()
    assert page.format_choice.findData("docx") == -1
    page.output_choice.setCurrentIndex(page.output_choice.findData("road:bond_motion"))
    _wait_built(qtbot, page)
    page.export_shown()
    assert "role does not allow" in page.message.text()
    session.lock()


def test_counsel_chooses_the_roads_and_the_family_sheet_explains_them(qtbot, tmp_path):
    from intake_app.packet import build_take_home

    session, case_id = _session(tmp_path, "attorney")
    window = _open_packet(qtbot, session, case_id)
    page = window.packet_page
    assert set(page.road_checks) >= {"bond_motion", "medical_care_request"}
    assert "stay_of_removal" not in page.road_checks  # it does not fit this posture
    page.road_checks["medical_care_request"].setChecked(True)
    assert session.packets.inputs(case_id).roads == ("medical_care_request",)
    sheet = build_take_home(session.packets.inputs(case_id))
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(sheet)).pages)
    assert "Lo que su abogado también está haciendo" in text
    assert "personal médico del centro de detención" in text
    assert "Pedirle a un juez de inmigración una audiencia de fianza" not in text
    session.lock()


def test_the_packet_step_says_when_the_letters_have_no_letterhead(qtbot, tmp_path):
    session, case_id = _session(tmp_path, "attorney")
    window = _open_packet(qtbot, session, case_id)
    page = window.packet_page
    assert page.profile_hint.isVisibleTo(page) and "letterhead" in page.profile_hint.text()
    session.packets.set_clinic_profile({"name": "Lakeshore Immigrant Legal Clinic"})
    window.show_review(case_id)
    window.review_page.packet_button.click()
    _wait_built(qtbot, page)
    assert not page.profile_hint.text()
    session.lock()
