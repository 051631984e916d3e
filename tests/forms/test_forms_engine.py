"""The engine: hidden means absent, repeating groups, required answers and progress."""

from __future__ import annotations

from intake_app.forms import (
    Issue,
    evaluate,
    progress,
    validate,
    validate_value,
    visible_answers,
)
from intake_app.forms.engine import check_case_answers
from tests.forms.conftest import TODAY

COMPLETE = {
    "detainee_family_names": "Pérez",
    "detainee_given_names": "José",
    "detainee_birth_date": "1988-02-10",
    "a_number": "012345678",
    "arrest_setting": "home",
    "has_criminal_record": "no",
    "consent_share_with_ice": "yes",
}


def codes(issues):
    return [(i.question_id, i.code, i.item_index) for i in issues]


def test_a_complete_interview_has_no_issues_and_full_progress(interview):
    assert validate(interview, COMPLETE, today=TODAY) == []
    found = progress(interview, COMPLETE)
    assert (found.answered, found.required) == (7, 7)


def test_required_questions_left_blank_are_reported_in_document_order(interview):
    issues = validate(interview, {"arrest_setting": "home"}, today=TODAY)
    assert [i.question_id for i in issues] == [
        "detainee_family_names",
        "detainee_given_names",
        "detainee_birth_date",
        "a_number",
        "has_criminal_record",
        "consent_share_with_ice",
    ]
    assert all(i.code == "required" and i.params == {} for i in issues)


def test_a_hidden_answer_is_kept_but_neither_visible_nor_validated(interview):
    answers = {**COMPLETE, "arrest_setting": "vehicle_stop", "vehicle_stop_reason": "x" * 10_001}
    assert codes(validate(interview, answers, today=TODAY)) == [
        ("vehicle_stop_reason", "too_long", None)
    ]
    answers["arrest_setting"] = "home"  # hides the reason
    assert validate(interview, answers, today=TODAY) == []
    assert "vehicle_stop_reason" not in visible_answers(interview, answers)
    assert answers["vehicle_stop_reason"] == "x" * 10_001  # the engine never drops it


def test_toggling_a_hidden_question_back_restores_its_answer(interview):
    answers = {**COMPLETE, "arrest_setting": "vehicle_stop", "vehicle_stop_reason": "Broken light"}
    answers["arrest_setting"] = "home"
    assert "vehicle_stop_reason" not in visible_answers(interview, answers)
    answers["arrest_setting"] = "vehicle_stop"
    assert visible_answers(interview, answers)["vehicle_stop_reason"] == "Broken light"


def test_visible_answers_hold_only_known_visible_answered_questions(interview):
    answers = {
        **COMPLETE,
        "sponsor_name": "",
        "old_question": "stale",
        "detainee_birth_country": None,
    }
    result = visible_answers(interview, answers)
    assert result == COMPLETE
    assert list(result) == list(COMPLETE)  # document order


def test_group_items_are_filtered_one_by_one_and_empty_items_dropped(interview):
    answers = {
        "children": [
            {"child_name": "Ana", "child_has_medical_condition": "no", "child_diagnosis": "old"},
            {"child_diagnosis": "hidden in this item"},
            {
                "child_name": "Luis",
                "child_has_medical_condition": "yes",
                "child_diagnosis": "Asthma",
            },
        ]
    }
    assert visible_answers(interview, answers)["children"] == [
        {"child_name": "Ana", "child_has_medical_condition": "no"},
        {"child_name": "Luis", "child_has_medical_condition": "yes", "child_diagnosis": "Asthma"},
    ]


def test_a_group_without_items_is_dropped_from_visible_answers(interview):
    assert "children" not in visible_answers(interview, {"children": []})
    assert "children" not in visible_answers(interview, {"children": [{}, {"child_name": " "}]})


def test_issues_inside_a_group_name_the_item(interview):
    answers = {
        **COMPLETE,
        "children": [
            {
                "child_name": "Ana",
                "child_birth_date": "2015-01-01",
                "child_citizenship": "us_citizen",
            },
            {"child_name": "Luis", "child_birth_date": "2030-01-01", "child_citizenship": "mars"},
        ],
    }
    assert codes(validate(interview, answers, today=TODAY)) == [
        ("child_birth_date", "after", 1),
        ("child_citizenship", "unknown_choice", 1),
    ]


def test_required_applies_inside_each_visible_group_item(interview):
    answers = {**COMPLETE, "children": [{"child_has_medical_condition": "yes"}]}
    assert codes(validate(interview, answers, today=TODAY)) == [
        ("child_name", "required", 0),
        ("child_birth_date", "required", 0),
        ("child_citizenship", "required", 0),
        ("child_diagnosis", "required", 0),
        ("child_medical_release_consent", "required", None),
    ]


