"""The session: the one API the GUI, CLI and tests share."""

from __future__ import annotations

import json

import pytest

from intake_app.domain.errors import (
    CaseFileError,
    CaseNotFound,
    NotPermitted,
    PassphraseRejected,
    VaultLocked,
    WrongPassphrase,
)
from intake_app.session import Session, UnlockThrottle
from intake_app.store import Vault, insecure_test_kdf

PASSPHRASE = "quiet orchard lantern nineteen"


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


@pytest.fixture
def session(tmp_path):
    s = Session(tmp_path / "clinic.vault", kdf=insecure_test_kdf())
    s.create_vault("Rosa Volunteer", "volunteer", PASSPHRASE)
    yield s
    s.lock()


def test_new_vault_is_unlocked_for_its_creator(session):
    assert session.is_unlocked
    assert session.person.display_name == "Rosa Volunteer"
    assert session.person.role == "volunteer"


def test_locked_session_refuses_case_access(session):
    session.lock()
    with pytest.raises(VaultLocked):
        session.list_cases()


def test_weak_passphrase_is_rejected_and_creates_nothing(tmp_path):
    s = Session(tmp_path / "v.vault", kdf=insecure_test_kdf())
    with pytest.raises(PassphraseRejected):
        s.create_vault("Ana", "admin", "short")
    with pytest.raises(PassphraseRejected):
        s.create_vault("Ana", "admin", "aaaaaaaaaaaaaaaaaaaa")
    assert list(tmp_path.iterdir()) == []


def test_answer_survives_lock_and_unlock(session):
    case_id = session.create_case("es")
    session.save_answer(case_id, "detainee_family_names", "Muñoz Pérez")
    session.save_answer(case_id, "detainee_given_names", "José Ángel 🌵")
    session.lock()
    session.unlock(PASSPHRASE)
    answers = session.answers(case_id)
    assert answers["detainee_family_names"] == "Muñoz Pérez"
    assert answers["detainee_given_names"] == "José Ángel 🌵"
    [summary] = session.list_cases()
    assert summary.display_name == "MUÑOZ PÉREZ, José Ángel 🌵"


def test_saving_none_clears_an_answer(session):
    case_id = session.create_case("es")
    session.save_answer(case_id, "detainee_family_names", "Lopez")
    session.save_answer(case_id, "detainee_family_names", None)
    assert "detainee_family_names" not in session.answers(case_id)


def test_progress_is_cached_on_the_case_list(session):
    case_id = session.create_case("en")
    before = session.list_cases()[0]
    assert before.required > 0 and before.answered == 0
    session.save_answer(case_id, "detainee_family_names", "Lopez")
    after = next(c for c in session.list_cases() if c.id == case_id)
    assert after.answered == 1


def test_unknown_question_id_is_refused(session):
    case_id = session.create_case("es")
    with pytest.raises(KeyError):
        session.save_answer(case_id, "no_such_question", "x")


def test_ten_thousand_character_answer_round_trips(session):
    case_id = session.create_case("es")
    long_text = ("ñáü " * 2500)[:10_000]
    session.save_answer(case_id, "detainee_family_names", long_text)
    session.lock()
    session.unlock(PASSPHRASE)
    assert session.answers(case_id)["detainee_family_names"] == long_text


def test_delete_case_removes_it_and_its_answers(session):
    case_id = session.create_case("es")
    session.save_answer(case_id, "detainee_family_names", "Lopez")
    session.delete_case(case_id)
    assert session.list_cases() == []
    with pytest.raises(CaseNotFound):
        session.answers(case_id)


def test_audit_log_records_actions_but_never_values(session):
    case_id = session.create_case("es")
    session.save_answer(case_id, "detainee_family_names", "CanaryFamilyName")
    session.open_case(case_id)
    with pytest.raises(NotPermitted):
        session.audit_log()  # the viewer is for admins
    session.lock()
    vault = Vault.open(session.vault_path, PASSPHRASE)
    try:
        entries = vault.audit_entries()
    finally:
        vault.close()
    actions = [e.action for e in entries]
    assert "case_created" in actions and "case_opened" in actions
    assert all(e.person_name == "Rosa Volunteer" for e in entries)
    assert not any("Canary" in (e.action + str(e.case_id)) for e in entries)


def test_status_moves_through_the_workflow(session):
    case_id = session.create_case("es")
    for status in ("attorney_review", "ready", "submitted", "decided"):
        session.set_status(case_id, status)
        assert session.case(case_id).status == status
    with pytest.raises(ValueError):
        session.set_status(case_id, "lost")


def test_wrong_passphrase_raises_the_same_typed_error(session):
    session.lock()
    for _ in range(3):
        with pytest.raises(WrongPassphrase):
            session.unlock("not the right passphrase at all")
    session.unlock(PASSPHRASE)


def test_throttle_is_free_for_three_tries_then_doubles():
    clock = FakeClock()
    throttle = UnlockThrottle(sleep=clock.sleep, clock=clock)
    delays = []
    for _ in range(7):
        throttle.wait()
        throttle.failed()
        delays.append(throttle.remaining())
    assert delays == [0.0, 0.0, 1.0, 2.0, 4.0, 8.0, 16.0]
    throttle.wait()
    assert clock.slept[-1] == 16.0
    throttle.succeeded()
    assert throttle.remaining() == 0.0


def test_session_waits_out_the_backoff_before_trying_again(tmp_path):
    clock = FakeClock()
    s = Session(tmp_path / "v.vault", kdf=insecure_test_kdf(), sleep=clock.sleep, clock=clock)
    s.create_vault("Ana", "admin", PASSPHRASE)
    s.lock()
    for _ in range(5):
        with pytest.raises(WrongPassphrase):
            s.unlock("wrong wrong wrong wrong")
    assert clock.slept == [1.0, 2.0]
    assert s.unlock_wait_seconds() == 4.0
    s.unlock(PASSPHRASE)
    assert clock.slept == [1.0, 2.0, 4.0]


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
    case_id = session.create_case("es")
    with pytest.raises(NotPermitted):
        session.export_case_file(case_id, tmp_path / "case.json")
    assert not (tmp_path / "case.json").exists()


def test_export_then_import_round_trips_a_case(tmp_path):
    counsel = Session(tmp_path / "counsel.vault", kdf=insecure_test_kdf())
    counsel.create_vault("Lic. Rosa Counsel", "attorney", PASSPHRASE)
    case_id = counsel.create_case("es")
    counsel.save_answer(case_id, "detainee_family_names", "Muñoz")
    counsel.save_answer(case_id, "a_number", "012345678")
    out = tmp_path / "case.json"
    counsel.export_case_file(case_id, out)
    assert oct(out.stat().st_mode & 0o777) == "0o600"
    new_id = counsel.import_case_file(out)
    assert new_id != case_id
    assert counsel.answers(new_id) == counsel.answers(case_id)
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
        session.import_case_file(bad)
    assert str(bad) in caught.value.detail
    assert reason in caught.value.detail
    assert session.list_cases() == []
