"""A -wal beside the vault that another vault wrote is moved aside, never applied (issue 22)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from intake_app.domain.errors import StrayLogMovedAside
from intake_app.store import Vault, insecure_test_kdf

ROOT = Path(__file__).resolve().parents[2]
PASSPHRASE = "lantern orchard cobalt ninety rivers"


def _vault(folder: Path, name: str) -> Path:
    folder.mkdir(parents=True)
    path = folder / "amparo.vault"
    vault = Vault.create(path, name, "admin", PASSPHRASE, insecure_test_kdf())
    vault.create_case("C-AAAAAA", "es", "humanitarian_release", 1, (0, 1))
    vault.save_answer("C-AAAAAA", "facility_name", "Broadview")
    vault.close()
    return path


def _left_with_frames(path: Path, case: str) -> Path:
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "tests" / "security" / "child_leave_wal.py"),
            str(path),
            PASSPHRASE,
            case,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    wal = path.with_name(path.name + "-wal")
    assert wal.stat().st_size > 32
    return wal


def test_another_vaults_log_is_moved_aside_and_the_vault_is_untouched(tmp_path):
    ours = _vault(tmp_path / "ours", "Ana")
    theirs = _vault(tmp_path / "theirs", "Bea")
    stray = _left_with_frames(theirs, "BBBBBB")
    shutil.copyfile(stray, ours.with_name(ours.name + "-wal"))  # a copied folder, say
    before = ours.read_bytes()
    with pytest.raises(StrayLogMovedAside):
        Vault.open(ours, PASSPHRASE)
    assert ours.read_bytes() == before
    assert not ours.with_name(ours.name + "-wal").exists()
    assert list(ours.parent.glob("amparo.vault-wal.not-this-vault-*"))
    assert not list(ours.parent.glob(".amparo.vault.log-check-*"))  # the trial copy is gone
    vault = Vault.open(ours, PASSPHRASE)  # unlock again: as it was
    try:
        assert vault.answers("C-AAAAAA") == {"facility_name": "Broadview"}
        assert not vault.case_exists("C-BBBBBB")
        assert vault.integrity_problems() == []
    finally:
        vault.close()


def test_the_vaults_own_log_after_a_crash_is_applied(tmp_path):
    ours = _vault(tmp_path / "ours", "Ana")
    _left_with_frames(ours, "CCCCCC")
    vault = Vault.open(ours, PASSPHRASE)
    try:
        assert vault.answers("C-CCCCCC") == {"facility_name": "Facility 19"}
    finally:
        vault.close()
