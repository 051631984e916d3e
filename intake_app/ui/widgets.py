"""Small shared widgets: an error line that screen readers announce, and a centred card layout."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget


class AnnouncedLabel(QLabel):
    """A message line whose changes are announced to assistive technology as alerts."""

    def __init__(self, parent: QWidget | None = None, *, error: bool = True) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self._selectable = False
        if error:
            self.setStyleSheet(
                "color: white; background: #b3261e; padding: 6px; border-radius: 4px;"
            )
        self.hide()

    def announce(self, text: str) -> None:
        if text and not self._selectable:
            # Made selectable (so a message can be copied) on first use: the Qt namespace costs
            # ~20 ms to load, and the unlock screen shows no message until a wrong passphrase.
            from PySide6.QtCore import Qt

            self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self._selectable = True
        self.setText(text)
        self.setAccessibleName(text)
        self.setVisible(bool(text))
        if text:
            # Imported here: QAccessible's types are large and the first screen needs none.
            from PySide6.QtGui import QAccessible, QAccessibleEvent

            event = QAccessibleEvent(self, QAccessible.Event.Alert)
            QAccessible.updateAccessibility(event)

    def clear_message(self) -> None:
        self.announce("")


def centred_card(content: QWidget, max_width: int = 520) -> QWidget:
    """Wrap a form in a framed card centred in the page, as first-run screens usually are."""
    outer = QWidget()
    card = QFrame()
    card.setObjectName("card")
    card.setFrameShape(QFrame.Shape.StyledPanel)
    card.setMaximumWidth(max_width)
    inner = QVBoxLayout(card)
    inner.setContentsMargins(28, 24, 28, 24)
    inner.addWidget(content)
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(card, 3)
    row.addStretch(1)
    column = QVBoxLayout(outer)
    column.addStretch(1)
    column.addLayout(row)
    column.addStretch(2)
    return outer


def path_row(field: QWidget, browse: Callable[[], None], name: str) -> QHBoxLayout:
    """A path field with its “Choose…” button beside it (the button's objectName is `name`)."""
    from PySide6.QtWidgets import QPushButton

    from intake_app.i18n import _

    button = QPushButton(_("Choose…"))
    button.setObjectName(name)
    button.clicked.connect(browse)
    row = QHBoxLayout()
    row.addWidget(field, 1)
    row.addWidget(button)
    return row


def button_row(*buttons: QWidget) -> QHBoxLayout:
    """Buttons pushed to the right, in the order given (the usual foot of a dialog or card)."""
    row = QHBoxLayout()
    row.addStretch(1)
    for button in buttons:
        row.addWidget(button)
    return row


def page_top_bar(title: QWidget, subtitle: QWidget, *buttons: QWidget) -> QHBoxLayout:
    """A page's top row: its title over the case number on the left, its buttons on the right."""
    titles = QVBoxLayout()
    titles.addWidget(title)
    titles.addWidget(subtitle)
    top = QHBoxLayout()
    top.addLayout(titles)
    top.addStretch(1)
    for button in buttons:
        top.addWidget(button)
    return top


def heading(text: str = "", level: int = 1) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * (1.6 if level == 1 else 1.2))
    font.setBold(True)
    label.setFont(font)
    label.setAccessibleName(text)
    label.setWordWrap(True)
    return label


@contextmanager
def busy(*controls: QWidget) -> Iterator[None]:
    """A wait cursor and the given controls disabled while slow work runs on the GUI thread
    (a key derivation takes about a second): painted before the work starts, so the volunteer
    sees that something is happening and cannot press the button twice."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QCursor
    from PySide6.QtWidgets import QApplication

    QApplication.setOverrideCursor(QCursor(Qt.CursorShape.WaitCursor))
    for control in controls:
        control.setEnabled(False)
    QApplication.processEvents()
    try:
        yield
    finally:
        for control in controls:
            control.setEnabled(True)
        QApplication.restoreOverrideCursor()
