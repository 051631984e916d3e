"""Logs: a whole session-level workflow at DEBUG leaves no canary in log records, a log file,
exception messages, stdout or stderr."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from intake_app.domain.errors import CaseFileError, WrongPassphrase
from intake_app.session import Session
from tests.security._support import (
    OTHER_PASSPHRASE,
    PASSPHRASE,
    Canaries,
    case_document,
    find_needles,
)


def _record_texts(records: list[logging.LogRecord]) -> str:
    parts = []
    for record in records:
        parts += [record.getMessage(), repr(record.args), record.exc_text or ""]
        if record.exc_info and record.exc_info[1] is not None:
            parts.append(repr(record.exc_info[1]))
    return "\n".join(parts)


def test_session_workflow_logs_no_canary(
    tmp_path: Path,
    vault_path: Path,
    cheap_kdf_env: None,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    canaries = Canaries.new()
    needles = canaries.needles()
    case_file = tmp_path / "case.json"
    case_file.write_text(json.dumps(case_document(canaries), ensure_ascii=False), "utf-8")
    bad = case_document(canaries)
    bad["answers"]["a_number"] = canaries.family_names
    bad["answers"]["children"][0]["child_birth_date"] = canaries.given_names
    bad_file = tmp_path / "bad-case.json"
    bad_file.write_text(json.dumps(bad, ensure_ascii=False), "utf-8")
    log_file = tmp_path / "debug.log"
    handler = logging.FileHandler(log_file, encoding="utf-8")
    handler.setLevel(logging.DEBUG)
    root = logging.getLogger()
    root.addHandler(handler)
    caplog.set_level(logging.DEBUG)
    errors: list[str] = []
    try:
        session = Session(vault_path, sleep=lambda s: None)
        session.create_vault(canaries.display_name, "admin", PASSPHRASE)
        case_id = session.cases.import_file(case_file)
        assert session.cases.list()[0].family_names == canaries.family_names
        session.cases.open(case_id)
        session.cases.save_answer(case_id, "detainee_other_names", canaries.long_text + " (2)")
        session.cases.save_answer(case_id, "detainee_given_names", canaries.given_names + " Jr")
        session.cases.visible_answers(case_id)
        session.cases.set_status(case_id, "attorney_review")
        session.cases.export_file(case_id, tmp_path / "export.json")
        with pytest.raises(CaseFileError) as info:
            session.cases.import_file(bad_file)
        errors.append(str(info.value))
        session.lock()
        with pytest.raises(WrongPassphrase) as info:
            session.unlock(canaries.given_names)  # a careless person types a name
        errors.append(str(info.value))
        session.unlock(PASSPHRASE)
        session.change_passphrase(PASSPHRASE, OTHER_PASSPHRASE)
        assert session.cases.answers(case_id)["detainee_family_names"] == canaries.family_names
        session.lock()
    finally:
        root.removeHandler(handler)
        handler.close()
    captured = capsys.readouterr()
    logged = _record_texts(caplog.records)
    print(
        f"\nlogs: {len(caplog.records)} records at DEBUG, {log_file.stat().st_size} bytes "
        f"in the log file, {len(errors)} error messages checked"
    )
    assert "vault unlocked" in logged, "the workflow's own log lines were not captured"
    assert find_needles(logged.encode(), needles) == []
    assert find_needles(log_file.read_bytes(), needles) == []
    assert find_needles("\n".join(errors).encode(), needles) == []
    assert find_needles((captured.out + captured.err).encode(), needles) == []


def test_log_capture_would_catch_a_canary(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """Positive control: a value logged at DEBUG by an intake_app logger is seen by the check."""
    canaries = Canaries.new()
    caplog.set_level(logging.DEBUG)
    logging.getLogger("intake_app.session").debug("saved %s", canaries.family_names)
    assert find_needles(_record_texts(caplog.records).encode(), canaries.needles())
