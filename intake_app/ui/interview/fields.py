"""One field widget per question type, chosen by `make_field(question)`."""

from __future__ import annotations

from intake_app.forms import Question
from intake_app.ui.interview.choice_fields import (
    MAX_RADIO_CHOICES,
    CheckboxField,
    ComboField,
    RadioField,
    options_of,
)
from intake_app.ui.interview.field_base import AnswerField, focus_chain, is_return, muted_label
from intake_app.ui.interview.text_fields import (
    ANumberField,
    DateField,
    EmailField,
    LineField,
    LongTextField,
    MoneyField,
    NumberField,
    PhoneField,
    TimeField,
    ZipField,
    typed_date_to_iso,
)

__all__ = [
    "AnswerField",
    "focus_chain",
    "is_return",
    "make_field",
    "muted_label",
    "typed_date_to_iso",
]

_LINE_FIELDS: dict[str, type[LineField]] = {
    "text": LineField,
    "number": NumberField,
    "money": MoneyField,
    "date": DateField,
    "time": TimeField,
    "a_number": ANumberField,
    "phone": PhoneField,
    "email": EmailField,
    "zip_code": ZipField,
}


def make_field(question: Question) -> AnswerField:
    """The widget for a (non-group) question's type."""
    kind = question.type
    if kind in _LINE_FIELDS:
        return _LINE_FIELDS[kind](question)
    if kind == "long_text":
        return LongTextField(question)
    if kind == "multi_choice":
        return CheckboxField(question)
    if kind == "us_state":
        return ComboField(question)
    if kind in ("yes_no", "choice"):
        few = len(options_of(question)) <= MAX_RADIO_CHOICES
        return RadioField(question) if few else ComboField(question)
    raise ValueError(f"no field for question type {kind!r}")
