"""Wrong passphrase: the same typed error every time, not one byte or mtime changed on disk, a
growing delay after three failures, and the right passphrase still opens."""

from __future__ import annotations

import itertools
import json
import time
from pathlib import Path

import pytest

from intake_app.domain.errors import WrongPassphrase
from intake_app.paths import tries_path
from intake_app.session import Session
from intake_app.store import Vault
from tests.conftest import IsolatedEnv
from tests.security._support import (
    PASSPHRASE,
    WRONG_PASSPHRASES,
    make_store_vault,
    run_cli,
    snapshot,
    snapshot_diff,
)


@pytest.fixture
def vault_with_data(vault_path: Path) -> tuple[Path, dict]:
    saved = make_store_vault(vault_path)
    # File times tick coarsely: let any write after this point show up as a new mtime.
    time.sleep(0.05)
    return vault_path, saved


def _assert_right_passphrase_opens(path: Path, saved: dict) -> None:
    vault = Vault.open(path, PASSPHRASE)
    try:
        assert {c.id: vault.answers(c.id) for c in vault.list_cases()} == saved
        assert vault.integrity_problems() == []
    finally:
        vault.close()


def test_store_refuses_wrong_passphrases_without_touching_the_folder(vault_with_data) -> None:
    path, saved = vault_with_data
    before = snapshot(path.parent)
    seen = set()
    for wrong in WRONG_PASSPHRASES:
        with pytest.raises(WrongPassphrase) as info:
            Vault.open(path, wrong)
        seen.add((type(info.value), info.value.user_message, str(info.value)))
    changes = snapshot_diff(before, snapshot(path.parent))
    print(
        f"\nwrong passphrase (store): {len(WRONG_PASSPHRASES)} tries, {len(seen)} distinct "
        f"error, {len(before)} entries compared, {len(changes)} changed"
    )
    assert len(seen) == 1
    assert changes == []
    _assert_right_passphrase_opens(path, saved)


def test_session_refuses_wrong_passphrases_and_slows_down_after_three(vault_with_data) -> None:
    path, saved = vault_with_data
    now = [1000.0]
    sleeps: list[float] = []

    def fake_sleep(seconds: float) -> None:
        sleeps.append(seconds)
        now[0] += seconds

    session = Session(path, sleep=fake_sleep, clock=lambda: now[0])
    before = snapshot(path.parent)
    waits, seen = [], set()
    for attempt, wrong in enumerate(WRONG_PASSPHRASES, start=1):
        if attempt <= 3:
            assert sleeps == [], f"try {attempt} must not be delayed"
        with pytest.raises(WrongPassphrase) as info:
            session.unlock(wrong)
        seen.add((type(info.value), info.value.user_message))
        assert not session.is_unlocked
        waits.append(session.unlock_wait_seconds())
    # Only the count beside the vault (and so the folder's own time) changed.
    changes = [
        c
        for c in snapshot_diff(before, snapshot(path.parent))
        if tries_path(path).name not in c and not c.startswith("changed .:")
    ]
    print(f"\nwrong passphrase (session): waits after each failure {waits}, slept {sleeps}")
    assert len(seen) == 1
    assert changes == []
    assert waits[:2] == [0.0, 0.0]
    growing = waits[2:]
    assert growing[0] > 0 and all(b > a for a, b in itertools.pairwise(growing))
    # Each later try waited out the delay the failure before it had set.
    assert sleeps == pytest.approx(waits[2:-1])

    person = session.unlock(PASSPHRASE)
    assert session.is_unlocked and person.display_name == "Ana Staff"
    assert sleeps[-1] == pytest.approx(waits[-1])
    assert session.unlock_wait_seconds() == 0.0
    session.lock()
    _assert_right_passphrase_opens(path, saved)


def test_unlock_delay_is_capped_and_counts_down_with_the_clock(vault_with_data) -> None:
    path, _saved = vault_with_data
    now = [0.0]
    session = Session(path, sleep=lambda s: now.__setitem__(0, now[0] + s), clock=lambda: now[0])
    waits = []
    for _ in range(15):
        with pytest.raises(WrongPassphrase):
            session.unlock("not it at all, not even close")
        waits.append(session.unlock_wait_seconds())
    assert max(waits) <= 30.0, "a person must never wait more than half a minute"
    assert waits == sorted(waits)
    now[0] += waits[-1] / 2
    assert session.unlock_wait_seconds() == pytest.approx(waits[-1] / 2)
    now[0] += waits[-1]
    assert session.unlock_wait_seconds() == 0.0


def test_cli_refuses_wrong_passphrases_with_a_clear_message(
    vault_with_data, isolated_env: IsolatedEnv
) -> None:
    path, _saved = vault_with_data
    before = snapshot(path.parent)
    messages = set()
    for wrong in WRONG_PASSPHRASES:
        proc = run_cli(
            ["--vault", str(path), "cases", "--passphrase-stdin", "--lang", "en"],
            stdin=wrong + "\n",
            env=isolated_env.env,
        )
        assert proc.returncode != 0
        assert "Traceback" not in proc.stderr
        assert "Wrong passphrase" in proc.stderr
        assert proc.stdout == ""
        messages.add(proc.stderr)
    assert len(messages) == 1, messages
    # The vault's own files are untouched; beside them, the count that makes the next run wait.
    tries = tries_path(path)
    changes = snapshot_diff(before, snapshot(path.parent))
    assert [c for c in changes if tries.name not in c and not c.startswith("changed .:")] == []
    assert json.loads(tries.read_text())["failures"] == len(WRONG_PASSPHRASES)
    assert oct(tries.stat().st_mode & 0o777) == "0o600"
    proc = run_cli(
        ["--vault", str(path), "cases", "--passphrase-stdin"],
        stdin=PASSPHRASE + "\n",
        env=isolated_env.env,
    )
    assert proc.returncode == 0, proc.stderr
    assert "C-TEST00" in proc.stdout
    assert not tries.exists()
    print(
        f"\nwrong passphrase (CLI): {len(WRONG_PASSPHRASES)} tries refused, vault unchanged, "
        "the count kept across runs and cleared by the right passphrase"
    )
