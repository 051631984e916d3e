"""The letter lint: every persona's filing reads clean, and the lint catches each defect an
attorney would strike (a list that is not there, "(a)" though the sex is known, a past date
called upcoming, a section that does not exist, a superseded authority, a wrong age, "alien"
for a possible citizen)."""

from __future__ import annotations

import datetime as dt

import pytest

from intake_app.analysis import default_rules
from intake_app.packet import build_counsel_review, filing_text
from intake_app.packet.lint import Paragraph, lint
from tests.packet.conftest import PERSONA_NAMES, flat, pages_text, persona_inputs

TODAY = dt.date(2026, 3, 4)
KNOWN_SEXES = {
    "detainee_gender": "male",
    "children": [
        {"child_name": "Valeria Ruiz", "child_sex": "female", "child_birth_date": "2018-09-02"}
    ],
}


def _lint(paras, answers=None, posture=None) -> list[str]:
    return lint(paras, answers or {}, TODAY, default_rules().authorities, posture)


def _letter(*items: tuple[str, str]) -> list[Paragraph]:
    return [Paragraph("cover_letter", kind, text) for kind, text in items]


@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_every_persona_filing_reads_clean(name):
    inputs = persona_inputs(name)
    paras = filing_text(inputs)
    assert paras, name
    problems = _lint(paras, inputs.answers, inputs.analysis.posture_id)
    assert problems == [], f"{name}: {problems}"


def test_an_empty_list_after_a_colon_is_caught():
    paras = _letter(("paragraph", "His record consists of the following:"), ("heading", "VII."))
    assert any("introduces a list" in p for p in _lint(paras))
    with_list = _letter(
        ("paragraph", "His record consists of the following:"),
        ("list", "March 3, 2019: speeding, paid."),
    )
    assert _lint(with_list) == []


def test_gender_placeholders_are_caught_once_the_sex_is_known():
    paras = _letter(("paragraph", "Su hijo(a) vive con él o ella."))
    assert any("though the sex is known" in p for p in _lint(paras, KNOWN_SEXES))
    assert _lint(paras, {"detainee_gender": "unknown"}) == []


def test_a_past_date_called_upcoming_is_caught():
    paras = _letter(("paragraph", "His next hearing is scheduled for February 2, 2026."))
    assert any("a past date, upcoming" in p for p in _lint(paras))
    ahead = _letter(("paragraph", "His next hearing is scheduled for April 14, 2026."))
    assert _lint(ahead) == []


def test_a_reference_to_a_section_that_does_not_exist_is_caught():
    paras = _letter(
        ("heading", "I. Legal Authority"),
        ("paragraph", "His brother will sponsor him, as described in the Release Plan below."),
        ("paragraph", "See Section IV."),
    )
    problems = _lint(paras)
    assert any("Release Plan below" in p for p in problems)
    assert any("Section IV" in p for p in problems)
    present = _letter(
        ("paragraph", "His brother will sponsor him, as described in the Release Plan below."),
        ("heading", "IV. Release Plan"),
        ("paragraph", "See Section IV."),
    )
    assert _lint(present) == []


def test_a_superseded_authority_is_caught():
    superseded = default_rules().authorities["directive_11064_3"]
    paras = _letter(("paragraph", f"Under {superseded.plain_cite}, ICE must consider…"))
    assert any("superseded" in p for p in _lint(paras))


def test_an_age_the_date_of_birth_does_not_give_is_caught():
    paras = _letter(("paragraph", "His daughter Valeria, age 9, lives with her mother."))
    assert any("the date of birth makes it 7" in p for p in _lint(paras, KNOWN_SEXES))
    right = _letter(("paragraph", "His daughter Valeria, age 7, lives with her mother."))
    assert _lint(right, KNOWN_SEXES) == []


def test_a_possible_citizen_is_never_called_an_alien():
    paras = _letter(("paragraph", "The alien was born in Guatemala."))
    assert _lint(paras, posture="posture_possible_citizen")
    assert _lint(paras, posture="posture_236a_discretionary") == []


def test_what_the_lint_finds_is_in_the_counsel_review():
    inputs = persona_inputs(
        "chicago_father_daughter_leukemia",
        overrides={
            "cover_letter.community": "His pastor's letter is quoted in the Character Letters "
            "below."
        },
    )
    review = flat(" ".join(pages_text(build_counsel_review(inputs))))
    assert "refers to the Character Letters below, not there" in review
