"""Missing, empty and foreign files: a typed error, and nothing is created or changed."""

from __future__ import annotations

import shutil
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from intake_app.domain.errors import (
    NotAVault,
    PlaintextVault,
    VaultDamaged,
    VaultError,
    VaultExists,
    VaultNotFound,
)
from intake_app.session import Session
from intake_app.store import Vault, keyslot_path
from tests.conftest import IsolatedEnv
from tests.security._support import (
    PASSPHRASE,
    make_store_vault,
    run_cli,
    snapshot,
    snapshot_diff,
)

JPEG = (
    b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    + b"\xff\xdb\x00C\x00"
    + bytes(range(64))
    + b"\xff\xd9"
)


def _plaintext_sqlite(path: Path) -> None:
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE answers (case_id TEXT, question_id TEXT, value_json TEXT)")
    db.execute("INSERT INTO answers VALUES ('C-1', 'detainee_family_names', '\"Pérez\"')")
    db.commit()
    db.close()


def _keys_of_a_real_vault(path: Path) -> None:
    """A valid key-slot file (right passphrase) beside the foreign file."""
    donor = path.parent.parent / "donor" / "donor.vault"
    make_store_vault(donor, cases=0)
    shutil.copy(keyslot_path(donor), keyslot_path(path))
    shutil.rmtree(donor.parent)


# name -> (make the situation at `path`, the typed errors that are right for it)
SITUATIONS: dict[str, tuple[Callable[[Path], None], tuple[type[VaultError], ...]]] = {
    "no file": (lambda p: None, (VaultNotFound,)),
    "no folder": (lambda p: None, (VaultNotFound,)),
    "a folder at the path": (lambda p: p.mkdir(), (VaultNotFound, NotAVault)),
    "only the .keys file": (
        lambda p: (_keys_of_a_real_vault(p), p.unlink(missing_ok=True)),
        (VaultNotFound,),
    ),
    "empty file": (lambda p: p.write_bytes(b""), (NotAVault,)),
    "empty file beside valid .keys": (
        lambda p: (p.write_bytes(b""), _keys_of_a_real_vault(p)),
        (NotAVault,),
    ),
    "plaintext SQLite database": (_plaintext_sqlite, (PlaintextVault, NotAVault)),
    "plaintext SQLite database beside valid .keys": (
        lambda p: (_plaintext_sqlite(p), _keys_of_a_real_vault(p)),
        (PlaintextVault, NotAVault),
    ),
    "random binary file": (
        lambda p: p.write_bytes(bytes(range(256)) * 64),
        (NotAVault, VaultDamaged),
    ),
    "random binary file beside valid .keys": (
        lambda p: (p.write_bytes(bytes(range(256)) * 64), _keys_of_a_real_vault(p)),
        (NotAVault, VaultDamaged),
    ),
    "JPEG photo": (lambda p: p.write_bytes(JPEG), (NotAVault, VaultDamaged)),
    "JPEG photo beside valid .keys": (
        lambda p: (p.write_bytes(JPEG), _keys_of_a_real_vault(p)),
        (NotAVault, VaultDamaged),
    ),
}


def _situation(tmp_path: Path, name: str) -> tuple[Path, Path, tuple[type[VaultError], ...]]:
    """(root to watch, vault path, accepted errors) with the situation laid out on disk."""
    root = tmp_path / "watched"
    folder = root / ("missing-folder" if name == "no folder" else "folder")
    if name != "no folder":
        folder.mkdir(parents=True)
    else:
        root.mkdir()
    path = folder / "amparo.vault"
    make, accepted = SITUATIONS[name]
    make(path)
    time.sleep(0.02)  # coarse file times: a later write must show as a new mtime
    return root, path, accepted


@pytest.mark.parametrize("name", SITUATIONS)
def test_store_open_gives_a_typed_error_and_creates_nothing(tmp_path: Path, name: str) -> None:
    root, path, accepted = _situation(tmp_path, name)
    before = snapshot(root)
    with pytest.raises(VaultError) as info:
        Vault.open(path, PASSPHRASE)
    assert isinstance(info.value, accepted), (
        f"{name}: {type(info.value).__name__} ({info.value.user_message!r}); "
        f"expected {' or '.join(e.__name__ for e in accepted)}"
    )
    assert snapshot_diff(before, snapshot(root)) == []


@pytest.mark.parametrize("name", SITUATIONS)
def test_session_unlock_gives_a_typed_error_and_creates_nothing(tmp_path: Path, name: str) -> None:
    root, path, accepted = _situation(tmp_path, name)
    before = snapshot(root)
    session = Session(path, sleep=lambda s: None)
    assert session.vault_exists() == (path.is_file() or keyslot_path(path).is_file())
    with pytest.raises(VaultError) as info:
        session.unlock(PASSPHRASE)
    assert isinstance(info.value, accepted), f"{name}: {type(info.value).__name__}"
    assert not session.is_unlocked
    assert snapshot_diff(before, snapshot(root)) == []


@pytest.mark.parametrize("name", SITUATIONS)
def test_cli_gives_an_error_line_and_creates_nothing(
    tmp_path: Path, name: str, isolated_env: IsolatedEnv
) -> None:
    root, path, accepted = _situation(tmp_path, name)
    before = snapshot(root)
    before_env = snapshot(isolated_env.root)
    proc = run_cli(
        ["--vault", str(path), "cases", "--passphrase-stdin", "--lang", "en"],
        stdin=PASSPHRASE + "\n",
        env=isolated_env.env,
    )
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    error_lines = [line for line in proc.stderr.splitlines() if line.startswith("Error: ")]
    assert error_lines, proc.stderr
    assert any(e.user_message in error_lines[0] for e in accepted), (
        f"{name}: {error_lines[0]!r}; expected the message of "
        f"{' or '.join(e.__name__ for e in accepted)}"
    )
    assert snapshot_diff(before, snapshot(root)) == []
    assert snapshot_diff(before_env, snapshot(isolated_env.root)) == []


# --- creating never overwrites ---------------------------------------------------------------

EXISTING = ["empty file", "plaintext SQLite database", "JPEG photo", "only the .keys file"]


@pytest.mark.parametrize("name", EXISTING)
def test_store_create_refuses_an_existing_file(tmp_path: Path, name: str) -> None:
    from intake_app.store import insecure_test_kdf as cheap_kdf_params

    root, path, _accepted = _situation(tmp_path, name)
    before = snapshot(root)
    with pytest.raises(VaultExists):
        Vault.create(path, "Ana Staff", "admin", PASSPHRASE, cheap_kdf_params())
    assert snapshot_diff(before, snapshot(root)) == []


@pytest.mark.parametrize("name", EXISTING)
def test_cli_init_refuses_an_existing_file(
    tmp_path: Path, name: str, isolated_env: IsolatedEnv
) -> None:
    root, path, _accepted = _situation(tmp_path, name)
    before = snapshot(root)
    proc = run_cli(
        ["--vault", str(path), "init", "--name", "Ana Staff", "--passphrase-stdin", "--lang", "en"],
        stdin=PASSPHRASE + "\n",
        env={**isolated_env.env, "AMPARO_INSECURE_TEST_KDF": "1"},
    )
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert VaultExists.user_message in proc.stderr
    assert "Traceback" not in proc.stderr
    assert snapshot_diff(before, snapshot(root)) == []
