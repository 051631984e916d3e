"""Import takes what people type — a dashed A-number, a state's name, a local phone number —
through the window's own normalisation, and then lists what is missing or out of range."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from intake_app.domain.errors import CaseFileError
from intake_app.session import Session
from intake_app.store import insecure_test_kdf
from tests.app.test_cli import PASSPHRASE, intake, vault  # noqa: F401 - the vault fixture

TYPED = {
    "detainee_family_names": "Ramírez Soto",
    "a_number": "20-845-612",
    "arrest_state": "Illinois",
    "sponsor_phone": "(312) 555-0100",
    "arrest_date": "2099-01-05",  # in the future: out of range, listed after import
}


def _case_file(tmp_path: Path, answers: dict) -> Path:
    path = tmp_path / "typed.json"
    path.write_text(
        json.dumps(
            {
                "format": "amparo-case",
                "format_version": 1,
                "form": "humanitarian_release",
                "form_version": 1,
                "interview_language": "es",
                "answers": answers,
            }
        ),
        encoding="utf-8",
    )
    return path


@pytest.fixture
def session(tmp_path):
    s = Session(tmp_path / "amparo.vault", kdf=insecure_test_kdf())
    s.create_vault("Ana Admin", "admin", PASSPHRASE)
    yield s
    s.lock()


def test_typed_values_are_stored_as_the_window_stores_them(session, tmp_path):
    case_id = session.cases.import_file(_case_file(tmp_path, TYPED))
    stored = session.cases.answers(case_id)
    assert stored["a_number"] == "020845612"
    assert stored["arrest_state"] == "IL"
    assert stored["sponsor_phone"] == "+13125550100"


def test_after_import_the_missing_and_out_of_range_answers_are_listed(session, tmp_path):
    case_id = session.cases.import_file(_case_file(tmp_path, TYPED))
    issues = session.cases.answer_issues(case_id)
    codes = {(i.question_id, i.code) for i in issues}
    assert ("arrest_date", "after") in codes
    assert any(code == "required" for _, code in codes)


def test_a_value_nobody_could_read_refuses_the_file_naming_the_question_not_the_value(
    session, tmp_path
):
    answers = {**TYPED, "a_number": "not-a-number-SECRET"}
    with pytest.raises(CaseFileError) as refused:
        session.cases.import_file(_case_file(tmp_path, answers))
    assert "a_number" in str(refused.value)
    assert "SECRET" not in str(refused.value)
    assert session.cases.list() == []


def test_the_cli_prints_the_new_case_then_what_to_check_by_question(vault, tmp_path):  # noqa: F811
    result = intake(
        "--vault",
        str(vault),
        "import",
        str(_case_file(tmp_path, TYPED)),
        "--passphrase-stdin",
        "--lang",
        "en",
        stdin=PASSPHRASE + "\n",
    )
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.strip().splitlines()) == 1  # scripts read the case id
    assert "To check in this case" in result.stderr
    assert "arrest_date: too late a date" in result.stderr
    assert "Ramírez" not in result.stderr + result.stdout


def test_an_unexpected_failure_names_its_kind_never_a_traceback(monkeypatch, capsys):
    # A command that meets a bug prints the kind of failure, not a traceback that could carry
    # a client value; AMPARO_DEBUG=1 shows the traceback to a developer.
    from intake_app import cli

    def broken(args):
        raise KeyError("Ramírez Soto")

    args = cli.build_parser().parse_args(["cases"])
    args.handler = broken
    monkeypatch.setattr(cli, "build_parser", lambda: _Parsed(args))
    monkeypatch.delenv("AMPARO_DEBUG", raising=False)
    assert cli.main(["cases"]) == 1
    err = capsys.readouterr().err
    assert "unexpected problem (KeyError)" in err
    assert "Ramírez" not in err and "Traceback" not in err
    monkeypatch.setenv("AMPARO_DEBUG", "1")
    with pytest.raises(KeyError):
        cli.main(["cases"])


class _Parsed:
    """A parser that hands back arguments already parsed."""

    def __init__(self, args):
        self.args = args

    def parse_args(self, argv):
        return self.args


def test_more_group_items_than_the_form_allows_refuses_the_file(session, tmp_path):
    """The window stops at the form's max_items (20 children); a file cannot bring 21."""
    children = [{"child_name": f"Niño {n}"} for n in range(21)]
    path = _case_file(tmp_path, {"children": children})
    with pytest.raises(CaseFileError) as refused:
        session.cases.import_file(path)
    assert "children: more than 20 items" in str(refused.value)
    assert session.cases.list() == []
