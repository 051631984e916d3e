"""A saved answer survives a crash: kill -9 a saving child at random moments, lose nothing."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from intake_app.store import Vault
from tests.security._support import (
    PASSPHRASE,
    child_script,
    make_store_vault,
    stress,
    stress_seed,
)
from tests.security.child_saver import expected_value, question_id

CASE_ID = "C-TEST00"


class _Child:
    """A running child_saver.py whose acknowledgement lines are collected as they arrive."""

    def __init__(self, vault: Path, run: int) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, child_script("child_saver.py"), str(vault), CASE_ID, str(run)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.proc.stdin.write(PASSPHRASE + "\n")
        self.proc.stdin.close()
        self.ready = threading.Event()
        self.acked: list[tuple[str, int]] = []
        self.errors: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            if line == "READY\n":
                self.ready.set()
            elif line.endswith("\n"):
                qid, i = line.split()
                self.acked.append((qid, int(i)))
            # A line without its newline was cut by the kill; it acknowledges nothing.
        self.ready.set()

    def kill(self) -> str:
        still_running = self.proc.poll() is None
        os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=30)
        self._reader.join(timeout=30)
        stderr = self.proc.stderr.read()
        self.proc.stderr.close()
        assert still_running, f"the saving child died before it was killed:\n{stderr}"
        assert self.proc.returncode == -signal.SIGKILL
        return stderr


def _check_run(answers: dict, run: int, acked: list[tuple[str, int]]) -> int:
    """Every acknowledged save of this run is there, whole; nothing else but the one in flight.

    Returns 1 when the save in flight at the kill turned out committed, else 0.
    """
    prefix = f"k{run:04d}_"
    stored = {qid: value for qid, value in answers.items() if qid.startswith(prefix)}
    last = acked[-1][1] if acked else -1
    in_flight = (question_id(run, last + 1), last + 1)
    latest: dict[str, int] = {}
    for qid, i in acked:
        latest[qid] = i
    for qid, value in stored.items():
        i = value.get("i") if isinstance(value, dict) else None
        assert isinstance(i, int) and 0 <= i <= last + 1, f"run {run}: stray record {qid}"
        assert qid == question_id(run, i), f"run {run}: record {qid} holds save {i}"
        assert value == expected_value(run, i), f"run {run}: record {qid} is not whole"
    for qid, i in latest.items():
        assert qid in stored, f"run {run}: acknowledged save {i} ({qid}) was lost"
        assert stored[qid]["i"] == i or (qid, stored[qid]["i"]) == in_flight, (
            f"run {run}: {qid} holds save {stored[qid]['i']}, acknowledged {i}"
        )
    extra = set(stored) - set(latest)
    assert extra <= {in_flight[0]}, f"run {run}: unacknowledged records {sorted(extra)}"
    return int(in_flight[0] in stored and stored[in_flight[0]]["i"] == in_flight[1])


@pytest.mark.slow
def test_every_acknowledged_save_survives_kill_9(tmp_path: Path) -> None:
    kills = stress("AMPARO_STRESS_KILLS", 40)
    seed = stress_seed()
    rng = random.Random(seed)
    vault_path = tmp_path / "vault" / "amparo.vault"
    make_store_vault(vault_path, cases=1, answers_per_case=3)
    runs: dict[int, list[tuple[str, int]]] = {}
    early = in_flight_found = 0
    started = time.monotonic()
    for run in range(kills):
        child = _Child(vault_path, run)
        if rng.random() < 0.15:
            # Kill during start-up: import, key unwrap, open, migration, audit write.
            early += 1
            time.sleep(rng.uniform(0.0, 0.2))
        else:
            assert child.ready.wait(timeout=30), "the saving child never opened the vault"
            time.sleep(rng.uniform(0.0, 0.3))
        child.kill()
        runs[run] = child.acked
        vault = Vault.open(vault_path, PASSPHRASE)
        try:
            assert vault.integrity_problems() == []
            in_flight_found += _check_run(vault.answers(CASE_ID), run, child.acked)
        finally:
            vault.close()
    # A later crash must not have damaged what earlier runs committed.
    vault = Vault.open(vault_path, PASSPHRASE)
    try:
        assert vault.integrity_problems() == []
        answers = vault.answers(CASE_ID)
        for run, acked in runs.items():
            _check_run(answers, run, acked)
    finally:
        vault.close()
    acked_total = sum(len(a) for a in runs.values())
    print(
        f"\nkill -9: {kills} kills ({early} during start-up), {acked_total} acknowledged "
        f"commits verified, {in_flight_found} in-flight commits found whole, seed {seed}, "
        f"{time.monotonic() - started:.1f} s"
    )
    assert acked_total > kills, "the children acknowledged too few saves for the test to mean much"
