"""Backup and restore: the backup is encrypted, restores to an identical vault at a new place,
never overwrites one, survives damage with a typed error, and an interrupted backup (an
exception or kill -9) leaves the previous backup byte for byte as it was."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from intake_app.domain.errors import (
    BackupDamaged,
    NotPermitted,
    VaultExists,
    WrongPassphrase,
)
from intake_app.session import Session
from intake_app.store import Vault, insecure_test_kdf, keyslot_path
from intake_app.store.backup import MAGIC, back_up, read_header, restore, vault_digests
from tests.security._support import (
    PASSPHRASE,
    Canaries,
    case_answers,
    child_script,
    find_needles,
    run_python,
    stress,
    stress_seed,
)

VOLUNTEER = "amber falcon whistle quarry thirty"


def _fill(vault: Vault, canaries: Canaries, megabytes: int) -> None:
    vault.import_case("C-CANARY", "es", "humanitarian_release", 1, case_answers(canaries))
    text = ("ñandú " + canaries.family_names + " ") * 60
    for c in range(max(1, megabytes * 500_000 // (len(text.encode()) * 30))):
        vault.import_case(
            f"C-B{c:05d}", "es", "humanitarian_release", 1, {f"q{q}": text for q in range(30)}
        )


@pytest.fixture
def filled(tmp_path: Path) -> dict:
    canaries = Canaries.new()
    path = tmp_path / "vault" / "amparo.vault"
    vault = Vault.create(path, "Ana Admin", "admin", PASSPHRASE, insecure_test_kdf())
    vault.add_person("Val Volunteer", "volunteer", VOLUNTEER, insecure_test_kdf())
    _fill(vault, canaries, stress("AMPARO_STRESS_BACKUP_MB", 2))
    vault.close()
    usb = tmp_path / "usb"
    usb.mkdir()
    return {"path": path, "canaries": canaries, "usb": usb}


def test_backup_is_encrypted_and_restores_identically_elsewhere(filled: dict, tmp_path) -> None:
    out = filled["usb"] / "clinic.amparo-backup"
    steps: list[int] = []
    vault = Vault.open(filled["path"], PASSPHRASE)
    try:
        report = back_up(vault, out, lambda done, total: steps.append(done))
        live = vault_digests(vault.conn)
    finally:
        vault.close()
    data = out.read_bytes()
    assert data.startswith(MAGIC)
    assert find_needles(data, filled["canaries"].needles()) == []
    assert b"SQLite format 3" not in data
    assert steps == sorted(steps) and steps[-1] == 1000
    assert report.tables == live
    assert sorted(p.name for p in filled["usb"].iterdir()) == ["clinic.amparo-backup"]

    restored = tmp_path / "other-laptop" / "amparo.vault"
    # Any passphrase that opened the vault then opens the backup; digests equal the live ones.
    assert restore(out, restored, VOLUNTEER) == live
    again = Vault.open(restored, PASSPHRASE)
    try:
        assert again.integrity_problems() == []
        assert again.answers("C-CANARY")["detainee_family_names"] == filled["canaries"].family_names
    finally:
        again.close()
    rows = sum(count for count, _digest in live.values())
    print(
        f"\nbackup: {len(data) / 1e6:.1f} MB, {len(live)} tables, {rows} rows; written in "
        f"{report.seconds:.2f} s with {len(steps)} progress steps; restored identical; "
        "0 canary hits in the file"
    )


def test_restore_never_overwrites_and_refuses_a_wrong_passphrase(filled: dict, tmp_path) -> None:
    out = filled["usb"] / "b.amparo-backup"
    vault = Vault.open(filled["path"], PASSPHRASE)
    back_up(vault, out)
    vault.close()
    before = filled["path"].read_bytes()
    with pytest.raises(VaultExists):
        restore(out, filled["path"], PASSPHRASE)
    assert filled["path"].read_bytes() == before
    target = tmp_path / "new" / "amparo.vault"
    with pytest.raises(WrongPassphrase):
        restore(out, target, "not the passphrase of anyone at all")
    assert not target.exists() and not keyslot_path(target).exists()
    assert list(target.parent.iterdir()) == []


def test_an_interrupted_backup_leaves_the_previous_one_intact(filled: dict) -> None:
    out = filled["usb"] / "b.amparo-backup"
    vault = Vault.open(filled["path"], PASSPHRASE)
    try:
        back_up(vault, out)
        previous = hashlib.sha256(out.read_bytes()).hexdigest()
        vault.save_answer("C-CANARY", "q_new", "a change after the first backup")
        failures = 0
        for stop_at in (1, 400, 550, 700, 950):

            def fail(done: int, total: int, stop_at: int = stop_at) -> None:
                if done >= stop_at:
                    raise OSError(28, "No space left on device")

            with pytest.raises(Exception, match="space"):
                back_up(vault, out, fail)
            failures += 1
            assert hashlib.sha256(out.read_bytes()).hexdigest() == previous
            assert sorted(p.name for p in filled["usb"].iterdir()) == [out.name]
    finally:
        vault.close()
    print(f"\ninterrupted backups (exceptions): {failures} failures, previous backup unchanged")


@pytest.mark.slow
def test_kill_9_during_a_backup_leaves_the_previous_one_restorable(filled, tmp_path) -> None:
    kills = stress("AMPARO_STRESS_BACKUP_KILLS", 8)
    rng = random.Random(stress_seed())
    out = filled["usb"] / "b.amparo-backup"
    vault = Vault.open(filled["path"], PASSPHRASE)
    back_up(vault, out)
    vault.save_answer("C-CANARY", "q_new", "changed after the first backup")
    started = time.monotonic()
    back_up(vault, filled["usb"] / "timing.amparo-backup", lambda d, t: time.sleep(0.001))
    duration = time.monotonic() - started
    os.remove(filled["usb"] / "timing.amparo-backup")
    vault.close()
    previous = out.read_bytes()
    outcomes: Counter[str] = Counter()
    for _ in range(kills):
        proc = subprocess.Popen(
            [sys.executable, child_script("child_backup.py"), str(filled["path"]), str(out)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        proc.stdin.write(PASSPHRASE + "\n")
        proc.stdin.close()
        assert proc.stdout.readline() == "READY\n", proc.stderr.read()
        time.sleep(rng.uniform(0, duration))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        done = "DONE" in proc.stdout.read()
        proc.stdout.close()
        proc.stderr.close()
        if done:
            outcomes["finished first"] += 1
            out.write_bytes(previous)  # the next kill must find the previous backup again
            continue
        if out.read_bytes() == previous:
            outcomes["killed, previous backup byte-identical"] += 1
            continue
        # Killed after the rename (while cleaning up): the new backup must then be whole.
        check = tmp_path / f"check-{len(outcomes)}-{outcomes.total()}" / "amparo.vault"
        assert restore(out, check, PASSPHRASE)["answers"][0] > 0
        outcomes["killed after the new backup was in place (whole)"] += 1
        out.write_bytes(previous)
    restored = tmp_path / "restored" / "amparo.vault"
    digests = restore(out, restored, PASSPHRASE)
    assert digests["answers"][0] > 0
    stray = [p.name for p in filled["path"].parent.iterdir() if ".backup-" in p.name]
    stray += [p.name for p in filled["usb"].iterdir() if ".partial-" in p.name]
    # The vault itself is untouched by kills, and the next unlock sweeps away what they left:
    # a copy under today's key must not outlive it (a removal retires the key).
    vault = Vault.open(filled["path"], PASSPHRASE)
    try:
        assert sorted(p.name for p in filled["usb"].iterdir()) == [out.name]
        leftovers = [p.name for p in filled["path"].parent.iterdir() if ".backup-" in p.name]
        assert leftovers == []
        assert vault.get_setting("backup.pending") is None
        assert vault.integrity_problems() == []
        back_up(vault, out)
    finally:
        vault.close()
    assert sorted(p.name for p in filled["usb"].iterdir()) == [out.name]
    print(
        f"\nbackup under kill -9: {dict(outcomes)} within {duration * 1000:.0f} ms; never a "
        "broken backup: the previous one or a whole new one, and restorable; "
        f"{len(stray)} stray copies left by kills, 0 after the next unlock"
    )


def _mutations(rng: random.Random, data: bytes, count: int) -> list[tuple[str, bytes]]:
    header_end = len(MAGIC) + 4 + int.from_bytes(data[len(MAGIC) : len(MAGIC) + 4], "big")
    found = []
    for n in range(count):
        kind = n % 6
        raw = bytearray(data)
        if kind == 0:
            offset = rng.randrange(header_end, len(raw))
            raw[offset] ^= 1 << rng.randrange(8)
            found.append((f"payload bit at {offset}", bytes(raw)))
        elif kind == 1:
            found.append(("truncated", bytes(raw[: rng.randrange(len(raw))])))
        elif kind == 2:
            found.append(("appended", bytes(raw) + os.urandom(rng.randrange(1, 9000))))
        elif kind == 3:
            offset = rng.randrange(header_end)
            raw[offset] = rng.randrange(256)
            found.append((f"header byte {offset}", bytes(raw)))
        elif kind == 4:
            page = rng.randrange(header_end, len(raw) - 4096)
            raw[page : page + 4096] = bytes(4096)
            found.append((f"4 KiB zeroed at {page}", bytes(raw)))
        else:
            # A forger who fixes the file's own checksum still meets SQLCipher's page HMAC.
            header = json.loads(raw[len(MAGIC) + 4 : header_end])
            tail = raw[header_end:-4096] + os.urandom(4096)
            header["db_sha256"] = hashlib.sha256(tail).hexdigest()
            fixed = json.dumps(header).encode()
            found.append(
                (
                    "last page replaced, digest recomputed",
                    MAGIC + len(fixed).to_bytes(4, "big") + fixed + bytes(tail),
                ),
            )
    return found


@pytest.mark.slow
def test_damaged_backups_give_a_typed_error_or_the_original_data(filled, tmp_path) -> None:
    count = stress("AMPARO_STRESS_MUTATIONS", 24)
    rng = random.Random(stress_seed())
    out = filled["usb"] / "b.amparo-backup"
    vault = Vault.open(filled["path"], PASSPHRASE)
    report = back_up(vault, out)
    vault.close()
    original = hashlib.sha256(json.dumps(report.tables, sort_keys=True).encode()).hexdigest()
    files = []
    for n, (what, data) in enumerate(_mutations(rng, out.read_bytes(), count)):
        path = tmp_path / "damaged" / f"{n:03d}.amparo-backup"
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(data)
        files.append((what, path))
    proc = run_python(
        [child_script("child_restore.py"), str(tmp_path / "work"), *(str(p) for _w, p in files)],
        stdin=PASSPHRASE + "\n",
        timeout=120,
    )
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr[-2000:]
    lines = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    assert len(lines) == len(files)
    results: Counter[str] = Counter()
    for (what, _path), result in zip(files, lines, strict=True):
        if result["status"] == "ok":
            assert result["digest"] == original, f"{what}: restored different data"
            results["restored identical"] += 1
        else:
            assert result["type"] in {"BackupDamaged", "WrongPassphrase", "VaultDamaged"}, what
            results[result["type"]] += 1
    print(f"\ndamaged backups: {len(files)} mutated files, one subprocess: {dict(results)}")
    assert results["BackupDamaged"] >= len(files) // 2


def test_backup_needs_an_admin_and_the_reminder_follows_the_setting(tmp_path: Path) -> None:
    path = tmp_path / "v" / "amparo.vault"
    admin = Session(path, kdf=insecure_test_kdf(), sleep=lambda s: None)
    admin.create_vault("Ana Admin", "admin", PASSPHRASE)
    admin.people.add("Val Volunteer", "volunteer", VOLUNTEER)
    assert not admin.transfer.backup_overdue()  # an empty vault has nothing to lose yet
    admin.cases.create("es")
    assert admin.transfer.backup_overdue()
    admin.transfer.backup(tmp_path / "b.amparo-backup")
    now = dt.datetime.now(dt.UTC)
    assert not admin.transfer.backup_overdue(now)
    assert admin.transfer.backup_overdue(now + dt.timedelta(days=8))
    admin.transfer.set_backup_reminder_days(30)
    assert not admin.transfer.backup_overdue(now + dt.timedelta(days=8))
    assert [e.action for e in admin.audit_log()][:1] == ["backup_made"]
    admin.lock()
    volunteer = Session(path, kdf=insecure_test_kdf(), sleep=lambda s: None)
    volunteer.unlock(VOLUNTEER)
    with pytest.raises(NotPermitted):
        volunteer.transfer.backup(tmp_path / "v.amparo-backup")
    assert not volunteer.transfer.backup_overdue(now + dt.timedelta(days=99))
    volunteer.lock()
    restored = tmp_path / "elsewhere" / "amparo.vault"
    volunteer.transfer.restore_backup(tmp_path / "b.amparo-backup", restored, PASSPHRASE)
    assert volunteer.vault_path == restored and not volunteer.is_unlocked
    volunteer.unlock(VOLUNTEER)
    assert len(volunteer.cases.list()) == 1
    volunteer.lock()
    with pytest.raises(BackupDamaged), (tmp_path / "b.amparo-backup").open("rb") as fh:
        fh.seek(3)
        read_header(fh)
    shutil.rmtree(tmp_path / "elsewhere")
