"""`intake forms check` fails when Amparo's Python names a question the questionnaire lacks."""

from __future__ import annotations

from pathlib import Path

from intake_app.definitions import check_all
from intake_app.forms.code_refs import question_refs, unknown_question_refs

PACKAGE = Path(__file__).resolve().parents[2] / "intake_app"


def test_the_code_names_only_questions_the_questionnaire_has():
    errors, _summary = check_all()
    assert errors == [], errors
    refs = question_refs(PACKAGE)
    assert len(refs) >= 20  # the scan really reads the code
    assert {"detainee_family_names", "attorney_name", "field_office"} <= {
        r.question_id for r in refs
    }


def test_a_renamed_question_in_code_is_reported_with_file_and_line(tmp_path):
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "letter.py").write_text(
        "def name(answers, session, case):\n"
        '    session.cases.save_answer(case, "detainee_family_names", "X")\n'
        '    return answers.get("detainee_surname") or answers["detainee_given_names"]\n',
        encoding="utf-8",
    )
    known = {"detainee_family_names", "detainee_given_names"}
    errors = unknown_question_refs(package, known)
    assert len(errors) == 1
    assert "letter.py:3:" in errors[0] and "'detainee_surname'" in errors[0]
