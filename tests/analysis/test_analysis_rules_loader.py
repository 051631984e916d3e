"""The rules loader's strictness: every problem is a RulesError naming file and line."""

from __future__ import annotations

import pytest

from intake_app.analysis import RulesError, check_rules, load_rules

from .conftest import HEADER, probe_rule, rules_text

GOOD_WHEN = '{field: "final_order", equals: "yes"}'


def _only_error(path) -> RulesError:
    errors = check_rules(path)
    assert len(errors) == 1, [str(e) for e in errors]
    return errors[0]


def _line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def test_a_sound_file_has_no_errors_and_loads(write_rules):
    path = write_rules(rules_text(probe_rule(GOOD_WHEN)))
    assert check_rules(path) == []
    rules = load_rules(path)
    assert [r.id for r in rules.rules] == ["probe"]
    assert rules.version == 1
    assert rules.form_id == "humanitarian_release"


def test_an_unknown_key_in_a_rule_is_reported_at_its_line(write_rules):
    text = rules_text(probe_rule(GOOD_WHEN, extra='severity: "high"'))
    path = write_rules(text)
    error = _only_error(path)
    assert error.line == _line_of(text, "severity")
    assert "unknown key 'severity'" in error.message
    assert str(error) == f"{path}:{error.line}: {error.message}"


def test_load_rules_raises_the_error_with_path_and_line(write_rules):
    text = rules_text(probe_rule(GOOD_WHEN, extra='severity: "high"'))
    path = write_rules(text)
    with pytest.raises(RulesError) as caught:
        load_rules(path)
    assert str(caught.value).startswith(f"{path}:{_line_of(text, 'severity')}: ")


def test_a_text_missing_a_language_is_an_error(write_rules):
    text = rules_text(probe_rule(GOOD_WHEN)).replace(', es: "Por qué importa."', "")
    error = _only_error(write_rules(text))
    assert error.line == _line_of(text, "explanation:")
    assert "missing language 'es'" in error.message


def test_a_text_with_an_extra_language_is_an_error(write_rules):
    text = rules_text(probe_rule(GOOD_WHEN)).replace('es: "Sonda probe"', 'es: "S", fr: "S"')
    assert "unknown language 'fr'" in _only_error(write_rules(text)).message


def test_an_unknown_rule_kind_is_an_error(write_rules):
    text = rules_text(probe_rule(GOOD_WHEN, kind="hunch"))
    error = _only_error(write_rules(text))
    assert error.line == _line_of(text, 'kind: "hunch"')
    assert "unknown rule kind 'hunch'" in error.message


def test_an_unknown_operator_is_an_error_at_its_line(write_rules):
    text = rules_text(probe_rule('{field: "final_order", equal: "yes"}'))
    error = _only_error(write_rules(text))
    assert error.line == _line_of(text, "equal:")
    assert "unknown operator 'equal'" in error.message


def test_an_unknown_operator_deep_inside_a_where_is_found_at_its_own_line(write_rules):
    rule = """\
  - id: "probe"
    kind: "factor"
    title: {en: "Probe", es: "Sonda"}
    explanation: {en: "Why.", es: "Por qué."}
    when:
      any_item: "children"
      where:
        all:
          - {field: "child_citizenship", equals: "us_citizen"}
          - {field: "child_age", older_than: 3}
"""
    text = rules_text(rule)
    errors = check_rules(write_rules(text))
    assert [e.message for e in errors] == ["unknown operator 'older_than'"]
    assert errors[0].line == _line_of(text, "older_than")


def test_duplicate_rule_ids_are_an_error(write_rules):
    text = rules_text(probe_rule(GOOD_WHEN) + probe_rule(GOOD_WHEN))
    error = _only_error(write_rules(text))
    assert "duplicate id 'probe'" in error.message
    assert error.line == [i for i, ln in enumerate(text.splitlines(), 1) if 'id: "probe"' in ln][1]


def test_an_evidence_id_may_not_repeat_a_rule_id(write_rules):
    evidence = """
    evidence:
      - id: "probe"
        name: {en: "A document", es: "Un documento"}
    """
    errors = check_rules(write_rules(rules_text(probe_rule(GOOD_WHEN), evidence=evidence)))
    assert [e.message for e in errors] == ["duplicate id 'probe'"]


def test_duplicate_yaml_keys_are_an_error_at_the_second_key(write_rules):
    text = rules_text(probe_rule(GOOD_WHEN, extra='citation: "A"\ncitation: "B"'))
    error = _only_error(write_rules(text))
    assert error.line == _line_of(text, 'citation: "B"')
    assert "duplicate key" in error.message


def test_invalid_yaml_is_an_error_with_a_line(write_rules):
    text = HEADER + "rules: [\n  {id: \n"
    error = _only_error(write_rules(text))
    assert error.line is not None and error.line >= 4


def test_an_unquoted_string_is_an_error(write_rules):
    text = rules_text(probe_rule('{field: "final_order", equals: yes}'))
    error = _only_error(write_rules(text))
    assert "quote the string 'yes'" in error.message


