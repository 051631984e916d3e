"""File dialogs leave no client value in the user's configuration or cache (issue 16)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest
import shiboken6
from PySide6.QtWidgets import QFileDialog

from intake_app.ui import file_dialogs

CANARY = "QUISPE MAMANI"


@pytest.fixture
def family_folder(tmp_path) -> Path:
    folder = tmp_path / f"Familia {CANARY}"
    folder.mkdir()
    (folder / "acta.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    return folder


@pytest.fixture
def chooses(monkeypatch, family_folder):
    """Every dialog 'goes' to the family's folder and picks its file, as a volunteer would."""

    def pick(dialog: QFileDialog) -> int:
        dialog.setDirectory(str(family_folder))
        if dialog.acceptMode() == QFileDialog.AcceptMode.AcceptSave:
            dialog.selectFile(str(family_folder / "nuevo.pdf"))  # no overwrite question
        elif dialog.fileMode() == QFileDialog.FileMode.Directory:
            dialog.selectFile(str(family_folder))
        else:
            dialog.selectFile(str(family_folder / "acta.pdf"))
        dialog.accept()
        return 1

    monkeypatch.setattr(QFileDialog, "exec", pick)


def _leaks(*folders: Path) -> list[str]:
    found = []
    for folder in folders:
        for path in folder.rglob("*"):
            data = path.read_bytes() if path.is_file() else b""
            if any(form.encode() in data for form in (CANARY, quote(CANARY))):
                found.append(str(path))
            if CANARY in str(path.relative_to(folder)):
                found.append(str(path))
    return found


def test_qt_alone_would_remember_the_familys_folder(qtbot, chooses, private_qsettings):
    """The check can fail: Qt's own dialog writes the folder to QtProject.conf."""
    dialog = QFileDialog(None, "Attach")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.exec()
    shiboken6.delete(dialog)
    assert _leaks(Path(private_qsettings))
    file_dialogs.forget_dialog_memory()
    assert _leaks(Path(private_qsettings)) == []


def test_amparos_dialogs_forget_the_folder_as_they_close(
    qtbot, chooses, private_qsettings, family_folder, isolated_env
):
    assert file_dialogs.open_files(None, "Attach", "PDF (*.pdf)") == [
        str(family_folder / "acta.pdf")
    ]
    assert file_dialogs.open_file(None, "Logo") == str(family_folder / "acta.pdf")
    assert file_dialogs.save_file(None, "Save", str(family_folder / "packet.pdf"))
    assert file_dialogs.choose_folder(None, "Clinic folder")
    assert _leaks(Path(private_qsettings), isolated_env.root) == []


def test_a_window_session_that_attaches_and_exports_leaves_nothing_behind(
    qtbot, chooses, private_qsettings, family_folder, isolated_env, tmp_path
):
    """Attach through the documents page and save a packet through the export dialog; then
    the configuration and cache folders hold no client value."""
    from intake_app.session import Session
    from intake_app.store import insecure_test_kdf
    from intake_app.ui.documents_page import DocumentsPage
    from tests.ui.conftest import PASSPHRASE

    session = Session(tmp_path / "v.vault", kdf=insecure_test_kdf(), sleep=lambda _s: None)
    session.create_vault("Ana", "admin", PASSPHRASE)
    case_id = session.cases.create("es")
    session.cases.save_answer(case_id, "detainee_family_names", CANARY)
    page = DocumentsPage(session)
    qtbot.addWidget(page)
    page.show_case(case_id)
    added: list[Path] = []
    page.add_files = added.extend  # what the page would attach: the file the volunteer picked
    page.choose_files()
    assert added == [family_folder / "acta.pdf"]
    chosen = file_dialogs.save_file(None, "Save the packet", str(family_folder / "p.pdf"))
    assert chosen
    session.lock()
    assert _leaks(Path(private_qsettings), isolated_env.root) == []
