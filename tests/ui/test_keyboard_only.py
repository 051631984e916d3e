"""A whole interview without the mouse, in Spanish, found again on the case list after a lock."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QPlainTextEdit, QRadioButton

from intake_app import i18n
from intake_app.ui.main_window import MainWindow
from tests.ui.conftest import PASSPHRASE
from tests.ui.interview_driver import show_active, type_text

# (question id, what to give): text is typed, choices are reached with arrow keys.
ANSWERS = [
    ("consent_understood", "yes"),
    ("consent_to_interview", "yes"),
    ("next section", ""),
    ("detainee_family_names", "Muñoz Peña"),
    ("detainee_given_names", "José Ángel"),
    ("a_number", "A012-345-678"),
    ("facility_name", "Broadview Service Staging"),
]


def _focused():
    return QApplication.focusWidget()


def _tab_to(qtbot, question_id: str):
    """Press Tab until the keyboard is inside the input named `question_id`."""
    for _ in range(400):
        widget = _focused()
        name = widget.objectName() if widget is not None else ""
        if name == question_id or name.startswith(question_id + "."):
            return widget
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {question_id}")


def _give(qtbot, question_id: str, value: str) -> None:
    widget = _tab_to(qtbot, question_id)
    if isinstance(widget, QLineEdit | QPlainTextEdit):
        type_text(qtbot, widget, value)
        qtbot.keyClick(widget, Qt.Key.Key_Return)
    elif isinstance(widget, QRadioButton):
        target = f"{question_id}.{value}"
        for _ in range(10):
            if _focused().objectName() == target:
                break
            qtbot.keyClick(_focused(), Qt.Key.Key_Down)
        qtbot.keyClick(_focused(), Qt.Key.Key_Space)
        assert _focused().objectName() == target and _focused().isChecked()
    elif isinstance(widget, QComboBox):
        while widget.currentData() != value:
            qtbot.keyClick(widget, Qt.Key.Key_Down)
    else:
        raise AssertionError(f"no keyboard recipe for {type(widget).__name__}")


def test_whole_interview_by_keyboard_in_spanish_then_found_after_lock(qtbot, unlocked_session):
    unlocked_session.lock()
    i18n.set_language("es")
    window = MainWindow(unlocked_session)
    qtbot.addWidget(window)
    show_active(qtbot, window)

    type_text(qtbot, window.unlock_page.passphrase, PASSPHRASE)
    qtbot.keyClick(window.unlock_page.passphrase, Qt.Key.Key_Return)
    assert window.stack.currentWidget() is window.cases_page
    assert window.cases_page.new_button.text() == "Nuevo caso"

    qtbot.keyClick(_focused() or window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    page = window.interview_page
    assert window.stack.currentWidget() is page
    case_id = page.case_id
    for question_id, value in ANSWERS:
        if question_id == "next section":
            qtbot.keyClick(_focused(), Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
            assert page.form.sections[page.current_index].id == "identity_custody"
            continue
        _give(qtbot, question_id, value)

    qtbot.keyClick(_focused(), Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert not unlocked_session.is_unlocked
    assert window.stack.currentWidget() is window.unlock_page

    type_text(qtbot, window.unlock_page.passphrase, PASSPHRASE)
    qtbot.keyClick(window.unlock_page.passphrase, Qt.Key.Key_Return)
    qtbot.keyClick(_focused(), Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert _focused() is window.cases_page.search
    type_text(qtbot, window.cases_page.search, "muñoz")
    assert window.cases_page.proxy.rowCount() == 1
    qtbot.keyClick(window.cases_page.search, Qt.Key.Key_Return)
    assert window.stack.currentWidget() is window.interview_page
    assert window.interview_page.case_id == case_id

    stored = unlocked_session.cases.answers(case_id)
    assert stored["detainee_family_names"] == "Muñoz Peña"
    assert stored["detainee_given_names"] == "José Ángel"
    assert stored["a_number"] == "012345678"
    assert stored["consent_to_interview"] == "yes"
    [summary] = unlocked_session.cases.list()
    assert summary.display_name == "MUÑOZ PEÑA, José Ángel"
