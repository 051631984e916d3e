"""One question: its label in two languages, guidance for the volunteer, the input, its message."""

from __future__ import annotations

import dataclasses
import html
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QLabel,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from intake_app.forms import Form, Question, ValueProblem, english_key, normalize
from intake_app.i18n import _
from intake_app.ui.interview.fields import AnswerField, is_return, make_field, muted_label
from intake_app.ui.interview.messages import issue_text
from intake_app.ui.widgets import AnnouncedLabel

NOT_IN_GROUP = -1


class GuidanceToggle(QPushButton):
    """ "Why we ask · How to ask": flat until it has the keyboard focus, then drawn as a button,
    so a volunteer tabbing through sees where they are (a flat button's focus is faint)."""

    def focusInEvent(self, event) -> None:
        self.setFlat(False)
        super().focusInEvent(event)

    def focusOutEvent(self, event) -> None:
        self.setFlat(True)
        super().focusOutEvent(event)


class QuestionWidget(QFrame):
    """Shows one question and reports each answer given, already normalized.

    `answer_given(question_id, item_index, value)`: item_index is NOT_IN_GROUP outside a group.
    `advance_requested(self)`: Enter was pressed; the page moves to the next question.
    """

    answer_given = Signal(str, int, object)
    # (question_id, item_index, typed, problem code): a value the form refused, to be kept.
    draft_given = Signal(str, int, str, str)
    advance_requested = Signal(object)

    def __init__(
        self,
        form: Form,
        question: Question,
        field: AnswerField,
        item_index: int = NOT_IN_GROUP,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.form = form
        self.question = question
        self.field = field
        self.item_index = item_index
        self.setObjectName(f"question_{question.id}")
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        font = self.label.font()
        font.setBold(True)
        self.label.setFont(font)
        self.translation = muted_label()
        self.translation.setTextFormat(Qt.TextFormat.PlainText)
        self.guidance_button = GuidanceToggle()
        self.guidance_button.setObjectName(f"{question.id}.guidance")
        self.guidance_button.setCheckable(True)
        self.guidance_button.setFlat(True)
        self.guidance_button.setAutoDefault(True)
        self.guidance_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        # Both made on first use: most are never needed, and a styled label per question
        # would make a page slow to show the first time.
        self.guidance: QLabel | None = None
        self.message: AnnouncedLabel | None = None
        # The engine's code and params, kept so a language switch can re-word the message.
        self.issue: tuple[str, dict[str, Any]] | None = None

        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(0, 6, 0, 6)
        self.column.setSpacing(3)
        self.column.addWidget(self.label)
        self.column.addWidget(self.translation)
        # A group's guidance comes before its items, not after the last of them.
        self.guidance_first = question.is_group
        if self.guidance_first:
            self.column.addWidget(self.guidance_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.column.addWidget(field)
        # Free text in the family's words: an interview not held in English writes an English
        # rendering beside it, and the English letters print only that (forms/model.py).
        self.english: AnswerField | None = None
        self.english_label: QLabel | None = None
        if question.needs_english:
            self.english_label = muted_label()
            self.english_label.setWordWrap(True)
            rendering = dataclasses.replace(
                question, id=english_key(question.id), required=False, show_if=None
            )
            self.english = make_field(rendering)
            self.column.addWidget(self.english_label)
            self.column.addWidget(self.english)
            self.english.committed.connect(self.take_english)
        if not self.guidance_first:
            self.column.addWidget(self.guidance_button, 0, Qt.AlignmentFlag.AlignLeft)

        field.committed.connect(self.take_answer)
        if hasattr(field, "advance_requested"):
            field.advance_requested.connect(lambda: self.advance_requested.emit(self))
        self.guidance_button.toggled.connect(self._show_guidance)
        self.interview_language = self.ui_language = ""
        # Whether the form's conditions show this question; None until first decided. Kept
        # here because isHidden() is also true of a new widget its parent has not shown yet.
        self.shown_by_form: bool | None = None

    def show_by_form(self, shown: bool) -> None:
        if shown != self.shown_by_form:
            self.shown_by_form = shown
            self.setVisible(shown)

    # --- languages ---------------------------------------------------------------------------

    def set_languages(self, interview: str, ui: str) -> None:
        self.interview_language, self.ui_language = interview, ui
        question = self.question
        asked = question.label.get(interview)
        self.label.setText(asked + (" *" if question.required else ""))
        other = question.label.get(ui) if ui != interview else ""
        self.translation.setText(other)
        self.translation.setVisible(bool(other))
        description = other
        if question.required:
            description = " ".join(filter(None, (_("Required."), other)))
        self.field.set_languages(interview, ui)
        self.field.set_accessible(asked, description)
        if self.english is not None and self.english_label is not None:
            needed = interview != "en"
            self.english_label.setText(
                _("In English, for the letters (the volunteer or interpreter writes it):")
            )
            self.english.set_languages(interview, ui)
            self.english.set_accessible(
                _("{question}, in English").format(question=question.label.get(ui)),
                _("The English letters print only this, never the answer above."),
            )
            self.english_label.setVisible(needed)
            self.english.setVisible(needed)
        self._set_guidance_button_text()
        if self.guidance is not None:
            self.guidance.setText(self._guidance_html())
        if self.issue is not None and self.message is not None:
            text = issue_text(self.form, self.question, *self.issue)
            self.message.setText(text)
            self.message.setAccessibleName(text)
            for widget in self.field.inputs()[:1]:
                widget.setAccessibleDescription(text)

    def _set_guidance_button_text(self) -> None:
        arrow = "▾" if self.guidance_button.isChecked() else "▸"
        self.guidance_button.setText(f"{arrow} " + _("Why we ask · How to ask"))
        self.guidance_button.setAccessibleName(_("Guidance for the volunteer"))

    def _guidance_html(self) -> str:
        # Guidance is for the volunteer, so it is in the UI language.
        why = html.escape(self.question.help.why.get(self.ui_language))
        how = html.escape(self.question.help.how.get(self.ui_language))
        # The labels stay outside the f-string: the catalog extractor does not look inside one.
        why_label, how_label = _("Why we ask:"), _("How to ask:")
        return f"<b>{html.escape(why_label)}</b> {why}<br><br><b>{html.escape(how_label)}</b> {how}"

    def _show_guidance(self, shown: bool) -> None:
        if self.guidance is None:
            self.guidance = QLabel()
            self.guidance.setObjectName(f"{self.question.id}.guidance_text")
            self.guidance.setWordWrap(True)
            self.guidance.setTextFormat(Qt.TextFormat.RichText)
            self.guidance.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.guidance.setFrameShape(QFrame.Shape.StyledPanel)
            self.guidance.setMargin(8)
            self.column.insertWidget(self.column.indexOf(self.guidance_button) + 1, self.guidance)
        self.guidance.setText(self._guidance_html())
        self.guidance.setVisible(shown)
        self._set_guidance_button_text()

    # --- answers -----------------------------------------------------------------------------

    def take_answer(self) -> None:
        """Normalize what was given; a problem is shown (and nothing saved), else it is reported."""
        try:
            value = normalize(self.question, self.field.raw())
        except ValueProblem as problem:
            self.show_issue(problem.code, dict(problem.params))
            typed = self.field.typed_text()
            if typed and typed.strip():
                # Kept as typed and listed on the review: a refused value is never lost.
                self.draft_given.emit(self.question.id, self.item_index, typed, problem.code)
            return
        self.clear_issue()
        self.answer_given.emit(self.question.id, self.item_index, value)

    def show_value(self, stored: Any) -> None:
        self.field.show_value(stored)

    def take_english(self) -> None:
        """The English rendering was written: reported under the `<id>@en` key."""
        assert self.english is not None
        try:
            value = normalize(self.question, self.english.raw())
        except ValueProblem as problem:
            self.show_issue(problem.code, dict(problem.params))
            return
        self.answer_given.emit(english_key(self.question.id), self.item_index, value)

    def show_english(self, stored: Any) -> None:
        if self.english is not None:
            self.english.show_value(stored)

    def show_draft(self, typed: str, code: str) -> None:
        """A refused value kept from before (another section, a lock): shown as typed, with
        what is wrong with it."""
        self.field.show_typed(typed)
        self.show_issue(code, {})

    def show_issue(self, code: str, params: dict[str, Any]) -> None:
        """Show (and have screen readers announce) what is wrong with the answer."""
        self.issue = (code, params)
        text = issue_text(self.form, self.question, code, params)
        if self.message is None:
            self.message = AnnouncedLabel()
            self.message.setObjectName(f"{self.question.id}.message")
            # Right under the input it is about, before the guidance.
            self.column.insertWidget(self.column.indexOf(self.field) + 1, self.message)
        self.message.announce(text)
        for widget in self.field.inputs()[:1]:
            widget.setAccessibleDescription(text)

    def clear_issue(self) -> None:
        if self.issue is not None:
            self.issue = None
            if self.message is not None:
                self.message.clear_message()
            self.set_languages(self.interview_language, self.ui_language)

    def focus_widgets(self) -> list[QWidget]:
        english = self.english.inputs() if self.english is not None else []
        if self.guidance_first:
            return [self.guidance_button, *self.field.inputs(), *english]
        return [*self.field.inputs(), *english, self.guidance_button]

    def focus_input(self) -> None:
        self.field.focus_input()

    def wipe(self) -> None:
        self.field.wipe()
        if self.english is not None:
            self.english.wipe()
        self.issue = None
        if self.message is not None:
            self.message.clear_message()

    def keyPressEvent(self, event) -> None:
        # Enter is ignored by line edits (after they report), radio buttons and check boxes, so
        # it reaches here: it means "next question".
        if is_return(event):
            focused = QApplication.focusWidget()
            if (
                isinstance(focused, QRadioButton)
                and not focused.isChecked()
                and self.field.raw() is None
                and self.field.isAncestorOf(focused)
            ):
                # Enter on an answer of a question not yet answered chooses it, then moves on:
                # the group is never skipped unanswered by the key the guide says moves on.
                focused.click()
            self.field.finish_editing()
            self.advance_requested.emit(self)
            event.accept()
            return
        super().keyPressEvent(event)
