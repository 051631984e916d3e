"""One section of the form as a scrolling page: title, the script to read aloud, its questions."""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from intake_app.forms import Evaluation, Form, Section
from intake_app.ui.interview.fields import make_field, muted_label
from intake_app.ui.interview.group_widget import GroupField
from intake_app.ui.interview.question_widget import QuestionWidget
from intake_app.ui.widgets import heading

# Wide lines are hard to read aloud from: the questions stay in a column of at most this width.
MAX_CONTENT_WIDTH = 860


class SectionView(QScrollArea):
    """Built once per section and kept; switching sections only changes which one shows."""

    def __init__(self, form: Form, section: Section, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = form
        self.section = section
        self.setObjectName(f"section_{section.id}")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        content = QWidget()
        content.setMaximumWidth(MAX_CONTENT_WIDTH)
        self.title = heading(level=1)
        self.title_translation = muted_label()
        self.intro: QLabel | None = None
        self.intro_translation: QLabel | None = None
        column = QVBoxLayout(content)
        column.setContentsMargins(18, 12, 18, 18)
        column.addWidget(self.title)
        column.addWidget(self.title_translation)
        if section.intro is not None:
            self.intro = QLabel()
            self.intro.setObjectName(f"{section.id}.intro")
            self.intro.setWordWrap(True)
            self.intro.setTextFormat(Qt.TextFormat.PlainText)
            self.intro.setFrameShape(QFrame.Shape.StyledPanel)
            self.intro.setMargin(10)
            self.intro.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.intro_translation = muted_label()
            self.intro_translation.setTextFormat(Qt.TextFormat.PlainText)
            column.addWidget(self.intro)
            column.addWidget(self.intro_translation)
            column.addSpacing(6)
        self.questions: dict[str, QuestionWidget] = {}
        self.groups: dict[str, GroupField] = {}
        for question in section.questions:
            if question.is_group:
                field = GroupField(form, question)
                self.groups[question.id] = field
            else:
                field = make_field(question)
            widget = QuestionWidget(form, question, field)
            self.questions[question.id] = widget
            column.addWidget(widget)
        column.addStretch(1)
        # A row rather than an alignment: the layout then asks the wrapped labels for their
        # height at the width they really get, and none is cut short.
        outer = QWidget()
        row = QHBoxLayout(outer)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(content, 1)
        row.addStretch(0)
        self.setWidget(outer)

    def set_languages(self, interview: str, ui: str) -> None:
        section = self.section
        self.title.setText(section.title.get(interview))
        self.title.setAccessibleName(section.title.get(interview))
        other = section.title.get(ui) if ui != interview else ""
        self.title_translation.setText(other)
        self.title_translation.setVisible(bool(other))
        if section.intro is not None and self.intro and self.intro_translation:
            self.intro.setText(section.intro.get(interview))
            other = section.intro.get(ui) if ui != interview else ""
            self.intro_translation.setText(other)
            self.intro_translation.setVisible(bool(other))
        for widget in self.questions.values():
            widget.set_languages(interview, ui)

    def all_questions(self) -> Iterator[QuestionWidget]:
        """Every question widget, group items included, in document order."""
        for widget in self.questions.values():
            yield widget
            group = self.groups.get(widget.question.id)
            if group is not None:
                for box in group.boxes:
                    yield from box.questions

    def shown_questions(self) -> list[QuestionWidget]:
        """The questions one answers in turn (group items' questions, not the groups)."""
        shown: list[QuestionWidget] = []
        for widget in self.questions.values():
            if not widget.shown_by_form:
                continue
            group = self.groups.get(widget.question.id)
            if group is None:
                shown.append(widget)
                continue
            for box in group.boxes:
                shown += [q for q in box.questions if q.shown_by_form]
        return shown

    def apply_visibility(self, evaluation: Evaluation) -> None:
        """Hidden means absent: show only what the answers so far call for."""
        for question_id, widget in self.questions.items():
            widget.show_by_form(question_id in evaluation.visible)
        for group in self.groups.values():
            for index, box in enumerate(group.boxes):
                for widget in box.questions:
                    widget.show_by_form(evaluation.is_visible(widget.question.id, index))

    def focus_widgets(self) -> list[QWidget]:
        chain: list[QWidget] = []
        for widget in self.questions.values():
            chain += widget.focus_widgets()
        return chain

    def wipe(self) -> None:
        for widget in list(self.all_questions()):
            widget.wipe()
        for label in (self.intro, self.intro_translation):
            if label is not None:
                label.clear()
