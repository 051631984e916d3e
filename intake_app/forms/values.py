"""Answers by question type: typed input → stored value (`normalize`) and stored value → words."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from babel.dates import format_skeleton, format_time
from babel.lists import format_list
from babel.numbers import format_currency, format_decimal

from intake_app.domain.dates import read_stored
from intake_app.domain.values import (
    ValueProblem,
    format_a_number,
    format_phone,
    normalize_a_number,
    normalize_date,
    normalize_email,
    normalize_phone,
    normalize_text,
    normalize_time,
    normalize_us_state,
    normalize_zip,
    parse_number,
)
from intake_app.forms.model import Form, Question, Text
from intake_app.i18n import current_language, format_date

__all__ = [
    "ANSWER_WORDS",
    "DISPLAY_WORDS",
    "ValueProblem",
    "display_value",
    "format_answer_date",
    "is_blank",
    "normalize",
]

# How the three yes/no answers are offered to the family…
ANSWER_WORDS: Mapping[str, Text] = {
    "yes": Text({"en": "Yes", "es": "Sí"}),
    "no": Text({"en": "No", "es": "No"}),
    "unknown": Text({"en": "I don't know", "es": "No sé"}),
}
# …and how they read in a review or a packet.
DISPLAY_WORDS: Mapping[str, Text] = {
    "yes": Text({"en": "Yes", "es": "Sí"}),
    "no": Text({"en": "No", "es": "No"}),
    "unknown": Text({"en": "Unknown", "es": "Se desconoce"}),
}

_YES = frozenset({"yes", "y", "si", "sí", "s", "true"})
_NO = frozenset({"no", "n", "false"})
_UNKNOWN = frozenset({"unknown", "no se", "no sé", "don't know", "dont know", "?"})


# "About 2012" in the document's language (not the window's): a letter in English says
# "about" even when the volunteer works in Spanish.
_ABOUT_WORDS = {"en": "about {date}", "es": "alrededor de {date}"}


def format_answer_date(stored: str, language: str | None = None) -> str:
    """A stored date answer as words, at the precision it was given: `March 4, 2026`,
    `March 2026`, `2026`, `about 2026` (domain/dates.py); the text itself when it is no date."""
    lang = language or current_language()
    found = read_stored(stored)
    if found is None:
        return str(stored)
    if found.day is not None:
        words = format_date(found.earliest(), lang)
    elif found.month is not None:
        words = format_skeleton("yMMMM", found.earliest(), locale=lang)
    else:
        words = str(found.year)
    if found.about:
        words = _ABOUT_WORDS.get(lang.split("_")[0], _ABOUT_WORDS["en"]).format(date=words)
    return words


def is_blank(raw: Any) -> bool:
    """Nothing typed: None, blank text, or an empty list."""
    if raw is None:
        return True
    if isinstance(raw, str):
        return not raw.strip()
    return isinstance(raw, list | tuple) and not raw


def _yes_no(question: Question, raw: Any) -> str:
    if isinstance(raw, bool):
        return "yes" if raw else "no"
    if not isinstance(raw, str):
        raise ValueProblem("unknown_choice")
    word = raw.strip().casefold()
    if word in _YES:
        return "yes"
    if word in _NO:
        return "no"
    if word in _UNKNOWN and question.allow_unknown:
        return "unknown"
    raise ValueProblem("unknown_choice", choice=raw)


def _choice(question: Question, raw: Any) -> str:
    if not isinstance(raw, str) or raw.strip() not in question.choice_ids:
        raise ValueProblem("unknown_choice", choice=raw)
    return raw.strip()


def _multi_choice(question: Question, raw: Any) -> list[str]:
    items = [raw] if isinstance(raw, str) else raw
    if not isinstance(items, list | tuple):
        raise ValueProblem("format")
    chosen: list[str] = []
    for item in items:
        choice = _choice(question, item)
        if choice not in chosen:
            chosen.append(choice)
    return chosen


def _group(question: Question, raw: Any) -> list[dict[str, Any]]:
    if not isinstance(raw, list | tuple) or not all(isinstance(i, Mapping) for i in raw):
        raise ValueProblem("format")
    return [dict(item) for item in raw]


def _text(question: Question, raw: Any) -> str:
    return normalize_text(raw)


def _number(question: Question, raw: Any) -> int | float:
    return parse_number(raw)


def _plain(function: Callable[[Any], Any]) -> Callable[[Question, Any], Any]:
    return lambda question, raw: function(raw)


_NORMALIZERS: dict[str, Callable[[Question, Any], Any]] = {
    "text": _text,
    "long_text": _text,
    "number": _number,
    "money": _number,
    "date": _plain(normalize_date),
    "time": _plain(normalize_time),
    "yes_no": _yes_no,
    "choice": _choice,
    "multi_choice": _multi_choice,
    "a_number": _plain(normalize_a_number),
    "phone": _plain(normalize_phone),
    "email": _plain(normalize_email),
    "us_state": _plain(normalize_us_state),
    "zip_code": _plain(normalize_zip),
    "group": _group,
}


def normalize(question: Question, raw: Any) -> Any:
    """What to store for `raw` typed into `question`: None when blank, else the normalized value.

    Raises ValueProblem(code, params) with the engine's codes (format, too_long, unknown_choice).
    Stored values normalize to themselves, so the engine re-checks answers with this too.
    """
    if is_blank(raw):
        return None
    return _NORMALIZERS[question.type](question, raw)


def display_value(form: Form, question: Question | str, value: Any, lang: str) -> str:
    """A stored answer as words in `lang`, for the review screen and the packet; "" if blank.

    Never raises for an odd stored value: it is shown as it is rather than breaking a packet.
    """
    if isinstance(question, str):
        question = form.question(question)
    if is_blank(value):
        return ""
    try:
        return _display(question, value, lang)
    except (ValueProblem, ValueError, TypeError, KeyError):
        return str(value)


def _display(question: Question, value: Any, lang: str) -> str:
    kind = question.type
    if kind == "date":
        return format_answer_date(normalize_date(value), lang)
    if kind == "time":
        time = dt.time.fromisoformat(normalize_time(value))
        return format_time(time, format="short", locale=lang)
    if kind == "number":
        return format_decimal(parse_number(value), locale=lang)
    if kind == "money":
        return format_currency(parse_number(value), "USD", locale=lang)
    if kind == "yes_no":
        return DISPLAY_WORDS[value].get(lang) if value in DISPLAY_WORDS else str(value)
    if kind == "choice":
        return _choice_label(question, value, lang)
    if kind == "multi_choice":
        labels = [_choice_label(question, v, lang) for v in _multi_choice_lenient(value)]
        return format_list(labels, locale=lang)
    if kind == "a_number":
        return format_a_number(value)
    if kind == "phone":
        return format_phone(value)
    if kind == "group":
        return format_decimal(len(value), locale=lang)
    return str(value)


def _choice_label(question: Question, choice_id: Any, lang: str) -> str:
    choice = question.choice(choice_id) if isinstance(choice_id, str) else None
    return choice.label.get(lang) if choice is not None else str(choice_id)


def _multi_choice_lenient(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else [value]
