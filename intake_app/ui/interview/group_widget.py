"""A repeating group (children, incidents): one framed box per item, with add/remove/move."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from intake_app.forms import Form, Question, english_key
from intake_app.i18n import _
from intake_app.ui.interview.fields import AnswerField, make_field, muted_label
from intake_app.ui.interview.question_widget import QuestionWidget


def _button(object_name: str) -> QPushButton:
    button = QPushButton()
    button.setObjectName(object_name)
    button.setAutoDefault(True)  # Enter presses it, as Space does
    return button


class ItemBox(QFrame):
    """One item of a group. objectName `{group}_{index}` (0-based, as `Issue.item_index`)."""

    def __init__(self, form: Form, group: Question, index: int, count: int) -> None:
        super().__init__()
        self.group = group
        self.index = index
        self.setObjectName(f"{group.id}_{index}")
        self.setProperty("item_index", index)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = QLabel()
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.title.setFont(font)
        self.subtitle = muted_label()
        self.up = _button(f"{group.id}_{index}.move_up")
        self.down = _button(f"{group.id}_{index}.move_down")
        self.remove = _button(f"{group.id}_{index}.remove")
        self.up.setEnabled(index > 0)
        self.down.setEnabled(index < count - 1)
        self.questions = [
            QuestionWidget(form, child, make_field(child), index) for child in group.questions
        ]
        header = QHBoxLayout()
        header.addWidget(self.title)
        header.addWidget(self.subtitle)
        header.addStretch(1)
        for button in (self.up, self.down, self.remove):
            header.addWidget(button)
        column = QVBoxLayout(self)
        column.setContentsMargins(14, 10, 14, 10)
        column.addLayout(header)
        for question in self.questions:
            column.addWidget(question)

    def set_languages(self, interview: str, ui: str) -> None:
        item_label = self.group.item_label
        assert item_label is not None  # the loader requires it on every group
        title = item_label.format(interview, n=self.index + 1)
        self.title.setText(title)
        other = item_label.format(ui, n=self.index + 1) if ui != interview else ""
        self.subtitle.setText(other)
        self.subtitle.setVisible(bool(other))
        self.setAccessibleName(title)
        self.up.setText(_("Move up"))
        self.down.setText(_("Move down"))
        self.remove.setText(_("Remove"))
        self.up.setAccessibleName(_("Move {item} up").format(item=title))
        self.down.setAccessibleName(_("Move {item} down").format(item=title))
        self.remove.setAccessibleName(_("Remove {item}").format(item=title))
        for question in self.questions:
            question.set_languages(interview, ui)

    def focus_widgets(self) -> list[QWidget]:
        chain: list[QWidget] = [self.up, self.down, self.remove]
        for question in self.questions:
            chain += question.focus_widgets()
        return chain


class GroupField(AnswerField):
    """The items of one group. Structural edits are reported as the whole new list of items.

    `items_edited(group_id, items)`: the page saves `items`, then calls `show_value(items)`,
    which rebuilds the boxes and puts the focus where the edit leaves it. Answers inside items
    are reported by each child QuestionWidget (`boxes[i].questions`); `boxes_rebuilt` tells
    the page to connect the new ones.
    """

    items_edited = Signal(str, list)
    boxes_rebuilt = Signal()

    def __init__(self, form: Form, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        self.form = form
        self.setObjectName(question.id)
        self.items: list[dict[str, Any]] = []
        self.boxes: list[ItemBox] = []
        # (item index, "first" | "up" | "down" | "remove"): where focus goes after a rebuild.
        self._focus_after: tuple[int, str] | None = None
        self.add_button = _button(f"{question.id}.add")
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(0, 0, 0, 0)
        self.column.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.add_button.clicked.connect(self._add)

    # --- AnswerField -------------------------------------------------------------------------

    def raw(self) -> Any:
        return [dict(item) for item in self.items]

    def show_value(self, stored: Any) -> None:
        """Rebuild the boxes for `stored` (a list of item mappings, or None)."""
        items = stored if isinstance(stored, list) else []
        self.items = [dict(item) if isinstance(item, dict) else {} for item in items]
        for box in self.boxes:
            for question in box.questions:
                question.wipe()
            box.setParent(None)
            box.deleteLater()
        self.boxes = []
        for index, item in enumerate(self.items):
            box = ItemBox(self.form, self.question, index, len(self.items))
            if self.interview_language:
                box.set_languages(self.interview_language, self.ui_language)
            for question in box.questions:
                question.show_value(item.get(question.question.id))
                question.show_english(item.get(english_key(question.question.id)))
            box.up.clicked.connect(lambda _c=False, i=index: self._move(i, i - 1))
            box.down.clicked.connect(lambda _c=False, i=index: self._move(i, i + 1))
            box.remove.clicked.connect(lambda _c=False, i=index: self._remove(i))
            self.column.insertWidget(index, box)
            box.show()  # now, not when the layout gets round to it: it may be used at once
            self.boxes.append(box)
        self._update_add_button()
        self.boxes_rebuilt.emit()
        if self._focus_after is not None:
            self._restore_focus(*self._focus_after)
            self._focus_after = None

    def _restore_focus(self, index: int, where: str) -> None:
        if not 0 <= index < len(self.boxes):
            self.add_button.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        box = self.boxes[index]
        if where == "first":
            self.focus_item(index)
            return
        button = {"up": box.up, "down": box.down, "remove": box.remove}[where]
        if not button.isEnabled():  # moved to the top or bottom: the other arrow still works
            button = box.down if where == "up" else box.up
        button.setFocus(Qt.FocusReason.OtherFocusReason)

    def inputs(self) -> list[QWidget]:
        chain: list[QWidget] = []
        for box in self.boxes:
            chain += box.focus_widgets()
        return [*chain, self.add_button]

    def focus_input(self) -> None:
        self.focus_item(0)

    def set_languages(self, interview: str, ui: str) -> None:
        super().set_languages(interview, ui)
        add_label = self.question.add_label
        assert add_label is not None  # the loader requires it on every group
        # The button is the volunteer's action, so it speaks the UI language.
        self.add_button.setText("+ " + add_label.get(ui))
        self.add_button.setAccessibleName(add_label.get(ui))
        for box in self.boxes:
            box.set_languages(interview, ui)

    def set_accessible(self, name: str, description: str) -> None:
        self.setAccessibleName(name)
        self.setAccessibleDescription(description)

    def wipe(self) -> None:
        self.show_value(None)

    # --- items -------------------------------------------------------------------------------

    def set_item_answer(self, index: int, question_id: str, value: Any) -> list[dict[str, Any]]:
        """Record one answer inside item `index` (no rebuild); returns the new list to save."""
        while len(self.items) <= index:
            self.items.append({})
        item = dict(self.items[index])
        if value is None:
            item.pop(question_id, None)
        else:
            item[question_id] = value
        self.items[index] = item
        return [dict(i) for i in self.items]

    def focus_item(self, index: int, question_id: str | None = None) -> QWidget:
        """Focus an item's question (its first visible one by default); returns the widget."""
        if not 0 <= index < len(self.boxes):
            self.add_button.setFocus(Qt.FocusReason.OtherFocusReason)
            return self.add_button
        box = self.boxes[index]
        for question in box.questions:
            if question_id in (None, question.question.id) and question.shown_by_form is not False:
                question.focus_input()
                return question
        box.remove.setFocus(Qt.FocusReason.OtherFocusReason)
        return box

    def _update_add_button(self) -> None:
        limit = self.question.max_items
        self.add_button.setEnabled(limit is None or len(self.items) < limit)

    def _add(self) -> None:
        items = [*self.raw(), {}]
        self._focus_after = (len(items) - 1, "first")
        self.items_edited.emit(self.question.id, items)

    def _move(self, index: int, target: int) -> None:
        if not (0 <= index < len(self.items) and 0 <= target < len(self.items)):
            return
        items = self.raw()
        items[index], items[target] = items[target], items[index]
        self._focus_after = (target, "up" if target < index else "down")
        self.items_edited.emit(self.question.id, items)

    def _remove(self, index: int) -> None:
        if not 0 <= index < len(self.items):
            return
        if self.items[index] and not self._confirm_remove(index):
            return
        items = self.raw()
        del items[index]
        self._focus_after = (min(index, len(items) - 1), "remove")
        self.items_edited.emit(self.question.id, items)

    def _confirm_remove(self, index: int) -> bool:
        box = self.boxes[index]
        answer = QMessageBox.question(
            self,
            _("Remove"),
            _("Remove {item} and all of its answers?").format(item=box.title.text()),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes
