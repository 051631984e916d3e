"""What every answer field shares: report an answer, show a stored one, list its inputs."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QWidget

from intake_app.forms import Question


def muted_label(text: str = "") -> QLabel:
    """A secondary line in the palette's placeholder colour, so it follows light and dark themes."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


def is_return(event: QEvent) -> bool:
    return event.type() == QEvent.Type.KeyPress and event.key() in (
        Qt.Key.Key_Return,
        Qt.Key.Key_Enter,
    )


class AnswerField(QWidget):
    """Base of every field. `committed` means "this answer was given": the page saves it."""

    committed = Signal()

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.question = question
        self.interview_language = "en"
        self.ui_language = "en"

    # Every field type defines these three (checked when the class is made, since Qt's
    # metaclass rules out abc.ABC):
    #   raw() -> Any                  what was typed or chosen, before `normalize()`; may raise
    #                                 ValueProblem
    #   show_value(stored) -> None    display a stored answer without reporting it as new
    #   inputs() -> list[QWidget]     the focusable widgets, in tab order
    FIELD_METHODS = ("raw", "show_value", "inputs")

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        missing = [name for name in cls.FIELD_METHODS if not callable(getattr(cls, name, None))]
        if missing:
            raise TypeError(f"{cls.__name__} must define {', '.join(missing)}")

    def focus_input(self) -> None:
        self.inputs()[0].setFocus(Qt.FocusReason.OtherFocusReason)

    def typed_text(self) -> str | None:
        """What was typed, as typed (kept when the form refuses it); None for fields of
        choices, which cannot hold a refused value."""
        return None

    def show_typed(self, text: str) -> None:
        """Show a refused value again, as it was typed, without reporting it as new."""

    def finish_editing(self) -> None:
        """Report a pending typed answer (before navigating away or locking)."""

    def set_languages(self, interview: str, ui: str) -> None:
        self.interview_language, self.ui_language = interview, ui

    def set_accessible(self, name: str, description: str) -> None:
        for widget in self.inputs()[:1]:
            widget.setAccessibleName(name)
            widget.setAccessibleDescription(description)

    def wipe(self) -> None:
        """Forget everything shown (the vault is being locked)."""
        self.show_value(None)


def focus_chain(widgets: Sequence[QWidget]) -> None:
    """Make Tab follow `widgets` in order, whatever order they were created in."""
    for first, second in itertools.pairwise(widgets):
        QWidget.setTabOrder(first, second)
