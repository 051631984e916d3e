"""The first window: create a vault, unlock it, see the case list, lock, switch language."""

from __future__ import annotations

from PySide6.QtCore import Qt

from intake_app import i18n
from intake_app.ui.main_window import MainWindow
from tests.ui.conftest import PASSPHRASE


def _window(qtbot, session) -> MainWindow:
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    return window


def test_first_run_creates_a_vault_by_keyboard(qtbot, session):
    window = _window(qtbot, session)
    page = window.create_page
    assert window.stack.currentWidget() is page
    qtbot.keyClicks(page.name, "Marta Volunteer")
    qtbot.keyClicks(page.passphrase, PASSPHRASE)
    qtbot.keyClicks(page.repeat, PASSPHRASE)
    qtbot.keyClick(page.repeat, Qt.Key.Key_Return)
    assert session.is_unlocked
    assert window.stack.currentWidget() is window.cases_page
    assert "Marta Volunteer" in window.cases_page.signed_in.text()


def test_short_passphrase_gets_live_feedback_and_creates_nothing(qtbot, session):
    window = _window(qtbot, session)
    page = window.create_page
    qtbot.keyClicks(page.name, "Marta")
    qtbot.keyClicks(page.passphrase, "short")
    assert "15 characters" in page.feedback.text()
    page.create_button.click()
    assert page.error.isVisible() or not page.error.isHidden()
    assert not session.vault_exists()


def test_wrong_passphrase_shows_a_clear_message_and_stays_locked(qtbot, unlocked_session):
    unlocked_session.lock()
    window = _window(qtbot, unlocked_session)
    page = window.unlock_page
    assert window.stack.currentWidget() is page
    qtbot.keyClicks(page.passphrase, "definitely not it")
    qtbot.keyClick(page.passphrase, Qt.Key.Key_Return)
    assert not unlocked_session.is_unlocked
    assert "Wrong passphrase" in page.error.text()
    assert page.error.accessibleName() == page.error.text()


def test_lock_shortcut_clears_the_case_list(qtbot, unlocked_session):
    unlocked_session.cases.create("es")
    window = _window(qtbot, unlocked_session)
    assert window.cases_page.model.rowCount() == 1
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert not unlocked_session.is_unlocked
    assert window.cases_page.model.rowCount() == 0
    assert window.stack.currentWidget() is window.unlock_page
    assert window.windowTitle() == "Amparo"


def test_language_switch_retranslates_the_open_window(qtbot, unlocked_session):
    window = _window(qtbot, unlocked_session)
    assert window.cases_page.new_button.text() == "New case"
    i18n.set_language("es")
    assert window.cases_page.new_button.text() == "Nuevo caso"
    assert window.lock_action.text() == "&Bloquear"
    i18n.set_language("en")
    assert window.cases_page.new_button.text() == "New case"


def test_every_input_has_an_accessible_name(qtbot, session):
    from PySide6.QtWidgets import QComboBox, QLineEdit

    window = _window(qtbot, session)
    for page in (window.create_page, window.unlock_page, window.cases_page):
        for widget in page.findChildren(QLineEdit) + page.findChildren(QComboBox):
            if widget.objectName() == "qt_spinbox_lineedit":
                continue
            assert widget.accessibleName(), widget.objectName()