def test_a_required_group_needs_an_item_only_while_visible(interview):
    answers = {**COMPLETE, "has_criminal_record": "yes"}
    assert codes(validate(interview, answers, today=TODAY)) == [("incidents", "required", None)]
    answers["has_criminal_record"] = "no"
    assert validate(interview, answers, today=TODAY) == []


def test_a_group_with_more_items_than_max_items_is_out_of_range(interview):
    kids = [
        {"child_name": f"N{i}", "child_birth_date": "2015-01-01", "child_citizenship": "lpr"}
        for i in range(21)
    ]
    issues = validate(interview, {**COMPLETE, "children": kids}, today=TODAY)
    assert issues == [Issue("children", "out_of_range", {"min": None, "max": 20})]


def test_a_group_item_that_is_not_a_mapping_is_a_format_issue(interview):
    issues = validate(interview, {**COMPLETE, "children": ["Ana"]}, today=TODAY)
    assert codes(issues) == [("children", "format", 0)]


def test_progress_counts_visible_required_questions_in_group_items(interview):
    answers = {
        **COMPLETE,
        "has_criminal_record": "yes",
        "incidents": [{"incident_charge": "Speeding"}, {}],
        "children": [{"child_name": "Ana", "child_has_medical_condition": "yes"}],
    }
    # 7 top-level + incidents group + 2 charges + 4 for the child + consent for her records
    found = progress(interview, answers)
    assert (found.answered, found.required) == (10, 15)


def test_progress_ignores_required_questions_that_are_hidden(interview):
    shown = progress(interview, {"detainee_has_condition": "yes"})
    hidden = progress(interview, {"detainee_has_condition": "no"})
    assert shown.required == hidden.required + 1  # detainee_conditions


def test_one_evaluation_answers_everything_consistently(interview):
    answers = {**COMPLETE, "children": [{"child_name": "Ana"}]}
    evaluation = evaluate(interview, answers)
    assert evaluation.validate(TODAY) == validate(interview, answers, today=TODAY)
    assert evaluation.progress() == progress(interview, answers)
    assert evaluation.visible_answers() == visible_answers(interview, answers)


def test_validate_value_checks_one_typed_answer_against_the_others(interview):
    answers = {"detainee_birth_date": "1990-05-01"}
    assert validate_value(interview, "a_number", "a 1234-5678", answers) == []
    assert codes(validate_value(interview, "a_number", "12345", answers)) == [
        ("a_number", "format", None)
    ]
    assert validate_value(interview, "arrest_date", "1989-12-31", answers, today=TODAY) == [
        Issue("arrest_date", "before", {"date": "1990-05-01", "field": "detainee_birth_date"})
    ]
    assert codes(validate_value(interview, "a_number", "", answers)) == [
        ("a_number", "required", None)
    ]


def test_validate_value_in_a_group_item_uses_that_items_other_answers(interview):
    answers = {
        "children": [{"child_birth_date": "2015-06-01", "child_has_medical_condition": "yes"}]
    }
    issues = validate_value(interview, "child_diagnosis_date", "2015-05-01", answers, TODAY, item=0)
    assert issues == [
        Issue(
            "child_diagnosis_date", "before", {"date": "2015-06-01", "field": "child_birth_date"}, 0
        )
    ]
    assert (
        validate_value(interview, "child_diagnosis_date", "2016-01-01", answers, TODAY, item=0)
        == []
    )


def test_a_bound_on_a_hidden_or_blank_answer_does_not_apply(interview):
    assert validate_value(interview, "arrest_date", "1900-01-01", {}, today=TODAY) == []


def test_check_case_answers_accepts_stored_values_and_names_bad_ones(interview):
    assert check_case_answers(interview, {**COMPLETE, "children": [{"child_name": "Ana"}]}) == []
    problems = check_case_answers(
        interview,
        {
            "a_number": "A123-456-789",
            "arrest_state": "Texas",
            "nickname": "x",
            "child_name": "Ana",
            "children": [{"child_name": "Ana", "pet": "dog"}, "Luis"],
            "arrest_date": "March 4",
        },
    )
    assert problems == [
        "a_number: not in stored form",
        "arrest_state: not in stored form",
        "nickname: not a question of clinic_interview",
        "child_name: belongs inside group children",
        "children[0].pet: not a question of group children",
        "children[1]: format",
        "arrest_date: format",
    ]


def test_a_loaded_form_survives_pickling_for_background_work(interview):
    import pickle

    copy = pickle.loads(pickle.dumps(interview))
    assert copy == interview
    assert copy.group_of("child_name").id == "children"
    assert validate(copy, COMPLETE, today=TODAY) == []
