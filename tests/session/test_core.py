"""The session itself: creating, unlocking and locking a vault, the throttle, the audit log."""

from __future__ import annotations

import pytest

from intake_app.domain.errors import (
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


def test_new_vault_is_unlocked_for_its_creator(session):
    assert session.is_unlocked
    assert session.person.display_name == "Rosa Volunteer"
    assert session.person.role == "volunteer"


def test_locked_session_refuses_case_access(session):
    session.lock()
    with pytest.raises(VaultLocked):
        session.cases.list()


def test_weak_passphrase_is_rejected_and_creates_nothing(tmp_path):
    s = Session(tmp_path / "v.vault", kdf=insecure_test_kdf())
    with pytest.raises(PassphraseRejected):
        s.create_vault("Ana", "admin", "short")
    with pytest.raises(PassphraseRejected):
        s.create_vault("Ana", "admin", "aaaaaaaaaaaaaaaaaaaa")
    assert list(tmp_path.iterdir()) == []


def test_answer_survives_lock_and_unlock(session):
    case_id = session.cases.create("es")
    session.cases.save_answer(case_id, "detainee_family_names", "Muñoz Pérez")
    session.cases.save_answer(case_id, "detainee_given_names", "José Ángel 🌵")
    session.lock()
    session.unlock(PASSPHRASE)
    answers = session.cases.answers(case_id)
    assert answers["detainee_family_names"] == "Muñoz Pérez"
    assert answers["detainee_given_names"] == "José Ángel 🌵"
    [summary] = session.cases.list()
    assert summary.display_name == "MUÑOZ PÉREZ, José Ángel 🌵"


def test_audit_log_records_actions_but_never_values(session):
    case_id = session.cases.create("es")
    session.cases.save_answer(case_id, "detainee_family_names", "CanaryFamilyName")
    session.cases.open(case_id)
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


def test_wrong_passphrases_count_across_sessions_as_across_cli_runs(tmp_path):
    """A script that starts `intake` once per guess waits as the window does: each Session
    (each CLI run) reads the count the last one left beside the vault."""
    s = Session(tmp_path / "v.vault", kdf=insecure_test_kdf(), sleep=lambda _s: None)
    s.create_vault("Ana", "admin", PASSPHRASE)
    s.lock()
    slept: list[float] = []
    for _ in range(5):
        run = Session(tmp_path / "v.vault", kdf=insecure_test_kdf(), sleep=slept.append)
        with pytest.raises(WrongPassphrase):
            run.unlock("wrong wrong wrong wrong")
    assert [round(s) for s in slept] == [1, 2]
    run = Session(tmp_path / "v.vault", kdf=insecure_test_kdf(), sleep=slept.append)
    assert 3.0 < run.unlock_wait_seconds() <= 4.0
    run.unlock(PASSPHRASE)
    run.lock()
    assert not (tmp_path / "v.vault.tries").exists()
    fresh = Session(tmp_path / "v.vault", kdf=insecure_test_kdf(), sleep=slept.append)
    assert fresh.unlock_wait_seconds() == 0.0
    fresh.unlock(PASSPHRASE)
    fresh.lock()


def test_an_odd_tries_file_never_blocks_for_longer_than_the_longest_wait(tmp_path):
    record = tmp_path / "v.vault.tries"
    record.write_text('{"failures": 99999999, "until": 1e300}')
    assert UnlockThrottle(record=record).remaining() <= UnlockThrottle.MAX_DELAY
    record.write_text("not json")
    assert UnlockThrottle(record=record).remaining() == 0.0


def test_the_session_is_one_object_that_owns_its_services(session):
    """No mixins: each capability is its own object, handed the session as its context."""
    assert Session.__mro__ == (Session, object)
    services = {
        name: getattr(session, name)
        for name in ("cases", "documents", "people", "packets", "transfer")
    }
    assert len({type(s).__module__ for s in services.values()}) == len(services)
    assert all(service._session is session for service in services.values())


def test_every_service_refuses_work_while_locked(session):
    session.lock()
    calls = (
        session.cases.list,
        lambda: session.documents.list("C-AAAAAA"),
        session.people.list,
        session.packets.clinic_profile,
        session.transfer.retention_days,
    )
    for call in calls:
        with pytest.raises(VaultLocked):
            call()


def test_the_window_and_the_cli_never_hold_the_vault_itself():
    """`session.vault()` is for the services; the window and the CLI ask the services."""
    import re
    from pathlib import Path

    package = Path(__file__).resolve().parents[2] / "intake_app"
    callers = [
        f"{path.relative_to(package)}:{n}"
        for folder in ("ui", "cli")
        for path in sorted((package / folder).rglob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"\.vault\(\)|\._vault\b", line)
    ]
    assert callers == []
