"""The engine's validation codes turned into sentences in the volunteer's (UI) language."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from babel.numbers import format_decimal

from intake_app.forms import Form, Question
from intake_app.i18n import _, current_language, format_date, ngettext


def _number(value: Any) -> str:
    return format_decimal(value, locale=current_language())


def _date(iso: str) -> str:
    try:
        return format_date(dt.date.fromisoformat(iso))
    except (TypeError, ValueError):
        return str(iso)


def _format_problem(question: Question) -> str:
    by_type = {
        "date": _(
            "Type the date as MM/DD/YYYY or YYYY-MM-DD; if the family knows only the month or "
            'the year, type 03/2012 or 2012, and "about 2012" when they are not sure.'
        ),
        "time": _("Type a time such as 9:30, 21:30 or 9:30 pm."),
        "number": _("Type a number, such as 3 or 2.5."),
        "money": _("Type an amount in dollars, such as 1,200 or 350.50."),
        "a_number": _("An A-number has 8 or 9 digits, such as A123-456-789."),
        "phone": _(
            "Type a phone number with its area code; for a number outside the US, "
            "start with + and the country code."
        ),
        "email": _("Type an email address such as name@example.org."),
        "us_state": _("Choose a US state or territory."),
        "zip_code": _("A ZIP code has 5 digits, or 5 and 4 (60601-1234)."),
    }
    return by_type.get(question.type, _("This answer cannot be saved in this form."))


def _range_problem(question: Question, low: Any, high: Any) -> str:
    if question.is_group:
        return ngettext("Enter at most {max} item.", "Enter at most {max} items.", high).format(
            max=_number(high)
        )
    if low is not None and high is not None:
        return _("Enter a number from {min} to {max}.").format(min=_number(low), max=_number(high))
    if low is not None:
        return _("Enter a number of at least {min}.").format(min=_number(low))
    return _("Enter a number of at most {max}.").format(max=_number(high))


def _date_problem(form: Form, code: str, params: Mapping[str, Any]) -> str:
    date = _date(params.get("date", ""))
    other = params.get("field")
    if other and form.has_question(other):
        question = form.question(other).label.get(current_language())
        if code == "before":
            text = _("This date is earlier than the answer to “{question}” ({date}).")
        else:
            text = _("This date is later than the answer to “{question}” ({date}).")
        return text.format(question=question, date=date)
    if params.get("today"):
        if code == "before":
            return _("This date cannot be in the past.")
        return _("This date cannot be in the future.")
    if code == "before":
        return _("This date cannot be before {date}.").format(date=date)
    return _("This date cannot be after {date}.").format(date=date)


def issue_text(form: Form, question: Question, code: str, params: Mapping[str, Any]) -> str:
    """One sentence for one engine code (see docs/form-format.md), in the UI language."""
    if code == "required":
        if question.is_group:
            return _("Add at least one.")
        return _("This question needs an answer.")
    if code == "format":
        return _format_problem(question)
    if code == "too_long":
        return _("This answer is too long: at most {max} characters.").format(
            max=_number(params.get("max", 0))
        )
    if code == "out_of_range":
        return _range_problem(question, params.get("min"), params.get("max"))
    if code in ("before", "after"):
        return _date_problem(form, code, params)
    if code == "unknown_choice":
        return _("Choose one of the answers offered.")
    return _("Check this answer.")
