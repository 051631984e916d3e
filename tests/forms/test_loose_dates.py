"""Dates as families know them: parsed from what volunteers type, stored as given, counted
conservatively, and checked against the form's bounds only when every possible day is out."""

from __future__ import annotations

import datetime as dt

import pytest

from intake_app.analysis.conditions import parse_date, since
from intake_app.domain.dates import parse_typed, read_stored
from intake_app.domain.values import ValueProblem, normalize_date
from intake_app.forms.values import format_answer_date


@pytest.mark.parametrize(
    ("typed", "day_first", "stored"),
    [
        ("2012", True, "2012"),
        ("about 2012", False, "~2012"),
        ("aprox. 2012", True, "~2012"),
        ("Alrededor de 2012", True, "~2012"),
        ("03/2012", True, "2012-03"),
        ("marzo de 2012", True, "2012-03"),
        ("March 2012", False, "2012-03"),
        ("04/03/2012", True, "2012-03-04"),
        ("04/03/2012", False, "2012-04-03"),
        ("2012-3-4", True, "2012-03-04"),
    ],
)
def test_what_volunteers_type_is_kept_at_its_precision(typed, day_first, stored):
    assert parse_typed(typed, day_first) == stored
    assert normalize_date(stored) == stored


@pytest.mark.parametrize("typed", ["13/2012", "31/02/2012", "javier@", "about", "20122"])
def test_what_is_no_date_is_refused(typed):
    with pytest.raises(ValueProblem):
        parse_typed(typed, True)


def test_a_loose_date_counts_from_its_last_possible_day():
    today = dt.date(2026, 12, 7)
    assert parse_date("2016") == dt.date(2016, 12, 31)
    assert since("years_since", "~2016", today) == 9  # not 10: "at least" stays true
    assert since("years_since", "2016-01-15", today) == 10
    assert read_stored("2012-02").latest() == dt.date(2012, 2, 29)


def test_a_loose_date_reads_as_given_in_each_language():
    assert format_answer_date("2012", "en") == "2012"
    assert format_answer_date("~2012-03", "en") == "about March 2012"
    assert format_answer_date("~2012", "es") == "alrededor de 2012"
    assert format_answer_date("2012-03-04", "es") == "4 de marzo de 2012"
