"""`session.cases`: answers saved and kept, progress, status, deletion, case files."""

from __future__ import annotations

import json

import pytest

from intake_app.domain.errors import (
    CaseFileError,
    CaseNotFound,
    NotPermitted,
)
from intake_app.session import Session
from intake_app.store import insecure_test_kdf

PASSPHRASE = "quiet orchard lantern nineteen"


def test_saving_none_clears_an_answer(session):
    case_id = session.cases.create("es")
    session.cases.save_answer(case_id, "detainee_family_names", "Lopez")
    session.cases.save_answer(case_id, "detainee_family_names", None)
    assert "detainee_family_names" not in session.cases.answers(case_id)


def test_progress_is_cached_on_the_case_list(session):
    case_id = session.cases.create("en")
    before = session.cases.list()[0]
    assert before.required > 0 and before.answered == 0
    session.cases.save_answer(case_id, "detainee_family_names", "Lopez")
    after = next(c for c in session.cases.list() if c.id == case_id)
    assert after.answered == 1


def test_unknown_question_id_is_refused(session):
    case_id = session.cases.create("es")
    with pytest.raises(KeyError):
        session.cases.save_answer(case_id, "no_such_question", "x")


def test_ten_thousand_character_answer_round_trips(session):
    case_id = session.cases.create("es")
    long_text = ("ñáü " * 2500)[:10_000]
    session.cases.save_answer(case_id, "detainee_family_names", long_text)
    session.lock()
    session.unlock(PASSPHRASE)
    assert session.cases.answers(case_id)["detainee_family_names"] == long_text


def test_delete_case_removes_it_and_its_answers(session):
    case_id = session.cases.create("es")
    session.cases.save_answer(case_id, "detainee_family_names", "Lopez")
    session.cases.delete(case_id)
    assert session.cases.list() == []
    with pytest.raises(CaseNotFound):
        session.cases.answers(case_id)


def test_status_moves_through_the_workflow(session):
    case_id = session.cases.create("es")
    for status in ("attorney_review", "ready", "submitted", "decided"):
        session.cases.set_status(case_id, status)
        assert session.cases.get(case_id).status == status
    with pytest.raises(ValueError):
        session.cases.set_status(case_id, "lost")


def _case_json(answers, **overrides):
    doc = {
        "format": "amparo-case",
        "format_version": 1,
        "form": "humanitarian_release",
        "form_version": 1,
        "interview_language": "es",
        "answers": answers,
    }
    doc.update(overrides)
    return doc


def test_volunteer_cannot_export_a_case_in_plaintext(session, tmp_path):
    case_id = session.cases.create("es")
    with pytest.raises(NotPermitted):
        session.cases.export_file(case_id, tmp_path / "case.json")
    assert not (tmp_path / "case.json").exists()


def test_export_then_import_round_trips_a_case(tmp_path):
    counsel = Session(tmp_path / "counsel.vault", kdf=insecure_test_kdf())
    counsel.create_vault("Lic. Rosa Counsel", "attorney", PASSPHRASE)
    case_id = counsel.cases.create("es")
    counsel.cases.save_answer(case_id, "detainee_family_names", "Muñoz")
    counsel.cases.save_answer(case_id, "a_number", "012345678")
    out = tmp_path / "case.json"
    counsel.cases.export_file(case_id, out)
    assert oct(out.stat().st_mode & 0o777) == "0o600"
    new_id = counsel.cases.import_file(out)
    assert new_id != case_id
    assert counsel.cases.answers(new_id) == counsel.cases.answers(case_id)
    counsel.lock()


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("{not json", "not valid JSON"),
        ("[]", "JSON object"),
        (json.dumps(_case_json({}, format="other")), '"format"'),
        (json.dumps(_case_json({}, interview_language="fr")), "interview_language"),
        (json.dumps(_case_json({"no_such_question": "x"})), "no_such_question"),
        (json.dumps(_case_json({}, form_version=99)), "version"),
        (json.dumps(_case_json({"detainee_birth_date": "2031-02-30"})), "detainee_birth_date"),
    ],
)
def test_malformed_case_file_names_path_and_reason_and_imports_nothing(
    session, tmp_path, content, reason
):
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    with pytest.raises(CaseFileError) as caught:
        session.cases.import_file(bad)
    assert str(bad) in caught.value.detail
    assert reason in caught.value.detail
    assert session.cases.list() == []
