"""The bundled `forms/analysis.yaml`: sound, in step with the questionnaire, and complete."""

from __future__ import annotations

import shutil

from intake_app.analysis import RULE_KINDS, check_rules, default_rules, default_rules_path
from intake_app.forms import load_form
from intake_app.paths import forms_dir

REQUIRED = {
    "posture": {
        "posture_possible_citizen",
        "posture_241_final_order",
        "posture_236c_mandatory",
        "posture_235b_applicant",
        "posture_236a_discretionary",
        "posture_unknown",
    },
    "factor": {
        "us_citizen_child_medical",
        "primary_caregiver",
        "parent_of_minor_child",
        "detainee_serious_medical_condition",
        "missed_medication_in_detention",
        "long_residence",
        "record_traffic_only",
        "no_criminal_record",
        "sponsor_with_status",
    },
    "finding": {
        "castanon_nava_warrantless_arrest",
        "castanon_nava_vehicle_stop",
        "gonzalez_database_only_detainer",
        "database_only_detainer",
    },
    "red_flag": {
        "non_traffic_charge",
        "dui_charge",
        "reckless_driving_charge",
        "hit_and_run_charge",
        "accident_with_injury",
        "laken_riley_mandatory_detention",
        "laken_riley_possible",
        "prior_removal",
        "final_order_of_removal",
        "in_absentia_order",
        "declarant_without_status",
        "sponsor_without_status",
    },
    "legal_basis": {
        "release_236a",
        "ij_bond_redetermination",
        "humanitarian_parole_212d5",
        "bond_class_maldonado_bautista",
        "parental_accommodations_11064_4",
        "pregnancy_directive_11032_4",
        "medical_concern_memo_2006",
        "stay_of_removal_i246",
        "order_of_supervision_241",
        "mandatory_detention_review_joseph",
        "citizenship_assertion",
        "habeas_2241",
    },
    "relief": {
        "relief_cancellation_non_lpr",
        "relief_asylum_fear",
        "relief_u_visa",
        "relief_adjustment_spouse",
    },
}


def test_the_bundled_rules_have_no_errors_even_against_the_form():
    assert [str(e) for e in check_rules()] == []


def test_the_bundled_rules_live_beside_the_form_and_are_not_a_form():
    assert default_rules_path() == forms_dir() / "analysis.yaml"
    assert "\nform:" not in default_rules_path().read_text(encoding="utf-8")


def test_every_category_the_issue_names_has_its_rules():
    rules = default_rules()
    for kind in RULE_KINDS:
        assert REQUIRED[kind] <= set(rules.ids(kind)), kind


def test_the_rules_read_the_form_they_name_at_its_current_version():
    rules = default_rules()
    form = load_form(forms_dir() / f"{rules.form_id}.yaml")
    assert (rules.form_id, rules.languages) == (form.id, form.languages)


def test_every_legal_basis_and_relief_cites_its_authorities():
    rules = default_rules()
    cited = [r for r in rules.rules if r.kind in ("legal_basis", "relief")]
    assert all(rule.authorities for rule in cited)
    assert all(a in rules.authorities for rule in cited for a in rule.authorities)


def test_every_posture_but_unknown_cites_the_law_it_names():
    postures = [r for r in default_rules().rules if r.kind == "posture"]
    assert [r.id for r in postures if not r.authorities] == ["posture_unknown"]


def test_every_authority_is_dated_sourced_and_has_a_status():
    rules = default_rules()
    for authority in rules.authorities.values():
        assert authority.source.strip() and authority.cite.strip(), authority.id
        assert authority.verified.year >= 2026, authority.id
        assert set(authority.about) == {"en", "es"}, authority.id
    superseded = rules.authorities["directive_11064_3"]
    assert (superseded.status, superseded.superseded_by) == ("superseded", "directive_11064_4")
    assert not rules.authorities["gonzalez_2019"].printable


def test_the_parental_directive_is_the_2025_one():
    rules = default_rules()
    assert rules.rule("parental_accommodations_11064_4").authorities == ("directive_11064_4",)
    assert not any("directive_11064_3" in rule.authorities for rule in rules.rules)
    for path in (forms_dir() / "packet").glob("*.yaml"):
        assert "11064.3" not in path.read_text(encoding="utf-8"), path.name


def test_laken_riley_needs_both_predicates():
    rule = default_rules().rule("laken_riley_mandatory_detention")
    assert list(rule.when) == ["all"] and len(rule.when["all"]) == 2


def test_every_factor_and_finding_asks_for_evidence_or_needs_none_by_design():
    without = {
        r.id for r in default_rules().rules if r.kind in ("factor", "finding") and not r.evidence
    }
    assert without == {"accepts_alternatives_to_detention", "prolonged_detention"}


def test_every_declared_evidence_item_is_needed_by_some_rule():
    rules = default_rules()
    used = {ev for rule in rules.rules for ev in rule.evidence}
    assert set(rules.evidence) == used


def test_every_declared_placeholder_is_used_by_some_fact():
    from intake_app.analysis.templates import placeholders_in

    rules = default_rules()
    used = {
        name
        for rule in rules.rules
        for fact in rule.facts
        for text in fact.texts
        for name in placeholders_in(text["en"])
    }
    assert set(rules.placeholders) == used - {n for n in used if n.startswith("auth_")}


def test_renaming_a_question_in_the_form_is_caught_with_the_rule_line(tmp_path):
    shutil.copy(forms_dir() / "humanitarian_release.yaml", tmp_path)
    text = default_rules_path().read_text(encoding="utf-8")
    broken = text.replace(
        '{field: "detainee_missed_doses", equals: "yes"}',
        ('{field: "detainee_missed_dose", equals: "yes"}'),
        1,
    )
    (tmp_path / "analysis.yaml").write_text(broken, encoding="utf-8")
    errors = check_rules(tmp_path / "analysis.yaml")
    assert [e.message for e in errors] == [
        "'detainee_missed_dose' is not a question of form 'humanitarian_release'"
    ]
    rule_line = next(
        i
        for i, line in enumerate(broken.splitlines(), 1)
        if 'id: "missed_medication_in_detention"' in line
    )
    assert errors[0].line == rule_line


def test_an_impossible_choice_is_caught_against_the_form(tmp_path):
    shutil.copy(forms_dir() / "humanitarian_release.yaml", tmp_path)
    text = default_rules_path().read_text(encoding="utf-8")
    broken = text.replace(
        '{field: "incident_type", equals: "dui"}',
        ('{field: "incident_type", equals: "drunk_driving"}'),
        1,
    )
    (tmp_path / "analysis.yaml").write_text(broken, encoding="utf-8")
    messages = [e.message for e in check_rules(tmp_path / "analysis.yaml")]
    assert len(messages) == 1
    assert messages[0].startswith("'drunk_driving' is not a possible answer to 'incident_type'")
