"""Conditions: each operator, nesting, multi-choice, group-local fields, hidden means false."""

from __future__ import annotations

from intake_app.forms import evaluate, is_visible, visible_sections


def shown(form, question_id, answers, item=None):
    return is_visible(form, question_id, answers, item)


def test_equals_shows_a_question_only_for_that_answer(interview):
    assert shown(interview, "vehicle_stop_reason", {"arrest_setting": "vehicle_stop"})
    assert not shown(interview, "vehicle_stop_reason", {"arrest_setting": "home"})
    assert not shown(interview, "vehicle_stop_reason", {})


def test_in_shows_a_question_for_any_listed_answer(interview):
    assert shown(interview, "warrant_shown", {"arrest_setting": "home"})
    assert shown(interview, "warrant_shown", {"arrest_setting": "work"})
    assert not shown(interview, "warrant_shown", {"arrest_setting": "vehicle_stop"})


def test_answered_true_needs_a_non_blank_answer(interview):
    assert shown(interview, "sponsor_phone", {"sponsor_name": "Rosa Díaz"})
    assert not shown(interview, "sponsor_phone", {"sponsor_name": "   "})
    assert not shown(interview, "sponsor_phone", {})


def test_answered_false_is_true_only_while_unanswered(tiny):
    form = tiny(
        """
        - id: phone_known
          type: text
          label: {en: "Phone", es: "Teléfono"}
          help: HELP
        - id: other_contact
          type: text
          label: {en: "Other contact", es: "Otro contacto"}
          help: HELP
          show_if: {field: phone_known, answered: false}
        """
    )
    assert shown(form, "other_contact", {})
    assert not shown(form, "other_contact", {"phone_known": "555"})


def test_any_needs_one_true_part(interview):
    assert shown(interview, "accepts_atd", {"home_address": "1 Main St"})
    assert shown(interview, "accepts_atd", {"sponsor_name": "Rosa"})
    assert not shown(interview, "accepts_atd", {})


def test_all_with_not_needs_every_part(interview):
    assert shown(interview, "monthly_income", {"sponsor_name": "Rosa", "sole_breadwinner": "no"})
    assert not shown(
        interview, "monthly_income", {"sponsor_name": "Rosa", "sole_breadwinner": "yes"}
    )
    assert not shown(interview, "monthly_income", {"sole_breadwinner": "no"})


def test_multi_choice_equals_means_selected_and_in_means_any_selected(interview):
    base = {"local_arrest_first": "yes", "detainer_lodged": "yes"}
    note = "detainer_database_only_note"
    assert shown(interview, note, {**base, "detainer_probable_cause_basis": ["database_checks"]})
    both = ["database_checks", "statements"]
    assert not shown(interview, note, {**base, "detainer_probable_cause_basis": both})
    assert not shown(interview, note, {**base, "detainer_probable_cause_basis": ["statements"]})


def test_a_condition_on_a_hidden_question_is_false_even_with_a_stored_answer(interview):
    answers = {
        "local_arrest_first": "no",  # hides detainer_lodged…
        "detainer_lodged": "yes",  # …so this stored answer does not count
        "detainer_probable_cause_basis": ["database_checks"],
    }
    assert not shown(interview, "detainer_lodged", answers)
    assert not shown(interview, "detainer_probable_cause_basis", answers)
    assert not shown(interview, "detainer_database_only_note", answers)


def test_not_of_a_condition_on_a_hidden_question_is_true(tiny):
    form = tiny(
        """
        - id: has_job
          type: yes_no
          label: {en: "Job?", es: "¿Trabajo?"}
          help: HELP
        - id: paid_cash
          type: yes_no
          label: {en: "Paid in cash?", es: "¿Le pagan en efectivo?"}
          help: HELP
          show_if: {field: has_job, equals: "yes"}
        - id: pay_stubs
          type: text
          label: {en: "Pay stubs", es: "Talones de pago"}
          help: HELP
          show_if: {not: {field: paid_cash, equals: "yes"}}
        """
    )
    assert shown(form, "pay_stubs", {"has_job": "no", "paid_cash": "yes"})
    assert not shown(form, "pay_stubs", {"has_job": "yes", "paid_cash": "yes"})


def test_a_field_of_the_same_group_refers_to_the_same_item(interview):
    answers = {
        "children": [
            {"child_name": "Ana", "child_has_medical_condition": "yes"},
            {"child_name": "Luis", "child_has_medical_condition": "no"},
        ]
    }
    assert shown(interview, "child_diagnosis", answers, item=0)
    assert not shown(interview, "child_diagnosis", answers, item=1)
    assert not shown(interview, "child_diagnosis", answers, item=2)  # a new, empty item


def test_a_field_inside_a_group_seen_from_outside_is_true_when_any_item_matches(interview):
    one_sick = {
        "children": [{"child_has_medical_condition": "no"}, {"child_has_medical_condition": "yes"}]
    }
    none_sick = {"children": [{"child_has_medical_condition": "no"}]}
    assert shown(interview, "child_medical_release_consent", one_sick)
    assert not shown(interview, "child_medical_release_consent", none_sick)
    assert not shown(interview, "child_medical_release_consent", {})


def test_a_hidden_section_hides_its_questions(interview):
    sections = [s.id for s in visible_sections(interview, {"detainee_has_condition": "no"})]
    assert "detainee_medical" not in sections
    assert not shown(interview, "detainee_conditions", {"detainee_has_condition": "no"})
    yes = {"detainee_has_condition": "yes"}
    assert "detainee_medical" in [s.id for s in visible_sections(interview, yes)]
    assert shown(interview, "detainee_conditions", yes)


def test_a_hidden_group_hides_every_question_of_every_item(interview):
    answers = {"has_criminal_record": "no", "incidents": [{"incident_charge": "Speeding"}]}
    evaluation = evaluate(interview, answers)
    assert not evaluation.is_visible("incidents")
    assert not evaluation.is_visible("incident_charge", 0)


def test_a_number_of_days_shows_only_when_doses_were_missed(interview):
    answers = {"detainee_has_condition": "yes", "detainee_missed_doses": "yes"}
    assert shown(interview, "detainee_missed_dose_days", answers)
    assert not shown(
        interview, "detainee_missed_dose_days", {**answers, "detainee_missed_doses": "no"}
    )


def test_a_section_whose_questions_are_all_hidden_is_not_listed(tiny):
    form = tiny(
        """
        - id: has_job
          type: yes_no
          label: {en: "Job?", es: "¿Trabajo?"}
          help: HELP
        """
    )
    assert [s.id for s in visible_sections(form, {})] == ["main"]
