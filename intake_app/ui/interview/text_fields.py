"""Fields for typed answers: text, numbers, money, dates, times, A-numbers, phones, emails, ZIPs."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

from intake_app.domain.dates import parse_typed, read_stored
from intake_app.domain.values import format_a_number, format_phone
from intake_app.forms import Question
from intake_app.forms.values import format_answer_date
from intake_app.i18n import _
from intake_app.ui.interview.field_base import AnswerField, is_return, muted_label

SHORT_ANSWERS = frozenset({"number", "money", "date", "time", "a_number", "phone", "zip_code"})


class LineField(AnswerField):
    """A one-line answer; reported when Enter is pressed or focus leaves, if it changed."""

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        self.editor = QLineEdit()
        self.editor.setObjectName(question.id)
        self.editor.setClearButtonEnabled(True)
        self._reported = ""  # the text last shown or reported: unchanged text is not re-saved
        self._stored: Any = None
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(0, 0, 0, 0)
        self.row.addWidget(self.editor, 1)
        if question.type in SHORT_ANSWERS:
            # A short answer in a short box: the width hints at what is expected.
            self.editor.setMaximumWidth(self.editor.fontMetrics().horizontalAdvance("0") * 26)
            self.row.addStretch(1)
        self.editor.editingFinished.connect(self.finish_editing)

    def finish_editing(self) -> None:
        if self.editor.text() != self._reported:
            self._reported = self.editor.text()
            self.committed.emit()

    def raw(self) -> Any:
        return self.editor.text()

    def typed_text(self) -> str | None:
        return self.editor.text()

    def show_typed(self, text: str) -> None:
        self._reported = text
        self.editor.setText(text)
        self.editor.setCursorPosition(0)

    def display(self, stored: Any) -> str:
        return "" if stored is None else str(stored)

    def show_value(self, stored: Any) -> None:
        self._stored = stored
        try:
            text = self.display(stored)
        except (ValueError, TypeError):  # an odd stored value is shown as it is, not lost
            text = str(stored)
        self._reported = text
        self.editor.setText(text)
        self.editor.setCursorPosition(0)

    def inputs(self) -> list[QWidget]:
        return [self.editor]

    def set_languages(self, interview: str, ui: str) -> None:
        super().set_languages(interview, ui)
        self.editor.setPlaceholderText(self.placeholder())
        if self.editor.text() == self._reported:  # re-display in the new language's format
            self.show_value(self._stored)

    def placeholder(self) -> str:
        return ""


class ANumberField(LineField):
    def display(self, stored: Any) -> str:
        return format_a_number(stored) if stored else ""

    def placeholder(self) -> str:
        return "A123-456-789"


class PhoneField(LineField):
    def display(self, stored: Any) -> str:
        return format_phone(stored) if stored else ""

    def placeholder(self) -> str:
        return _("(312) 555-0100, or + and the country code")


class EmailField(LineField):
    def placeholder(self) -> str:
        return _("name@example.org")


class ZipField(LineField):
    def placeholder(self) -> str:
        return "60601"


class TimeField(LineField):
    def placeholder(self) -> str:
        return _("9:30 or 9:30 pm")


class NumberField(LineField):
    def display(self, stored: Any) -> str:
        if stored is None:
            return ""
        if isinstance(stored, float) and not stored.is_integer():
            return f"{stored:.2f}" if self.question.type == "money" else f"{stored:g}"
        return str(int(stored)) if isinstance(stored, float) else str(stored)


class MoneyField(NumberField):
    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        self.row.insertWidget(0, QLabel("$"))


def day_first(language: str) -> bool:
    """US English writes month/day/year; Spanish (and most of the world) day/month/year."""
    return language != "en"


def typed_date_to_iso(text: str, language: str) -> str:
    """`2026-03-04`, or `03/04/2026` read month-first in English and day-first otherwise; a
    month and year (`03/2012`, `marzo 2012`), a year (`2012`) or "about" one (`aprox. 2012`)
    is kept as given (domain/dates.py)."""
    return parse_typed(text, day_first(language))


# How an approximate date is typed back into the field, in the volunteer's language.
_ABOUT_TYPED = {"en": "about {date}", "es": "aprox. {date}"}


class DateField(LineField):
    """A date typed in the volunteer's usual order, with the date spelled out beside it.

    A line edit rather than QDateEdit: families often know only part of a date (a year, a
    month and year, "about 2012"), and an empty answer must stay empty rather than default
    to some day.
    """

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        self.spelled = muted_label()
        self.spelled.setWordWrap(False)
        self.row.insertWidget(1, self.spelled)

    def raw(self) -> Any:
        text = self.editor.text().strip()
        return typed_date_to_iso(text, self.ui_language) if text else ""

    def display(self, stored: Any) -> str:
        given = read_stored(stored) if stored else None
        if given is None:
            return "" if not stored else str(stored)
        if given.day is not None:
            date = given.earliest()
            if day_first(self.ui_language):
                typed = f"{date.day:02d}/{date.month:02d}/{date.year}"
            else:
                typed = f"{date.month:02d}/{date.day:02d}/{date.year}"
        elif given.month is not None:
            typed = f"{given.month:02d}/{given.year}"
        else:
            typed = str(given.year)
        if given.about:
            typed = _ABOUT_TYPED.get(self.ui_language, _ABOUT_TYPED["en"]).format(date=typed)
        return typed

    def show_value(self, stored: Any) -> None:
        super().show_value(stored)
        spelled = format_answer_date(stored, self.ui_language) if stored else ""
        self.spelled.setText(spelled if spelled != stored else "")

    def placeholder(self) -> str:
        # TRANSLATORS: the order people type dates in; Spanish is day first: DD/MM/AAAA. A year
        # alone, or "about" one, is an answer too.
        return _("MM/DD/YYYY, or a year: 2012, about 2012")


class _PlainEdit(QPlainTextEdit):
    """Multi-line text that reports on leaving; Tab moves on and Ctrl+Enter advances."""

    left = Signal()
    advance = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.setTabChangesFocus(True)
        lines = 4
        self.setFixedHeight(self.fontMetrics().lineSpacing() * lines + 14)

    def keyPressEvent(self, event) -> None:
        if is_return(event) and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.left.emit()
            self.advance.emit()
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event) -> None:
        self.left.emit()
        super().focusOutEvent(event)


class LongTextField(AnswerField):
    advance_requested = Signal()

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(question, parent)
        self.editor = _PlainEdit()
        self.editor.setObjectName(question.id)
        self._reported = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.editor)
        self.editor.left.connect(self.finish_editing)
        self.editor.advance.connect(self.advance_requested)

    def finish_editing(self) -> None:
        if self.editor.toPlainText() != self._reported:
            self._reported = self.editor.toPlainText()
            self.committed.emit()

    def raw(self) -> Any:
        return self.editor.toPlainText()

    def show_value(self, stored: Any) -> None:
        self._reported = "" if stored is None else str(stored)
        self.editor.setPlainText(self._reported)

    def inputs(self) -> list[QWidget]:
        return [self.editor]

    def set_languages(self, interview: str, ui: str) -> None:
        super().set_languages(interview, ui)
        self.editor.setPlaceholderText(_("Write the answer in the person's own words."))
