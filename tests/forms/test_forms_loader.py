"""The strict loader: each kind of mistake in a form file is reported with its file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from intake_app.forms import FormError, check_forms, load_form, load_forms
from tests.forms.conftest import QUESTIONS_LINE, tiny_form

L = QUESTIONS_LINE  # line of the first question's "- id:"

NAME = """\
- id: name
  type: text
  label: {en: "Name", es: "Nombre"}
  help: HELP
"""


def test_a_valid_tiny_form_loads_with_its_ids_and_texts(tiny):
    form = tiny(NAME)
    assert form.id == "tiny" and form.version == 1 and form.languages == ("en", "es")
    assert form.question("name").label.get("es") == "Nombre"
    assert form.title.get("fr") == "Tiny"  # a language the form lacks falls back to English


def test_form_error_prints_as_path_colon_line_colon_message(write):
    path = write(tiny_form(NAME + "  colour: red\n"))
    with pytest.raises(FormError) as caught:
        load_form(path)
    assert str(caught.value).startswith(f"{path}:{L + 4}: unknown key 'colour'")
    assert (caught.value.path, caught.value.line) == (str(path), L + 4)


def test_load_form_raises_the_first_error_and_keeps_the_others_in_more(write):
    path = write(tiny_form(NAME + "  colour: red\n  size: big\n"))
    with pytest.raises(FormError) as caught:
        load_form(path)
    assert caught.value.line == L + 4
    assert [e.line for e in caught.value.more] == [L + 5]


def test_unknown_key_is_an_error_on_its_line(problems):
    errors = problems(NAME + "  hint: {en: 'x', es: 'y'}\n")
    assert len(errors) == 1
    assert errors[0].startswith(f"{L + 4}: unknown key 'hint' in question 'name'; known keys:")


def test_unknown_key_at_top_level_and_in_a_section_are_errors(write):
    text = tiny_form(NAME).replace("version: 1\n", "version: 1\nauthor: x\n")
    text = text.replace('    title: {en: "Main"', '    colour: red\n    title: {en: "Main"')
    errors = [f"{e.line}: {e.message}" for e in check_forms(write(text).parent)]
    assert errors[0].startswith("3: unknown key 'author' in the form")
    assert errors[1].startswith("8: unknown key 'colour' in section 'main'")


def test_duplicate_key_is_reported_at_the_second_occurrence(problems):
    errors = problems(NAME + '  label: {en: "Again", es: "Otra vez"}\n')
    assert errors == [f"{L + 4}: duplicate key 'label' (first at line {L + 2})"]


def test_duplicate_keys_are_all_reported_not_only_the_first(problems):
    errors = problems(NAME + "  type: text\n" + NAME + "  type: text\n")
    assert errors == [
        f"{L + 4}: duplicate key 'type' (first at line {L + 1})",
        f"{L + 9}: duplicate key 'type' (first at line {L + 6})",
    ]


@pytest.mark.parametrize("word", ["No", "yes", "on", "OFF"])
def test_unquoted_yes_no_on_off_in_a_text_is_rejected(problems, word):
    errors = problems(NAME.replace('es: "Nombre"', f"es: {word}"))
    assert errors == [
        f'{L + 2}: unquoted {word}, which YAML 1.1 reads as a boolean; quote it: "{word}"'
    ]


def test_unquoted_true_where_an_id_belongs_is_rejected(problems):
    errors = problems(NAME.replace("id: name", "id: true"))
    assert f"{L}: unquoted boolean true; put text and ids in quotes" in errors


def test_unquoted_no_as_a_condition_value_is_rejected(problems):
    errors = problems(
        """
        - id: married
          type: yes_no
          label: {en: "Married?", es: "¿Casado(a)?"}
          help: HELP
        - id: spouse
          type: text
          label: {en: "Spouse", es: "Cónyuge"}
          help: HELP
          show_if: {field: married, equals: no}
        """
    )
    assert errors == [f'{L + 8}: unquoted no, which YAML 1.1 reads as a boolean; quote it: "no"']


def test_true_and_false_are_fine_where_the_value_must_be_a_boolean(tiny):
    form = tiny(
        """
        - id: name
          type: text
          required: true
          label: {en: "Name", es: "Nombre"}
          help: HELP
        - id: ok
          type: yes_no
          allow_unknown: false
          label: {en: "OK?", es: "¿Bien?"}
          help: HELP
          show_if: {field: name, answered: true}
        """
    )
    assert form.question("name").required is True
    assert form.question("ok").allow_unknown is False


def test_yes_as_a_boolean_key_must_be_true_or_false(problems):
    errors = problems(NAME + "  required: yes\n")
    assert errors == [f"{L + 4}: required of question 'name' must be true or false"]


def test_a_text_missing_a_language_is_an_error(problems):
    errors = problems(NAME.replace(', es: "Nombre"', ""))
    assert errors == [f"{L + 2}: label of question 'name' has no 'es' text"]


def test_a_text_with_an_extra_language_is_an_error(problems):
    errors = problems(NAME.replace('es: "Nombre"', 'es: "Nombre", fr: "Nom"'))
    assert errors == [
        f"{L + 2}: label of question 'name' has a text in 'fr', which is not one of the"
        " form's languages (en, es)"
    ]


def test_a_block_text_reports_the_missing_language_at_its_key(problems):
    errors = problems(
        """
        - id: name
          type: text
          label:
            en: "Name"
          help: HELP
        """
    )
    assert errors == [f"{L + 2}: label of question 'name' has no 'es' text"]


def test_placeholders_must_match_between_languages(problems):
    errors = problems(
        """
        - id: kids
          type: group
          label: {en: "Children", es: "Hijos"}
          item_label:
            en: "Child {n}"
            es: "Hijo {num}"
          add_label: {en: "Add", es: "Agregar"}
          help: HELP
          questions:
            - id: kid_name
              type: text
              label: {en: "Name", es: "Nombre"}
              help: HELP
        """
    )
    assert errors == [
        f"{L + 5}: item_label of question 'kids': placeholders differ between languages:"
        " en has {n}, es has {num}"
    ]


def test_an_unbalanced_brace_in_a_text_is_an_error(problems):
    errors = problems(NAME.replace('es: "Nombre"', 'es: "Nombre {"'))
    assert errors[0].startswith(f"{L + 2}: label of question 'name' in 'es' has an unbalanced")


def test_an_id_that_is_not_snake_case_is_an_error(problems):
    errors = problems(NAME.replace("id: name", "id: FullName"))
    assert errors == [
        f"{L}: bad id 'FullName' in the question at line {L}: use snake_case"
        " (a-z, 0-9, _; a letter first)"
    ]


def test_a_question_reusing_a_section_id_is_a_duplicate_id(problems):
    errors = problems(NAME.replace("id: name", "id: main"))
    assert errors == [f"{L}: duplicate id 'main' (first used at line 6)"]


def test_two_questions_with_one_id_are_reported_at_the_second(problems):
    errors = problems(NAME + NAME)
    assert errors == [f"{L + 4}: duplicate id 'name' (first used at line {L})"]


def test_duplicate_choice_ids_in_one_question_are_an_error(problems):
    errors = problems(
        """
        - id: colour
          type: choice
          label: {en: "Colour", es: "Color"}
          help: HELP
          choices:
            - {id: red, label: {en: "Red", es: "Rojo"}}
            - {id: red, label: {en: "Red", es: "Rojo"}}
        """
    )
    assert errors == [
        f"{L + 6}: duplicate choice id 'red' in question 'colour' (first at line {L + 5})"
    ]


def test_an_unknown_question_type_is_an_error(problems):
    errors = problems(NAME.replace("type: text", "type: address"))
    assert len(errors) == 1
    assert errors[0].startswith(f"{L + 1}: unknown question type 'address' for question 'name'")


def test_choices_on_a_text_question_are_an_error(problems):
    errors = problems(NAME + '  choices: [{id: a, label: {en: "A", es: "A"}}]\n')
    assert errors == [
        f"{L + 4}: choices are only for choice and multi_choice (question 'name' is text)"
    ]


def test_a_choice_question_without_choices_is_an_error(problems):
    errors = problems(NAME.replace("type: text", "type: multi_choice"))
    assert errors == [f"{L}: question 'name' is a multi_choice question but has no choices"]


def test_a_condition_on_an_unknown_field_is_an_error(problems):
    errors = problems(NAME + "  show_if: {field: nmae, answered: true}\n")
    assert errors == [f"{L + 4}: show_if of 'name' refers to unknown field 'nmae'"]


def test_a_condition_on_a_later_question_is_a_forward_reference(problems):
    errors = problems(
        NAME.replace("help: HELP", "help: HELP\n  show_if: {field: age, answered: true}")
        + """
