"""Facts: templates filled from answers, formatted per language, once per matching group item."""

from __future__ import annotations

import datetime as dt

import pytest

from intake_app.analysis import Placeholder, analyze, load_rules
from intake_app.analysis.templates import format_value

from .conftest import TODAY, probe_rule, rules_text

PLACEHOLDERS = """
placeholders:
  child_name: "text"
  child_birth_date: "date"
  child_age: {years_since: "child_birth_date"}
  a_number: "a_number"
  sponsor_income: "money"
  years_in_us: "number"
  sponsor_phone: "phone"
  arrest_state: "us_state"
  sponsor_status:
    format: "choice"
    labels:
      us_citizen: {en: "a U.S. citizen", es: "ciudadano(a) estadounidense"}
  atd_options:
    format: "choices"
    labels:
      smartlink_app: {en: "the SmartLINK app", es: "la aplicación SmartLINK"}
      ankle_monitor: {en: "an ankle monitor", es: "un grillete electrónico"}
"""


def _facts(write_rules, facts: str, answers: dict, lang: str = "en") -> list[str]:
    rule = probe_rule('{field: "go", equals: "yes"}', extra="facts:\n" + facts)
    rules = load_rules(write_rules(rules_text(rule, placeholders=PLACEHOLDERS)))
    (entry,) = analyze({"go": "yes", **answers}, today=TODAY, rules=rules).factors
    return entry.facts_in(lang)


def _spec(fmt: str, **kw) -> Placeholder:
    return Placeholder("x", "x", fmt, **kw)


@pytest.mark.parametrize(
    ("fmt", "value", "lang", "expected"),
    [
        ("date", "2018-05-02", "en", "May 2, 2018"),
        ("date", "2018-05-02", "es", "2 de mayo de 2018"),
        ("date", "sometime in May", "en", "sometime in May"),
        ("a_number", "215884307", "en", "A215-884-307"),
        ("a_number", "23841907", "es", "A023-841-907"),
        ("a_number", "not a number", "en", "not a number"),
        ("money", 1250, "en", "$1,250.00"),
        ("money", 1250, "es", "$1,250.00"),
        ("number", 12345, "en", "12,345"),
        ("phone", "+13125550187", "en", "(312) 555-0187"),
        ("us_state", "IL", "es", "Illinois"),
        ("text", "  trimmed  ", "en", "trimmed"),
    ],
)
def test_values_are_formatted_for_the_language(fmt, value, lang, expected):
    assert format_value(value, _spec(fmt), lang, TODAY) == expected


@pytest.mark.parametrize("value", [None, "", "   ", []])
def test_an_unanswered_value_formats_as_nothing(value):
    assert format_value(value, _spec("text"), "en", TODAY) is None


def test_years_since_placeholder_counts_completed_years():
    spec = Placeholder("child_age", "child_birth_date", "number", since="years_since")
    assert format_value("2018-03-05", spec, "en", dt.date(2026, 3, 4)) == "7"
    assert format_value("2018-03-04", spec, "en", dt.date(2026, 3, 4)) == "8"


def test_a_fact_is_filled_in_each_language(write_rules):
    facts = """
  - text:
      en: "Born {child_birth_date}; ID {a_number}."
      es: "Nació el {child_birth_date}; número {a_number}."
"""
    answers = {"child_birth_date": "2018-05-02", "a_number": "215884307"}
    assert _facts(write_rules, facts, answers) == ["Born May 2, 2018; ID A215-884-307."]
    assert _facts(write_rules, facts, answers, "es") == [
        "Nació el 2 de mayo de 2018; número A215-884-307."
    ]


def test_a_fact_with_an_unanswered_placeholder_is_left_out_not_half_printed(write_rules):
    facts = """
  - text: {en: "Sponsor income: {sponsor_income}.", es: "Ingresos: {sponsor_income}."}
  - text: {en: "Always said.", es: "Siempre."}
"""
    assert _facts(write_rules, facts, {}) == ["Always said."]
    assert _facts(write_rules, facts, {"sponsor_income": 58000}) == [
        "Sponsor income: $58,000.00.",
        "Always said.",
    ]


def test_choice_labels_come_from_the_rules_and_unknown_choices_show_their_id(write_rules):
    facts = """
  - text: {en: "The sponsor is {sponsor_status}.", es: "El patrocinador es {sponsor_status}."}
"""
    assert _facts(write_rules, facts, {"sponsor_status": "us_citizen"}, "es") == [
        "El patrocinador es ciudadano(a) estadounidense."
    ]
    assert _facts(write_rules, facts, {"sponsor_status": "lpr"}) == ["The sponsor is lpr."]


def test_a_multi_choice_reads_as_a_list_in_the_language(write_rules):
    facts = """
  - text: {en: "Accepts {atd_options}.", es: "Acepta {atd_options}."}
"""
    answers = {"atd_options": ["smartlink_app", "ankle_monitor"]}
    assert _facts(write_rules, facts, answers) == [
        "Accepts the SmartLINK app and an ankle monitor."
    ]
    assert _facts(write_rules, facts, answers, "es") == [
        "Acepta la aplicación SmartLINK y un grillete electrónico."
    ]


def test_for_each_fills_a_fact_once_per_matching_item_with_that_items_answers(write_rules):
    facts = """
  - for_each: "children"
    where: {field: "child_citizenship", equals: "us_citizen"}
    text:
      - {en: "{child_name} is {child_age}.", es: "{child_name} tiene {child_age} años."}
      - en: "{child_name} was born in {arrest_state}."
        es: "{child_name} nació en {arrest_state}."
"""
    answers = {
        "arrest_state": "IL",
        "children": [
            {
                "child_name": "Ana",
                "child_birth_date": "2018-05-02",
                "child_citizenship": "us_citizen",
            },
            {"child_name": "Luis", "child_birth_date": "2015-01-01", "child_citizenship": "other"},
            {
                "child_name": "Eva",
                "child_birth_date": "2020-01-10",
                "child_citizenship": "us_citizen",
            },
        ],
    }
    # Item by item, and the case-level answer (arrest_state) is in reach inside the item.
    assert _facts(write_rules, facts, answers) == [
        "Ana is 7.",
        "Ana was born in Illinois.",
        "Eva is 6.",
        "Eva was born in Illinois.",
    ]


def test_a_fact_when_condition_decides_whether_it_is_said(write_rules):
    facts = """
  - when: {field: "years_in_us", at_least: 10}
    text: {en: "Here {years_in_us} years.", es: "Aquí {years_in_us} años."}
"""
    assert _facts(write_rules, facts, {"years_in_us": 9}) == []
    assert _facts(write_rules, facts, {"years_in_us": 16}) == ["Here 16 years."]


def test_a_placeholder_may_read_an_answer_under_another_name(write_rules):
    rule = probe_rule(
        '{field: "go", equals: "yes"}',
        extra='facts:\n  - text: {en: "Works at {workplace}.", es: "Trabaja en {workplace}."}',
    )
    placeholders = 'placeholders: {workplace: {field: "employer", format: "text"}}'
    rules = load_rules(write_rules(rules_text(rule, placeholders=placeholders)))
    (entry,) = analyze({"go": "yes", "employer": "La Cazuela"}, today=TODAY, rules=rules).factors
    assert entry.facts_in("es") == ["Trabaja en La Cazuela."]
