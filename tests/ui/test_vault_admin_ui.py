"""The vault's care in the window: who is signed in, what each role may reach, people, audit log,
backup with its reminder, bundles, clipboard hygiene and locking on sleep or screen lock."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from intake_app import i18n
from intake_app.session import Session
from intake_app.store import insecure_test_kdf
from intake_app.ui.audit_dialog import AuditDialog
from intake_app.ui.backup_dialogs import BackupDialog, RestoreDialog
from intake_app.ui.bundle_dialogs import BundleExportDialog, BundleImportDialog
from intake_app.ui.clipboard_guard import ClipboardGuard
from intake_app.ui.main_window import MainWindow
from intake_app.ui.people_dialog import AddPersonDialog, PeopleDialog, kind_label
from tests.ui.conftest import PASSPHRASE

VOLUNTEER = "amber falcon whistle quarry thirty"


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def admin_session(tmp_path):
    s = Session(tmp_path / "admin.vault", kdf=insecure_test_kdf(), sleep=lambda _s: None)
    s.create_vault("Ana Admin", "admin", PASSPHRASE)
    yield s
    s.lock()


def _window(qtbot, session, clock=None) -> MainWindow:
    window = MainWindow(session, clock=clock or FakeClock())
    qtbot.addWidget(window)
    window.show()
    return window


# --- clipboard -------------------------------------------------------------------------------


def test_copied_text_is_cleared_after_30_seconds_if_unchanged(qtbot) -> None:
    clock = FakeClock()
    clipboard = QApplication.clipboard()
    ours = {"value": True}
    guard = ClipboardGuard(clipboard, clock, is_ours=lambda: ours["value"])
    try:
        clipboard.setText("A-2024-CANARY")
        assert guard.pending
        clock.now += 29
        guard.check()
        assert clipboard.text() == "A-2024-CANARY"
        clock.now += 2
        guard.check()
        assert clipboard.text() == "" and not guard.pending

        clipboard.setText("copied in Amparo")
        ours["value"] = False
        clipboard.setText("copied elsewhere later")  # another program's text now
        clock.now += 60
        guard.check()
        assert clipboard.text() == "copied elsewhere later"
    finally:
        guard.deleteLater()


def test_locking_clears_what_was_copied(qtbot, unlocked_session) -> None:
    window = _window(qtbot, unlocked_session)
    window.clipboard_guard._is_ours = lambda: True
    QApplication.clipboard().setText("a family name")
    window.lock()
    assert QApplication.clipboard().text() == ""


# --- signed in, roles, sleep -------------------------------------------------------------------


def test_the_status_bar_names_who_is_signed_in_and_roles_gate_the_menus(
    qtbot, unlocked_session, admin_session
) -> None:
    window = _window(qtbot, unlocked_session)
    assert window.signed_in.text() == "Signed in as Marta Volunteer (Volunteer)"
    actions = window.vault_actions
    for action in (actions.people, actions.audit, actions.backup, actions.purge):
        assert not action.isEnabled()
    assert not actions.export_bundle.isEnabled() and actions.restore.isEnabled()
    window.lock()
    assert window.signed_in.text() == ""
    admin = _window(qtbot, admin_session)
    every = admin.vault_actions
    for action in (every.people, every.audit, every.backup, every.purge, every.export_bundle):
        assert action.isEnabled()
    i18n.set_language("es")
    assert admin.signed_in.text() == "Sesión iniciada: Ana Admin (Administrador(a))"
    assert admin.vault_actions.menu.title() == "&Administración"


def test_sleep_or_screen_lock_locks_the_vault(qtbot, unlocked_session) -> None:
    window = _window(qtbot, unlocked_session)
    window.system_lock.lock_requested.emit("screen_locked")
    assert not unlocked_session.is_unlocked
    assert window.stack.currentWidget() is window.unlock_page


@pytest.mark.skipif(shutil.which("dbus-run-session") is None, reason="no D-Bus here")
def test_a_screen_saver_signal_on_a_real_session_bus_reaches_the_watcher(tmp_path) -> None:
    script = tmp_path / "watch.py"
    script.write_text(
        textwrap.dedent(
            """
            import json, os, subprocess
            os.environ["QT_QPA_PLATFORM"] = "offscreen"
            from PySide6.QtCore import QTimer
            from PySide6.QtWidgets import QApplication
            app = QApplication([])
            from intake_app.ui.system_lock import SystemLockWatcher
            watcher = SystemLockWatcher()
            got = []
            watcher.lock_requested.connect(got.append)
            send = ["dbus-send", "--session", "--type=signal", "/org/freedesktop/ScreenSaver",
                    "org.freedesktop.ScreenSaver.ActiveChanged", "boolean:true"]
            QTimer.singleShot(200, lambda: subprocess.run(send, check=True))
            QTimer.singleShot(1500, app.quit)
            app.exec()
            print(json.dumps({"sources": watcher.sources, "got": got}))
            """
        )
    )
    proc = subprocess.run(
        ["dbus-run-session", "--", sys.executable, str(script)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(__file__).resolve().parents[2],
    )
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    print(f"\nD-Bus lock sources: {result['sources']}; received {result['got']}")
    assert result["got"] == ["screen_locked"]


# --- people, audit log ---------------------------------------------------------------------


def test_the_people_dialog_names_a_role_edited_behind_the_apps_back(qtbot, admin_session) -> None:
    val = admin_session.people.add("Val Volunteer", "volunteer", VOLUNTEER)
    # What an insider holding the vault key could do: promote themselves in the table.
    admin_session.vault().conn.execute("UPDATE people SET role = 'admin' WHERE id = ?", (val.id,))
    dialog = PeopleDialog(admin_session)
    qtbot.addWidget(dialog)
    assert dialog.tampered.isVisibleTo(dialog)
    assert "Val Volunteer" in dialog.tampered.text()
    roles = [dialog.table.item(row, 1).text() for row in range(dialog.table.rowCount())]
    assert roles.count(kind_label("admin", "")) == 1


def test_an_admin_adds_and_removes_a_person_in_the_people_dialog(qtbot, admin_session) -> None:
    dialog = PeopleDialog(admin_session)
    qtbot.addWidget(dialog)
    assert dialog.table.rowCount() == 1
    add = AddPersonDialog(admin_session, dialog)
    add.name.setText("Val Volunteer")
    add.passphrase.setText("short")
    add.repeat.setText("short")
    add.add()
    assert add.error.isVisibleTo(add) and add.person is None
    add.passphrase.setText(VOLUNTEER)
    add.repeat.setText(VOLUNTEER)
    add.kind.setCurrentIndex(0)
    add.add()
    assert add.person is not None and add.person.role == "volunteer"
    dialog.refresh()
    assert dialog.table.rowCount() == 2
    dialog.table.selectRow(1)
    dialog.remove_selected(confirm=False)
    assert dialog.table.rowCount() == 1
    assert "was removed" in dialog.notice.text()


def test_the_audit_log_shows_who_when_which_case_and_what(qtbot, admin_session) -> None:
    case_id = admin_session.cases.create("es")
    admin_session.cases.save_answer(case_id, "detainee_family_names", "Secreto")
    admin_session.cases.open(case_id)
    dialog = AuditDialog(admin_session)
    qtbot.addWidget(dialog)
    rows = [
        [dialog.table.item(r, c).text() for c in range(dialog.COLUMNS)]
        for r in range(dialog.table.rowCount())
    ]
    assert rows[0][1:4] == ["Ana Admin", case_id, "Opened the case"]
    assert not any("Secreto" in cell for row in rows for cell in row)
    dialog.case_filter.setText(case_id.lower())
    assert {dialog.table.item(r, 2).text() for r in range(dialog.table.rowCount())} == {case_id}


# --- backup, restore, bundles --------------------------------------------------------------


def test_backup_dialog_backs_up_with_progress_and_the_reminder_goes(
    qtbot, admin_session, tmp_path
) -> None:
    admin_session.cases.create("es")
    window = _window(qtbot, admin_session)
    assert window.cases_page.backup_reminder.isVisibleTo(window)
    dialog = BackupDialog(admin_session, window)
    dialog.path.setText(str(tmp_path / "usb" / "clinic"))
    (tmp_path / "usb").mkdir()
    assert dialog.back_up()
    assert dialog.progress.value() == 1000
    assert (tmp_path / "usb" / "clinic.amparo-backup").is_file()
    window.refresh_cases()
    assert not window.cases_page.backup_reminder.isVisibleTo(window)

    window.lock()
    restore = RestoreDialog(admin_session, window)
    restore.backup.setText(str(tmp_path / "usb" / "clinic.amparo-backup"))
    restore.target.setText(str(tmp_path / "restored" / "amparo.vault"))
    restore.passphrase.setText(PASSPHRASE)
    restore.restore()
    assert admin_session.vault_path == tmp_path / "restored" / "amparo.vault"
    admin_session.unlock(PASSPHRASE)
    assert len(admin_session.cases.list()) == 1


def test_bundle_dialogs_show_the_passphrase_once_and_import_the_case(
    qtbot, admin_session, tmp_path
) -> None:
    case_id = admin_session.cases.create("es")
    admin_session.cases.save_answer(case_id, "detainee_family_names", "Quispe")
    export = BundleExportDialog(admin_session, case_id)
    qtbot.addWidget(export)
    export.path.setText(str(tmp_path / case_id))
    export.export()
    words = export.passphrase.text()
    assert len(words.split()) == 6 and export.passphrase.isVisibleTo(export)
    export.accept()
    assert export.passphrase.text() == ""
    other = Session(tmp_path / "other.vault", kdf=insecure_test_kdf(), sleep=lambda _s: None)
    other.create_vault("Ada Attorney", "attorney", "violet canyon ledger marble ninety")
    dialog = BundleImportDialog(other)
    qtbot.addWidget(dialog)
    dialog.path.setText(str(tmp_path / f"{case_id}.amparo-case"))
    dialog.passphrase.setText("not the words")
    dialog.import_bundle()
    assert "Nothing was imported" in dialog.message.text() and dialog.imported_case is None
    dialog.passphrase.setText(words)
    dialog.import_bundle()
    assert dialog.imported_case == case_id
    assert other.cases.answers(case_id)["detainee_family_names"] == "Quispe"
    other.lock()


def test_help_opens_the_guide_in_the_windows_language(qtbot, admin_session, monkeypatch) -> None:
    from intake_app.ui.help_dialog import GuideDialog, about_text, shortcuts_html

    window = _window(qtbot, admin_session)
    assert window.help_menu.actions()[0].text() == "Volunteer &guide"
    for language, words in (("en", "a volunteer's guide"), ("es", "guía")):
        i18n.set_language(language)
        dialog = GuideDialog(window)
        qtbot.addWidget(dialog)
        assert words in dialog.browser.toPlainText().lower()
        assert "screenshots/" not in dialog.browser.toMarkdown()
    i18n.set_language("en")
    assert "Ctrl+L" in shortcuts_html() and "not legal advice" in about_text()


def test_adding_a_person_shows_a_wait_cursor_and_blocks_a_second_press(
    qtbot, admin_session, monkeypatch
) -> None:
    seen = []
    real_add = admin_session.people.add

    def watched_add(*args, **kwargs):
        cursor = QApplication.overrideCursor()
        seen.append((cursor.shape() if cursor else None, dialog.isEnabled()))
        return real_add(*args, **kwargs)

    monkeypatch.setattr(admin_session.people, "add", watched_add)
    dialog = AddPersonDialog(admin_session)
    qtbot.addWidget(dialog)
    dialog.name.setText("Val Volunteer")
    dialog.passphrase.setText(VOLUNTEER)
    dialog.repeat.setText(VOLUNTEER)
    dialog.add()
    from PySide6.QtCore import Qt

    assert seen == [(Qt.CursorShape.WaitCursor, False)]
    assert QApplication.overrideCursor() is None and dialog.isEnabled()


def test_an_error_in_the_add_person_dialog_never_squashes_its_fields(qtbot, admin_session):
    from PySide6.QtWidgets import QLineEdit

    dialog = AddPersonDialog(admin_session)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name.setText("Val")
    dialog.passphrase.setText("short")
    dialog.repeat.setText("short")
    dialog.add()
    assert dialog.error.isVisibleTo(dialog)
    for field in dialog.findChildren(QLineEdit):
        assert field.height() >= field.sizeHint().height(), field.objectName()