- id: age
  type: number
  label: {en: "Age", es: "Edad"}
  help: HELP
"""
    )
    assert errors == [
        f"{L + 4}: show_if of 'name' refers to 'age', which comes later in the form;"
        " a condition may only look at earlier questions"
    ]


def test_a_condition_on_its_own_question_is_a_self_reference(problems):
    errors = problems(NAME + "  show_if: {field: name, answered: true}\n")
    assert errors == [f"{L + 4}: show_if of 'name' refers to itself"]


def test_two_conditions_looking_at_each_other_are_a_cycle(problems):
    errors = problems(
        """
        - id: first
          type: text
          label: {en: "A", es: "A"}
          help: HELP
          show_if: {field: second, answered: true}
        - id: second
          type: text
          label: {en: "B", es: "B"}
          help: HELP
          show_if: {field: first, answered: true}
        """
    )
    assert errors == [f"{L + 4}: condition cycle: first → second → first"]


def test_a_section_shown_if_one_of_its_own_questions_is_a_cycle(write):
    text = tiny_form(NAME).replace(
        '    title: {en: "Main", es: "Principal"}\n',
        '    title: {en: "Main", es: "Principal"}\n    show_if: {field: name, answered: true}\n',
    )
    errors = [f"{e.line}: {e.message}" for e in check_forms(write(text).parent)]
    assert errors == ["8: condition cycle: main → name → main"]


def test_a_group_shown_if_one_of_its_own_questions_is_a_cycle(problems):
    errors = problems(
        """
        - id: kids
          type: group
          label: {en: "Children", es: "Hijos"}
          item_label: {en: "Child {n}", es: "Hijo {n}"}
          add_label: {en: "Add", es: "Agregar"}
          help: HELP
          show_if: {field: kid_name, answered: true}
          questions:
            - id: kid_name
              type: text
              label: {en: "Name", es: "Nombre"}
              help: HELP
        """
    )
    assert errors == [f"{L + 6}: condition cycle: kids → kid_name → kids"]


def test_a_condition_naming_a_section_is_an_error(problems):
    errors = problems(NAME + "  show_if: {field: main, answered: true}\n")
    assert errors == [
        f"{L + 4}: show_if of 'name' refers to section 'main'; a condition names a question"
    ]


def test_a_condition_comparing_with_a_value_that_is_not_a_choice_is_an_error(problems):
    errors = problems(
        """
        - id: setting
          type: choice
          label: {en: "Where", es: "Dónde"}
          help: HELP
          choices: [{id: home, label: {en: "Home", es: "Casa"}}]
        - id: detail
          type: text
          label: {en: "Detail", es: "Detalle"}
          help: HELP
          show_if: {field: setting, equals: "hmoe"}
        """
    )
    assert errors == [f"{L + 9}: 'hmoe' is not a possible answer to 'setting' (home)"]


def test_a_condition_with_two_operators_is_an_error(problems):
    errors = problems(
        """
        - id: ok
          type: yes_no
          label: {en: "OK?", es: "¿Bien?"}
          help: HELP
        - id: why
          type: text
          label: {en: "Why", es: "Por qué"}
          help: HELP
          show_if: {field: ok, equals: "yes", answered: true}
        """
    )
    assert errors == [
        f"{L + 8}: a condition needs 'field' and exactly one of equals, in, answered"
        " (or is all, any or not)"
    ]


@pytest.mark.parametrize(
    ("kind", "bound", "expected"),
    [
        ("number", '"today"', "min of question 'q' must be a number"),
        (
            "date",
            "5",
            'min of question \'q\' must be "today", a date "YYYY-MM-DD", or {field: a_date_id}',
        ),
        (
            "date",
            '"2026-02-30"',
            'min of question \'q\' must be "today", a date "YYYY-MM-DD", or {field: a_date_id}',
        ),
        ("text", "1", "min is only for number, money and date questions (question 'q' is text)"),
    ],
)
def test_min_of_the_wrong_kind_is_an_error(problems, kind, bound, expected):
    errors = problems(
        f"""
        - id: q
          type: {kind}
          label: {{en: "Q", es: "P"}}
          help: HELP
          min: {bound}
        """
    )
    assert errors == [f"{L + 4}: {expected}"]


def test_a_date_bound_on_another_field_must_name_a_date_question(problems):
    errors = problems(
        NAME + '- id: when\n  type: date\n  label: {en: "When", es: "Cuándo"}\n'
        "  help: HELP\n  min: {field: name}\n"
    )
    assert errors == [f"{L + 8}: min of 'when' refers to 'name', which is not a date question"]


def test_min_greater_than_max_is_an_error(problems):
    errors = problems(
        """
        - id: q
          type: number
          label: {en: "Q", es: "P"}
          help: HELP
          min: 10
          max: 1
        """
    )
    assert errors == [f"{L + 5}: min of question 'q' is greater than its max"]


def test_a_question_without_help_is_an_error(problems):
    errors = problems(NAME.replace("  help: HELP\n", ""))
    assert errors == [f"{L}: question 'name' has no 'help' (help.why and help.how)"]


@pytest.mark.parametrize("missing", ["why", "how"])
def test_help_without_why_or_how_is_an_error(problems, missing):
    helps = {"why": '{en: "Why", es: "Por qué"}', "how": '{en: "How", es: "Cómo"}'}
    kept = "how" if missing == "why" else "why"
    errors = problems(NAME.replace("HELP", f"{{{kept}: {helps[kept]}}}"))
    assert errors == [f"{L + 3}: help of question 'name' has no '{missing}'"]


def test_groups_cannot_be_nested(problems):
    errors = problems(
        """
        - id: outer
          type: group
          label: {en: "Outer", es: "Fuera"}
          item_label: {en: "Outer {n}", es: "Fuera {n}"}
          add_label: {en: "Add", es: "Agregar"}
          help: HELP
          questions:
            - id: inner
              type: group
              label: {en: "Inner", es: "Dentro"}
              item_label: {en: "Inner {n}", es: "Dentro {n}"}
              add_label: {en: "Add", es: "Agregar"}
              help: HELP
              questions:
                - id: leaf
                  type: text
                  label: {en: "Leaf", es: "Hoja"}
                  help: HELP
        """
    )
    assert errors == [f"{L + 7}: groups cannot be nested: question 'inner' is inside group 'outer'"]


def test_a_yaml_syntax_error_is_reported_with_its_line(problems):
    errors = problems(NAME + '  label: {en: "unclosed\n')
    assert len(errors) == 1 and errors[0].startswith(f"{L + 5}: not valid YAML")


def test_several_problems_in_one_file_are_all_reported(problems):
    errors = problems(
        NAME.replace('es: "Nombre"', 'es: "Nombre", fr: "Nom"')
        + "  colour: red\n"
        + NAME.replace("id: name", "id: age").replace("type: text", "type: integer")
    )
    assert [e.split(":")[0] for e in errors] == [str(L + 2), str(L + 4), str(L + 6)]


def test_load_forms_skips_yaml_files_that_are_not_forms(write, tmp_path):
    write(tiny_form(NAME), "tiny.yaml")
    write("rules:\n  - id: sole_caregiver\n    when: {field: x, equals: yes}\n", "rules.yaml")
    write("paragraphs: [\n", "broken_paragraphs.yaml")
    forms = load_forms(tmp_path)
    assert list(forms) == ["tiny"]
    assert check_forms(tmp_path) == []


def test_check_forms_collects_errors_from_every_form_file(write, tmp_path):
    write(tiny_form(NAME + "  colour: red\n"), "a.yaml")
    write(tiny_form(NAME.replace("type: text", "type: txt")).replace("tiny", "other"), "b.yaml")
    errors = check_forms(tmp_path)
    assert [(Path(e.path).name, e.line) for e in errors] == [("a.yaml", L + 4), ("b.yaml", L + 1)]
    with pytest.raises(FormError):
        load_forms(tmp_path)


def test_two_files_declaring_the_same_form_id_is_an_error(write, tmp_path):
    write(tiny_form(NAME), "a.yaml")
    write(tiny_form(NAME), "b.yaml")
    errors = check_forms(tmp_path)
    assert len(errors) == 1 and errors[0].message.startswith("form id 'tiny' is also used by")


def test_a_form_file_edited_in_place_is_checked_again(write):
    path = write(tiny_form(NAME))
    assert load_form(path).question("name").type == "text"
    write(tiny_form(NAME.replace("type: text", "type: long_text")))
    assert load_form(path).question("name").type == "long_text"
    write(tiny_form(NAME.replace("type: text", "type: txt")))
    assert [e.line for e in check_forms(path.parent)] == [L + 1]


def test_a_form_file_that_does_not_parse_is_still_reported(write, tmp_path):
    write("form: broken\nsections: [\n", "broken.yaml")
    errors = check_forms(tmp_path)
    assert len(errors) == 1 and errors[0].message.startswith("not valid YAML")


def test_a_yaml_file_without_a_form_key_is_not_a_form_when_loaded_by_name(write):
    path = write("rules: []\n", "rules.yaml")
    with pytest.raises(FormError, match="not a form"):
        load_form(path)


def test_an_empty_directory_has_no_forms_and_no_errors(tmp_path):
    assert load_forms(tmp_path) == {}
    assert check_forms(tmp_path) == []