def test_a_rule_may_only_refer_to_a_rule_defined_earlier(write_rules):
    text = rules_text(probe_rule('{rule: "later"}', "first") + probe_rule(GOOD_WHEN, "later"))
    error = _only_error(write_rules(text))
    assert "rule 'later' is not a rule defined earlier" in error.message


def test_an_undeclared_placeholder_is_an_error(write_rules):
    extra = 'facts:\n  - text: {en: "Born {birth}", es: "Nacido {birth}"}'
    error = _only_error(write_rules(rules_text(probe_rule(GOOD_WHEN, extra=extra))))
    assert "placeholder {birth} is not declared" in error.message


def test_placeholders_that_differ_between_languages_are_an_error(write_rules):
    extra = 'facts:\n  - text: {en: "Born {a}", es: "Nacido {b}"}'
    placeholders = 'placeholders: {a: "text", b: "date"}'
    text = rules_text(probe_rule(GOOD_WHEN, extra=extra), placeholders=placeholders)
    assert "placeholders differ between languages" in _only_error(write_rules(text)).message


def test_a_rule_naming_unknown_evidence_is_an_error(write_rules):
    text = rules_text(probe_rule(GOOD_WHEN, extra='evidence: ["g28"]'))
    assert "unknown evidence 'g28'" in _only_error(write_rules(text)).message


def test_an_unknown_placeholder_format_is_an_error(write_rules):
    text = rules_text(probe_rule(GOOD_WHEN), placeholders='placeholders: {a: "roman"}')
    error = _only_error(write_rules(text))
    assert "unknown format 'roman'" in error.message
    assert error.line == _line_of(text, "placeholders:")


def test_a_choice_placeholder_needs_labels(write_rules):
    text = rules_text(probe_rule(GOOD_WHEN), placeholders='placeholders: {a: "choice"}')
    assert "needs labels" in _only_error(write_rules(text)).message


@pytest.mark.parametrize(
    ("when", "message"),
    [
        ('{field: "a", equals: "x", in: ["x"]}', "exactly one test"),
        ('{field: "a"}', "exactly one test"),
        ('{equals: "x"}', "no operator"),
        ('{field: "a", any: [{field: "b", equals: "y"}]}', "several operators"),
        ("{all: []}", "non-empty list"),
        ('{all_items: "incidents"}', "'all_items' needs 'where'"),
        ('{count_items: "children"}', "needs a comparison"),
        ('{years_since: "entry_date"}', "needs a comparison"),
        ('{field: "a", at_least: "ten"}', "takes a number"),
        ('{field: "a", answered: "yes"}', "takes true or false"),
        ('{any_item: "children", at_least: 1}', "cannot go with 'any_item'"),
        ('{field: "a", where: {field: "b", equals: "y"}}', "cannot go with 'field'"),
        (
            '{any_item: "children", where: {any_item: "incidents"}}',
            "groups do not nest",
        ),
        ('"final_order"', "expected a mapping"),
    ],
)
def test_malformed_conditions_are_errors(write_rules, when, message):
    errors = check_rules(write_rules(rules_text(probe_rule(when))))
    assert any(message in e.message for e in errors), [str(e) for e in errors]


def test_a_missing_top_level_key_is_an_error_on_line_one(write_rules):
    path = write_rules(HEADER + "rules: []\n")
    messages = {(e.line, e.message) for e in check_rules(path)}
    assert (1, "rules file: missing 'placeholders'") in messages
    assert (1, "rules file: missing 'evidence'") in messages


def test_a_form_key_at_the_top_is_unknown_so_the_form_loader_never_mistakes_the_file(write_rules):
    text = rules_text(probe_rule(GOOD_WHEN)) + 'form: "humanitarian_release"\n'
    assert "unknown key 'form'" in _only_error(write_rules(text)).message


def test_a_missing_file_is_an_error_without_a_line(tmp_path):
    error = _only_error(tmp_path / "nope.yaml")
    assert error.line is None
    assert str(error) == f"{tmp_path / 'nope.yaml'}: no such file"


def test_all_errors_are_collected_in_line_order(write_rules):
    text = rules_text(
        probe_rule('{field: "a", equal: "x"}', "one") + probe_rule(GOOD_WHEN, "two", kind="hunch")
    )
    errors = check_rules(write_rules(text))
    assert [e.line for e in errors] == sorted(e.line for e in errors)
    assert len(errors) == 2


def test_where_in_a_fact_needs_for_each(write_rules):
    extra = 'facts:\n  - where: {field: "a", equals: "x"}\n    text: {en: "A", es: "A"}'
    text = rules_text(probe_rule(GOOD_WHEN, extra=extra))
    error = _only_error(write_rules(text))
    assert error.message == "rule 'probe' fact: 'where' needs 'for_each'"
    assert error.line == _line_of(text, "where:")


def test_an_item_operator_inside_a_for_each_fact_is_an_error(write_rules):
    extra = (
        'facts:\n  - for_each: "children"\n    when: {any_item: "incidents"}\n'
        '    text: {en: "A", es: "A"}'
    )
    error = _only_error(write_rules(rules_text(probe_rule(GOOD_WHEN, extra=extra))))
    assert "groups do not nest" in error.message
