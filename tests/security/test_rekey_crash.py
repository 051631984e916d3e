"""Removing a person under kill -9: at any moment, the vault opens for the people who remain,
with exactly one valid key, clean integrity and all its data; the removed passphrase opens
nothing once the removal is committed (and before that, nothing has changed at all)."""

from __future__ import annotations

import json
import random
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from intake_app.domain.errors import WrongPassphrase
from intake_app.store import Vault, insecure_test_kdf, keyslot_path
from intake_app.store.backup import vault_digests
from tests.security._support import PASSPHRASE, child_script, stress, stress_seed

ATTORNEY = "violet canyon ledger marble ninety"
VOLUNTEER = "amber falcon whistle quarry thirty"
STEPS = ("before_slots_written", "slots_written", "database_rekeyed", "finished")
DATA_TABLES = ("cases", "answers")


def _make_template(folder: Path, megabytes: int) -> tuple[Path, str, dict]:
    path = folder / "amparo.vault"
    vault = Vault.create(path, "Ana Admin", "admin", PASSPHRASE, insecure_test_kdf())
    try:
        vault.add_person("Ada Attorney", "attorney", ATTORNEY, insecure_test_kdf())
        volunteer = vault.add_person("Val Volunteer", "volunteer", VOLUNTEER, insecure_test_kdf())
        text = "respuesta con ñ y acentos: áéíóú " * 30
        # About `megabytes` of vault file (SQLite pages, JSON and the audit log included).
        for c in range(max(1, megabytes * 250_000 // (len(text.encode()) * 40))):
            vault.import_case(
                f"C-K{c:05d}", "es", "humanitarian_release", 1, {f"q{q}": text for q in range(40)}
            )
        expected = {t: vault_digests(vault.conn)[t] for t in DATA_TABLES}
    finally:
        vault.close()
    return path, volunteer.id, expected


def _copy(template: Path, trial: Path) -> Path:
    trial.mkdir(parents=True)
    for source in (template, keyslot_path(template)):
        shutil.copy(source, trial / source.name)
    return trial / template.name


def _run_child(path: Path, person_id: str, kill_after: float | None, step: str | None) -> str:
    args = [sys.executable, child_script("child_rekey.py"), str(path), person_id]
    proc = subprocess.Popen(
        [*args, *([step] if step else [])],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    proc.stdin.write(PASSPHRASE + "\n")
    proc.stdin.close()
    assert proc.stdout.readline() == "READY\n", proc.stderr.read()
    if kill_after is not None:
        time.sleep(kill_after)
        proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    out = proc.stdout.read()
    proc.stdout.close()
    proc.stderr.close()
    if step:
        assert proc.returncode == -signal.SIGKILL, f"the child did not stop at {step}"
    return "finished" if "DONE" in out else "killed"


def _key_file_state(path: Path, person_id: str) -> str:
    doc = json.loads(keyslot_path(path).read_text())
    key_ids = {k["key_id"] for s in doc["slots"] for k in s["vault_keys"]}
    holders = {s["person_id"] for s in doc["slots"]}
    if len(key_ids) > 1:
        return "two keys (rekey under way)"
    return "removed person's slot present" if person_id in holders else "one new key"


def _check_after_crash(path: Path, person_id: str, expected: dict) -> str:
    """Open as everyone; returns whether the removal had been committed."""
    try:
        Vault.open(path, VOLUNTEER).close()
        committed = False  # the crash came before the removal's commit: nothing happened
    except WrongPassphrase:
        committed = True
    admin = Vault.open(path, PASSPHRASE)  # finishes whatever the crash interrupted
    try:
        assert admin.integrity_problems() == []
        digests = vault_digests(admin.conn)
        assert {t: digests[t] for t in DATA_TABLES} == expected
        assert admin.get_person(person_id).active is not committed
    finally:
        admin.close()
    doc = json.loads(keyslot_path(path).read_text())
    key_ids = {k["key_id"] for s in doc["slots"] for k in s["vault_keys"]}
    assert key_ids == {doc["key_id"]}, "more than one key survived"
    assert (person_id in {s["person_id"] for s in doc["slots"]}) is not committed
    if committed:
        with pytest.raises(WrongPassphrase):
            Vault.open(path, VOLUNTEER)
    Vault.open(path, ATTORNEY).close()
    return "committed" if committed else "not committed"


@pytest.mark.slow
def test_remove_person_survives_kill_9_at_every_step_and_at_random(tmp_path: Path) -> None:
    kills = max(4, stress("AMPARO_STRESS_KILLS", 40) // 3)
    megabytes = stress("AMPARO_STRESS_REKEY_MB", 2)
    seed = stress_seed()
    rng = random.Random(seed)
    template, person_id, expected = _make_template(tmp_path / "template", megabytes)

    calibrate = Vault.open(_copy(template, tmp_path / "calibrate"), PASSPHRASE)
    started = time.monotonic()
    calibrate.remove_person(person_id)
    duration = time.monotonic() - started
    calibrate.close()

    seen: Counter[str] = Counter()
    outcomes: Counter[str] = Counter()
    for n, step in enumerate(STEPS):
        path = _copy(template, tmp_path / f"step-{n}")
        _run_child(path, person_id, None, step)
        seen[_key_file_state(path, person_id)] += 1
        outcomes[_check_after_crash(path, person_id, expected)] += 1
    for n in range(kills):
        path = _copy(template, tmp_path / f"kill-{n}")
        result = _run_child(path, person_id, rng.uniform(0, duration * 1.3), None)
        seen[_key_file_state(path, person_id) if result == "killed" else "completed"] += 1
        outcomes[_check_after_crash(path, person_id, expected)] += 1
    print(
        f"\nrekey under kill -9: {len(STEPS)} deterministic stops at {', '.join(STEPS)}, "
        f"{kills} random kills within {duration * 1000:.0f} ms (remove_person of a "
        f"{template.stat().st_size / 1e6:.1f} MB vault), seed {seed}; key file found: "
        f"{dict(seen)}; after reopening: {dict(outcomes)}; every time one key, clean "
        "integrity, data identical, the removed passphrase refused once committed"
    )
    assert outcomes["committed"] >= len(STEPS)
