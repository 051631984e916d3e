"""Drives the interview's real widgets the way a volunteer does: click, type, Enter, Alt+Right."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QWidget,
)

from intake_app.ui.interview import InterviewPage

PERSONA = Path(__file__).parent / "fixtures" / "persona_rosa.json"


def persona_answers() -> dict[str, Any]:
    return json.loads(PERSONA.read_text(encoding="utf-8"))["answers"]


def show_active(qtbot, widget: QWidget) -> None:
    """Show a top-level widget and wait until it has the keyboard (focus needs it)."""
    widget.resize(1280, 800)
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow, timeout=2000)


def open_page(qtbot, session, case_id: str) -> InterviewPage:
    page = InterviewPage(session)
    qtbot.addWidget(page)
    show_active(qtbot, page)
    page.open_case(case_id)
    return page


def section_index(page: InterviewPage, section_id: str) -> int:
    assert page.form is not None
    return [s.id for s in page.form.sections].index(section_id)


def go_to_section(page: InterviewPage, section_id: str) -> None:
    page.show_section(section_index(page, section_id))


def find(scope: QWidget, cls: type, name: str):
    widget = scope.findChild(cls, name)
    assert widget is not None, f"no {cls.__name__} named {name!r}"
    return widget


def type_text(qtbot, widget: QWidget, text: str) -> None:
    """Type `text` key by key; QTest only knows ASCII keys, so accented letters are sent as
    key events carrying their text, the way a keyboard layout with dead keys delivers them."""
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, char)
            QApplication.sendEvent(widget, event)


def click(qtbot, widget: QWidget) -> None:
    """Scroll the widget into view, then click it (a click lands on what is on screen there)."""
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QScrollArea):
        parent = parent.parentWidget()
    if parent is not None:
        parent.ensureWidgetVisible(widget)
    QApplication.processEvents()
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def answer(qtbot, scope: QWidget, question_id: str, value: Any, enter: bool = True) -> None:
    """Give one answer through its widget; `scope` is the page or a group item's box."""
    widget = scope.findChild(QWidget, question_id)
    assert widget is not None, f"no input named {question_id!r}"
    if isinstance(widget, QLineEdit):
        widget.setFocus()
        widget.selectAll()
        type_text(qtbot, widget, str(value))
        if enter:
            qtbot.keyClick(widget, Qt.Key.Key_Return)
        else:
            widget.clearFocus()
    elif isinstance(widget, QPlainTextEdit):
        widget.setFocus()
        widget.selectAll()
        type_text(qtbot, widget, str(value))
        qtbot.keyClick(widget, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    elif isinstance(widget, QComboBox):
        widget.setFocus()
        widget.setCurrentIndex(widget.findData(value))
    elif widget.findChild(QRadioButton, f"{question_id}.{value}") is not None:
        click(qtbot, find(widget, QRadioButton, f"{question_id}.{value}"))
    else:
        for choice in value:
            click(qtbot, find(widget, QCheckBox, f"{question_id}.{choice}"))


def add_item(qtbot, page: InterviewPage, group_id: str) -> QWidget:
    """Press the group's add button by keyboard; returns the new item's box."""
    button = find(page, QPushButton, f"{group_id}.add")
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Return)
    field = page.current_group_field(group_id)
    return field.boxes[-1]


def focused_name() -> str:
    widget = QApplication.focusWidget()
    return widget.objectName() if widget is not None else ""
