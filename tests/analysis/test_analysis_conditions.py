"""Each condition operator, run through the real loader and evaluator."""

from __future__ import annotations

import pytest

CHILDREN = {
    "children": [
        {
            "child_name": "Ana",
            "child_citizenship": "us_citizen",
            "child_has_medical_condition": "no",
        },
        {"child_name": "Luis", "child_citizenship": "other", "child_has_medical_condition": "yes"},
    ]
}


@pytest.mark.parametrize(
    ("when", "answers", "expected"),
    [
        ('{field: "final_order", equals: "yes"}', {"final_order": "yes"}, True),
        ('{field: "final_order", equals: "yes"}', {"final_order": "no"}, False),
        ('{field: "final_order", equals: "yes"}', {}, False),
        ('{field: "years_in_us", equals: 12}', {"years_in_us": 12}, True),
        ('{field: "years_in_us", equals: "12"}', {"years_in_us": 12}, False),
    ],
)
def test_equals_matches_only_the_same_value_and_type(fires, when, answers, expected):
    assert fires(when, answers) is expected


def test_equals_on_a_multi_choice_answer_is_true_when_that_choice_is_selected(fires):
    when = '{field: "detainer_probable_cause_basis", equals: "database_checks"}'
    assert fires(when, {"detainer_probable_cause_basis": ["statements", "database_checks"]})
    assert not fires(when, {"detainer_probable_cause_basis": ["statements"]})


@pytest.mark.parametrize(
    ("value", "expected"),
    [("IL", True), ("KY", True), ("MI", False), (None, False), (["IL"], True)],
)
def test_in_matches_any_listed_value_and_any_selected_choice(fires, value, expected):
    when = '{field: "arrest_state", in: ["IL", "IN", "WI", "MO", "KS", "KY"]}'
    assert fires(when, {"arrest_state": value}) is expected


@pytest.mark.parametrize(
    ("value", "answered"),
    [
        ("Ana", True),
        ("   ", False),
        ("", False),
        (None, False),
        ([], False),
        (0, True),
        ("no", True),
    ],
)
def test_answered_treats_blank_text_none_and_empty_lists_as_unanswered(fires, value, answered):
    assert fires('{field: "sponsor_name", answered: true}', {"sponsor_name": value}) is answered
    assert (
        fires('{field: "sponsor_name", answered: false}', {"sponsor_name": value}) is not answered
    )


@pytest.mark.parametrize(
    ("op", "value", "expected"),
    [
        ("at_least", 10, True),
        ("at_least", 9, False),
        ("at_most", 10, True),
        ("at_most", 11, False),
        ("less_than", 9, True),
        ("less_than", 10, False),
        ("more_than", 11, True),
        ("more_than", 10, False),
        ("at_least", 10.5, True),
    ],
)
def test_numeric_comparisons_compare_a_number_answer_with_the_limit(fires, op, value, expected):
    assert fires(f'{{field: "years_in_us", {op}: 10}}', {"years_in_us": value}) is expected


@pytest.mark.parametrize("value", ["12", None, "yes", True])
def test_numeric_comparisons_are_false_for_anything_but_a_number(fires, value):
    assert not fires('{field: "years_in_us", at_least: 0}', {"years_in_us": value})


def test_two_comparisons_together_make_a_range(fires):
    when = '{field: "years_in_us", at_least: 5, less_than: 10}'
    assert fires(when, {"years_in_us": 5})
    assert not fires(when, {"years_in_us": 10})


def test_years_since_counts_completed_years_up_to_the_analysis_date(fires):
    # The analysis date in these tests is 2026-03-04.
    when = '{years_since: "entry_date", at_least: 10}'
    assert fires(when, {"entry_date": "2016-03-04"})
    assert not fires(when, {"entry_date": "2016-03-05"})
    assert not fires(when, {"entry_date": "not a date"})
    assert not fires(when, {})


def test_days_since_counts_days_up_to_the_analysis_date(fires):
    when = '{days_since: "ice_custody_date", at_least: 180}'
    assert fires(when, {"ice_custody_date": "2025-09-05"})  # 180 days before 2026-03-04
    assert not fires(when, {"ice_custody_date": "2025-09-06"})


def test_all_any_and_not_combine_conditions(fires):
    yes = '{field: "final_order", equals: "yes"}'
    prior = '{field: "prior_removal", equals: "yes"}'
    answers = {"final_order": "yes", "prior_removal": "no"}
    assert not fires(f"{{all: [{yes}, {prior}]}}", answers)
    assert fires(f"{{any: [{yes}, {prior}]}}", answers)
    assert fires(f"{{not: {prior}}}", answers)
    assert fires(f"{{not: {prior}}}", {})


def test_any_item_is_true_when_one_item_meets_every_part_of_where(fires):
    both = (
        '{any_item: "children", where: {all: [{field: "child_citizenship", equals: "us_citizen"},'
        ' {field: "child_has_medical_condition", equals: "yes"}]}}'
    )
    assert not fires(both, CHILDREN)
    sick_citizen = {"children": [*CHILDREN["children"], {
        "child_citizenship": "us_citizen", "child_has_medical_condition": "yes"}]}  # fmt: skip
    assert fires(both, sick_citizen)


def test_any_item_without_where_is_true_for_a_non_empty_group(fires):
    assert fires('{any_item: "children"}', CHILDREN)
    assert not fires('{any_item: "children"}', {"children": []})
    assert not fires('{any_item: "children"}', {})


def test_all_items_needs_every_item_and_is_true_for_an_empty_group(fires):
    when = (
        '{all_items: "incidents", where: {field: "incident_type", in: ["speeding", "no_license"]}}'
    )
    assert fires(when, {"incidents": [{"incident_type": "speeding"}]})
    assert not fires(when, {"incidents": [{"incident_type": "speeding"}, {"incident_type": "dui"}]})
    assert fires(when, {"incidents": []})


def test_count_items_counts_items_meeting_where(fires):
    when = (
        '{count_items: "children", where: {field: "child_citizenship", equals: "us_citizen"},'
        " at_least: 2}"
    )
    assert not fires(when, CHILDREN)
    two = {"children": [*CHILDREN["children"], {"child_citizenship": "us_citizen"}]}
    assert fires(when, two)
    assert fires('{count_items: "children", at_most: 0}', {})


def test_inside_where_a_field_falls_back_to_the_case_answers(fires):
    when = (
        '{any_item: "children", where: {all: [{field: "child_citizenship", equals: "us_citizen"},'
        ' {field: "arrest_state", equals: "IL"}]}}'
    )
    assert fires(when, {**CHILDREN, "arrest_state": "IL"})
    assert not fires(when, {**CHILDREN, "arrest_state": "TX"})


def test_rule_is_true_when_an_earlier_rule_matched(write_rules):
    from intake_app.analysis import analyze, load_rules

    from .conftest import TODAY, probe_rule, rules_text

    text = rules_text(
        probe_rule('{field: "final_order", equals: "yes"}', "first")
        + probe_rule('{rule: "first"}', "second", kind="legal_basis")
    )
    rules = load_rules(write_rules(text))
    assert analyze({"final_order": "yes"}, today=TODAY, rules=rules).ids()["legal_bases"] == [
        "second"
    ]
    assert analyze({"final_order": "no"}, today=TODAY, rules=rules).ids()["legal_bases"] == []


def test_group_items_that_are_not_mappings_are_ignored(fires):
    assert not fires('{any_item: "children"}', {"children": ["Ana", None]})
    assert not fires('{any_item: "children"}', {"children": "Ana"})
