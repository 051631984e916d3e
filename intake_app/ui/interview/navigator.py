"""The list of sections beside the interview, each marked complete, partly done or not started."""

from __future__ import annotations

from collections.abc import Collection

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from intake_app.forms import Evaluation, Form
from intake_app.i18n import _
from intake_app.ui.interview.progress import SectionState, section_states

_MARKS = {SectionState.COMPLETE: "✓", SectionState.PARTIAL: "◐", SectionState.EMPTY: "○"}


def state_words(state: SectionState) -> str:
    return {
        SectionState.COMPLETE: _("complete"),
        SectionState.PARTIAL: _("required answers missing"),
        SectionState.EMPTY: _("not started"),
    }[state]


class SectionNavigator(QListWidget):
    """One row per section of the form (row = section index); hidden sections are hidden rows."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("section_list")
        self.setMinimumWidth(230)
        self.setMaximumWidth(300)
        self.setWordWrap(True)

    def set_form(self, form: Form) -> None:
        self.blockSignals(True)
        self.clear()
        for section in form.sections:
            item = QListWidgetItem()
            item.setData(Qt.ItemDataRole.UserRole, section.id)
            self.addItem(item)
        self.blockSignals(False)

    def wipe(self) -> None:
        self.blockSignals(True)
        self.clear()
        self.blockSignals(False)

    def select_quietly(self, row: int) -> None:
        self.blockSignals(True)
        self.setCurrentRow(row)
        self.blockSignals(False)

    def update_marks(
        self, form: Form, evaluation: Evaluation, language: str, drafted: Collection[str] = ()
    ) -> None:
        states = section_states(form, evaluation, drafted)
        shown = {s.id for s in evaluation.sections}
        for row, section in enumerate(form.sections):
            item = self.item(row)
            if item is None:
                continue
            state = states.get(section.id, SectionState.EMPTY)
            title = section.title.get(language)
            words = state_words(state)
            item.setText(f"{_MARKS[state]}  {title}")
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{title}, {words}")
            item.setToolTip(words)
            item.setHidden(section.id not in shown)

    def state_of(self, row: int) -> str:
        """The mark shown on a row ("✓", "◐" or "○"), for tests and screenshots."""
        item = self.item(row)
        return item.text().split(" ", 1)[0] if item is not None else ""
