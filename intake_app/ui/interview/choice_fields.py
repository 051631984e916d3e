"""Fields for chosen answers: yes/no and few choices as radio buttons, many as a list, ticks."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from intake_app.domain.values import US_STATES
from intake_app.forms import ANSWER_WORDS, Question, Text
from intake_app.i18n import _
from intake_app.ui.interview.field_base import AnswerField, muted_label

# More choices than this and a list of radio buttons gets too long to scan: use a combo box.
MAX_RADIO_CHOICES = 6


class ChoiceText(QLabel):
    """A choice's words beside its radio button or check box, wrapped over as many lines as
    they need (a button's own text never wraps, and long answers were cut off); a click on
    the words is a click on the button."""

    def __init__(self, button: QAbstractButton) -> None:
        super().__init__()
        self.button = button
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setBuddy(button)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def mouseReleaseEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.button.isEnabled():
            self.button.setFocus(Qt.FocusReason.MouseFocusReason)
            self.button.click()
        super().mouseReleaseEvent(event)


def choice_row(button: QAbstractButton) -> tuple[QHBoxLayout, ChoiceText, QLabel]:
    """[button] [its words, and below them the words in the other language], both wrapping."""
    words = ChoiceText(button)
    other = muted_label()
    other.setWordWrap(True)
    column = QVBoxLayout()
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(0)
    column.addWidget(words)
    column.addWidget(other)
    row = QHBoxLayout()
    row.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
    row.addLayout(column, 1)
    return row, words, other


def options_of(question: Question) -> list[tuple[str, Text]]:
    if question.type == "yes_no":
        ids = ["yes", "no"] + (["unknown"] if question.allow_unknown else [])
        return [(i, ANSWER_WORDS[i]) for i in ids]
    if question.type == "us_state":
        names = sorted(US_STATES.items(), key=lambda item: item[1])
        return [(code, Text({"en": f"{name} ({code})"})) for code, name in names]
    return [(c.id, c.label) for c in question.choices]


class RadioField(AnswerField):
    """A few answers as radio buttons (arrow keys move between them), and a way to clear."""

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        self.setObjectName(question.id)
        self.options = options_of(question)
        self.group = QButtonGroup(self)
        self.buttons: list[QRadioButton] = []
        self.words: list[ChoiceText] = []
        self.translations: list[QLabel] = []
        # Yes/no answers are short and need no translation: they sit on one line.
        across = question.type == "yes_no"
        layout = QHBoxLayout(self) if across else QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(16 if across else 2)
        self.clear_button = QPushButton()
        self.clear_button.setObjectName(f"{question.id}.clear")
        self.clear_button.setFlat(True)
        self.clear_button.setAutoDefault(True)
        self.clear_button.hide()
        for choice_id, _text in self.options:
            button = QRadioButton()
            button.setObjectName(f"{question.id}.{choice_id}")
            self.group.addButton(button)
            self.buttons.append(button)
            if across:
                layout.addWidget(button)
                continue
            row, words, label = choice_row(button)
            self.words.append(words)
            self.translations.append(label)
            layout.addLayout(row)
        if across:
            layout.addSpacing(8)
            layout.addWidget(self.clear_button)
            layout.addStretch(1)
        else:
            # Under the answers, where the eye ends: beside a wrapped answer it floated away.
            layout.addWidget(self.clear_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.group.buttonToggled.connect(self._toggled)
        self.clear_button.clicked.connect(self._clear_answer)

    def _toggled(self, _button: QAbstractButton, checked: bool) -> None:
        if checked:
            self.clear_button.show()
            self.committed.emit()

    def _clear_answer(self) -> None:
        self.show_value(None)
        self.buttons[0].setFocus()
        self.committed.emit()

    def raw(self) -> Any:
        for (choice_id, _text), button in zip(self.options, self.buttons, strict=True):
            if button.isChecked():
                return choice_id
        return None

    def show_value(self, stored: Any) -> None:
        self.group.blockSignals(True)
        # Non-exclusive for a moment: an exclusive group cannot show "nothing chosen".
        self.group.setExclusive(False)
        for (choice_id, _text), button in zip(self.options, self.buttons, strict=True):
            button.setChecked(choice_id == stored)
        self.group.setExclusive(True)
        self.group.blockSignals(False)
        self.clear_button.setVisible(self.raw() is not None)

    def inputs(self) -> list[QWidget]:
        return [*self.buttons, self.clear_button]

    def focus_input(self) -> None:
        checked = [b for b in self.buttons if b.isChecked()]
        (checked or self.buttons)[0].setFocus(Qt.FocusReason.OtherFocusReason)

    def set_languages(self, interview: str, ui: str) -> None:
        super().set_languages(interview, ui)
        for index, ((_id, text), button) in enumerate(zip(self.options, self.buttons, strict=True)):
            if self.words:
                self.words[index].setText(text.get(interview))
                button.setAccessibleName(text.get(interview))
            else:
                button.setText(text.get(interview))
            if self.translations:
                other = text.get(ui) if ui != interview else ""
                self.translations[index].setText(other)
                self.translations[index].setVisible(bool(other))
                button.setAccessibleDescription(other)
        self.clear_button.setText(_("Clear answer"))

    def set_accessible(self, name: str, description: str) -> None:
        self.setAccessibleName(name)
        self.setAccessibleDescription(description)
        self.clear_button.setAccessibleName(
            _("Clear the answer to: {question}").format(question=name)
        )


class _Combo(QComboBox):
    """Ignores the wheel unless focused, so scrolling the page never changes an answer."""

    def wheelEvent(self, event) -> None:
        if self.hasFocus():
            super().wheelEvent(event)
        else:
            event.ignore()


class ComboField(AnswerField):
    """Many answers (or US states) in a drop-down list whose first entry means "no answer"."""

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        self.options = options_of(question)
        self.combo = _Combo()
        self.combo.setObjectName(question.id)
        self.combo.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.combo)
        layout.addStretch(1)
        # The answer shown, kept apart from the list: the list is refilled on a language switch
        # and may not be filled yet when a stored answer arrives.
        self._stored: Any = None
        self.combo.currentIndexChanged.connect(self._changed)

    def _changed(self, _index: int) -> None:
        self._stored = self.combo.currentData()
        self.committed.emit()

    def raw(self) -> Any:
        return self.combo.currentData()

    def show_value(self, stored: Any) -> None:
        self._stored = stored
        index = self.combo.findData(stored) if stored is not None else 0
        self.combo.blockSignals(True)
        self.combo.setCurrentIndex(max(index, 0))
        self.combo.blockSignals(False)

    def inputs(self) -> list[QWidget]:
        return [self.combo]

    def set_languages(self, interview: str, ui: str) -> None:
        super().set_languages(interview, ui)
        self.combo.blockSignals(True)
        self.combo.clear()
        self.combo.addItem(_("(no answer)"), None)
        for choice_id, text in self.options:
            shown = text.get(interview)
            if ui != interview and text.get(ui) != shown:
                shown = f"{shown} — {text.get(ui)}"
            self.combo.addItem(shown, choice_id)
        self.combo.blockSignals(False)
        self.show_value(self._stored)


class CheckboxField(AnswerField):
    """Any number of answers as check boxes; every tick is saved."""

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        self.setObjectName(question.id)
        self.options = options_of(question)
        self.boxes: list[QCheckBox] = []
        self.words: list[ChoiceText] = []
        self.translations: list[QLabel] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        for choice_id, _text in self.options:
            box = QCheckBox()
            box.setObjectName(f"{question.id}.{choice_id}")
            box.toggled.connect(self._toggled)
            row, words, label = choice_row(box)
            self.boxes.append(box)
            self.words.append(words)
            self.translations.append(label)
            layout.addLayout(row)

    def _toggled(self, _checked: bool) -> None:
        self.committed.emit()

    def raw(self) -> Any:
        return [
            cid for (cid, _t), box in zip(self.options, self.boxes, strict=True) if box.isChecked()
        ]

    def show_value(self, stored: Any) -> None:
        chosen = set(stored) if isinstance(stored, list) else set()
        for (choice_id, _text), box in zip(self.options, self.boxes, strict=True):
            box.blockSignals(True)
            box.setChecked(choice_id in chosen)
            box.blockSignals(False)

    def inputs(self) -> list[QWidget]:
        return list(self.boxes)

    def set_languages(self, interview: str, ui: str) -> None:
        super().set_languages(interview, ui)
        for (_id, text), box, words, label in zip(
            self.options, self.boxes, self.words, self.translations, strict=True
        ):
            words.setText(text.get(interview))
            box.setAccessibleName(text.get(interview))
            other = text.get(ui) if ui != interview else ""
            label.setText(other)
            label.setVisible(bool(other))
            box.setAccessibleDescription(other)

    def set_accessible(self, name: str, description: str) -> None:
        self.setAccessibleName(name)
        self.setAccessibleDescription(description)
