"""Crypto policy: the cipher is there and used, the safety pragmas hold on every connection, the
KDF is memory-hard and its parameters are range-checked, files are private, one opener at a time."""

from __future__ import annotations

import inspect
import json
import os
import sqlite3
import subprocess
import sys
import time
import types
from pathlib import Path

import pytest

from intake_app.domain.errors import CipherUnavailable, VaultDamaged, VaultInUse
from intake_app.session import INSECURE_TEST_KDF_ENV, Session, kdf_from_environment
from intake_app.store import DEFAULT_KDF, Vault, keyslot_path, keyslots
from intake_app.store import connection as store_connection
from intake_app.store import insecure_test_kdf as cheap_kdf_params
from intake_app.store.schema import SCHEMA_VERSION
from tests.security._support import (
    OTHER_PASSPHRASE,
    PASSPHRASE,
    make_store_vault,
    snapshot,
    snapshot_diff,
)

SQLITE_MEMORY, SQLITE_FULL = 2, 2


def _assert_connection_policy(vault: Vault) -> None:
    assert vault.pragma("cipher_version"), "SQLCipher must be present and answering"
    assert vault.pragma("temp_store") == SQLITE_MEMORY, "temp data must never spill to disk"
    assert vault.pragma("synchronous") == SQLITE_FULL
    assert vault.pragma("foreign_keys") == 1
    assert vault.pragma("application_id") == store_connection.APPLICATION_ID != 0
    assert vault.pragma("user_version") == SCHEMA_VERSION
    assert vault.pragma("journal_mode") == "wal"
    assert vault.pragma("locking_mode") == "exclusive"


def test_a_new_vault_connection_has_the_safety_pragmas(vault_path: Path) -> None:
    vault = Vault.create(vault_path, "Ana Staff", "admin", PASSPHRASE, cheap_kdf_params())
    try:
        _assert_connection_policy(vault)
    finally:
        vault.close()


def test_a_reopened_vault_connection_has_the_safety_pragmas(vault_path: Path) -> None:
    make_store_vault(vault_path)
    vault = Vault.open(vault_path, PASSPHRASE)
    try:
        _assert_connection_policy(vault)
        print(f"\ncipher_version {vault.pragma('cipher_version')}")
    finally:
        vault.close()


def test_vault_file_is_encrypted_from_its_first_byte(vault_path: Path) -> None:
    make_store_vault(vault_path)
    data = vault_path.read_bytes()
    assert not data.startswith(b"SQLite format 3\x00")
    assert data[:16] != bytes(16)
    # The stock sqlite3 module cannot read it either.
    plain = sqlite3.connect(f"{vault_path.as_uri()}?mode=ro", uri=True)
    try:
        with pytest.raises(sqlite3.DatabaseError):
            plain.execute("SELECT count(*) FROM sqlite_master").fetchone()
    finally:
        plain.close()


def _stock_sqlite_module() -> types.SimpleNamespace:
    """What `sqlcipher3` would look like had packaging swapped in the stock, cipher-less sqlite."""
    return types.SimpleNamespace(connect=sqlite3.connect)


def test_open_refuses_to_run_without_the_cipher(
    vault_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_store_vault(vault_path)
    before = snapshot(vault_path.parent)
    monkeypatch.setattr(store_connection, "sqlcipher3", _stock_sqlite_module())
    with pytest.raises(CipherUnavailable):
        Vault.open(vault_path, PASSPHRASE)
    assert snapshot_diff(before, snapshot(vault_path.parent)) == []


def test_create_without_the_cipher_fails_closed(
    vault_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_connection, "sqlcipher3", _stock_sqlite_module())
    with pytest.raises(CipherUnavailable):
        Vault.create(vault_path, "Ana Staff", "admin", PASSPHRASE, cheap_kdf_params())
    assert not keyslot_path(vault_path).exists()
    for leftover in vault_path.parent.iterdir():
        assert leftover.read_bytes() == b"", f"{leftover.name} holds data written without cipher"


def test_a_failed_create_leaves_no_file_behind(
    vault_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_connection, "sqlcipher3", _stock_sqlite_module())
    with pytest.raises(CipherUnavailable):
        Vault.create(vault_path, "Ana Staff", "admin", PASSPHRASE, cheap_kdf_params())
    leftovers = sorted(p.name for p in vault_path.parent.iterdir())
    assert leftovers == [], f"a failed create left {leftovers}: a retry would say VaultExists"


# --- the key-derivation function -------------------------------------------------------------


def test_shipped_kdf_is_memory_hard_argon2id() -> None:
    assert DEFAULT_KDF.memory_kib >= 64 * 1024, "at least 64 MiB"
    assert DEFAULT_KDF.time_cost >= 3
    assert DEFAULT_KDF.parallelism >= 1
    assert DEFAULT_KDF.check() == DEFAULT_KDF
    assert DEFAULT_KDF.as_dict()["alg"] == "argon2id"
    assert inspect.signature(Vault.create).parameters["kdf"].default == DEFAULT_KDF
    cheap = cheap_kdf_params()
    assert cheap.memory_kib < DEFAULT_KDF.memory_kib and cheap != DEFAULT_KDF


@pytest.mark.parametrize("value", [None, "", "0", "true", "yes", "01", " 1"])
def test_cheap_kdf_is_chosen_only_by_the_explicit_env_value(
    monkeypatch: pytest.MonkeyPatch, value: str | None
) -> None:
    if value is None:
        monkeypatch.delenv(INSECURE_TEST_KDF_ENV, raising=False)
    else:
        monkeypatch.setenv(INSECURE_TEST_KDF_ENV, value)
    assert kdf_from_environment() == DEFAULT_KDF
    monkeypatch.setenv(INSECURE_TEST_KDF_ENV, "1")
    assert kdf_from_environment() == cheap_kdf_params()


def _slot_kdf(path: Path) -> dict:
    doc = json.loads(keyslot_path(path).read_text())
    return doc["slots"][0]["kdf"]


def test_session_without_the_env_var_writes_the_shipped_kdf(
    vault_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(INSECURE_TEST_KDF_ENV, raising=False)
    session = Session(vault_path)
    started = time.monotonic()
    session.create_vault("Ana Staff", "admin", PASSPHRASE)
    took = time.monotonic() - started
    session.lock()
    print(f"\ncreate with the shipped KDF {DEFAULT_KDF}: {took:.2f} s")
    assert _slot_kdf(vault_path) == DEFAULT_KDF.as_dict()

    monkeypatch.setenv(INSECURE_TEST_KDF_ENV, "1")
    other = vault_path.with_name("cheap.vault")
    Session(other).create_vault("Ana Staff", "admin", PASSPHRASE)
    assert _slot_kdf(other) == cheap_kdf_params().as_dict()


HOSTILE_KDF = [
    ("memory_kib", 2**40),
    ("memory_kib", 2**31),
    ("memory_kib", 0),
    ("memory_kib", -65536),
    ("memory_kib", "65536"),
    ("memory_kib", 65536.0),
    ("memory_kib", None),
    ("time_cost", 10**6),
    ("time_cost", 0),
    ("time_cost", True),
    ("parallelism", 0),
    ("parallelism", 2**24),
]


@pytest.mark.parametrize(("field", "value"), HOSTILE_KDF)
def test_hostile_kdf_parameters_are_refused_before_any_derivation(
    vault_path: Path, monkeypatch: pytest.MonkeyPatch, field: str, value
) -> None:
    make_store_vault(vault_path, cases=0)
    doc = json.loads(keyslot_path(vault_path).read_text())
    doc["slots"][0]["kdf"][field] = value
    keyslot_path(vault_path).write_text(json.dumps(doc))
    derivations = []
    real_derive = keyslots.derive_key
    monkeypatch.setattr(
        keyslots, "derive_key", lambda *a: derivations.append(a[2]) or real_derive(*a)
    )
    started = time.monotonic()
    with pytest.raises(VaultDamaged):
        Vault.open(vault_path, PASSPHRASE)
    assert time.monotonic() - started < 1.0
    assert derivations == []


def test_in_range_but_edited_kdf_parameters_do_not_unwrap(vault_path: Path) -> None:
    """The parameters are bound to the wrapped key: lowering them gets no one in."""
    from intake_app.domain.errors import WrongPassphrase

    make_store_vault(vault_path, cases=0)
    doc = json.loads(keyslot_path(vault_path).read_text())
    doc["slots"][0]["kdf"]["time_cost"] += 1
    keyslot_path(vault_path).write_text(json.dumps(doc))
    with pytest.raises(WrongPassphrase):
        Vault.open(vault_path, PASSPHRASE)


# --- private files -----------------------------------------------------------------------------


def _mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


def test_vault_files_are_private_even_with_a_permissive_umask(tmp_path: Path) -> None:
    path = tmp_path / "new-folder" / "amparo.vault"
    old_umask = os.umask(0)
    try:
        vault = Vault.create(path, "Ana Staff", "admin", PASSPHRASE, cheap_kdf_params())
        try:
            vault.create_case("C-1", "es", "humanitarian_release", 1)
            vault.save_answer("C-1", "detainee_family_names", "Pérez")
            modes = {p.name: _mode(p) for p in path.parent.iterdir()}
            vault.add_person("Bea Volunteer", "volunteer", OTHER_PASSPHRASE, cheap_kdf_params())
            modes["after add_person: .keys"] = _mode(keyslot_path(path))
            vault.change_passphrase(PASSPHRASE, "a brand new passphrase for ana", None)
            modes["after change_passphrase: .keys"] = _mode(keyslot_path(path))
        finally:
            vault.close()
    finally:
        os.umask(old_umask)
    modes["folder"] = _mode(path.parent)
    print(f"\nfile modes: { {k: oct(v) for k, v in modes.items()} }")
    assert modes.pop("folder") == 0o700
    assert "amparo.vault" in modes and "amparo.vault.keys" in modes
    assert all(mode == 0o600 for mode in modes.values()), modes


# --- one opener at a time ----------------------------------------------------------------------


def test_second_open_in_the_same_process_is_vault_in_use(vault_path: Path) -> None:
    saved = make_store_vault(vault_path)
    first = Vault.open(vault_path, PASSPHRASE)
    try:
        with pytest.raises(VaultInUse):
            Vault.open(vault_path, PASSPHRASE)
        first.save_answer("C-TEST00", "q00", "still writable")
        assert first.answers("C-TEST00")["q00"] == "still writable"
    finally:
        first.close()
    again = Vault.open(vault_path, PASSPHRASE)
    try:
        assert again.answers("C-TEST01") == saved["C-TEST01"]
        assert again.integrity_problems() == []
    finally:
        again.close()


_HOLDER = (
    "import sys\n"
    "from intake_app.store import Vault\n"
    "vault = Vault.open(sys.argv[1], sys.stdin.readline().rstrip('\\n'))\n"
    "print('READY', flush=True)\n"
    "sys.stdin.readline()\n"
    "vault.close()\n"
)


def test_open_while_another_process_holds_the_vault_is_vault_in_use(vault_path: Path) -> None:
    make_store_vault(vault_path)
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(vault_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        holder.stdin.write(PASSPHRASE + "\n")
        holder.stdin.flush()
        assert holder.stdout.readline() == "READY\n", holder.stderr.read()
        started = time.monotonic()
        with pytest.raises(VaultInUse):
            Vault.open(vault_path, PASSPHRASE)
        assert time.monotonic() - started < 5
    finally:
        holder.stdin.write("\n")
        holder.stdin.close()
        holder.wait(timeout=30)
    assert holder.returncode == 0, holder.stderr.read()
    Vault.open(vault_path, PASSPHRASE).close()


def test_two_sessions_on_one_vault_second_is_vault_in_use(vault_path: Path) -> None:
    make_store_vault(vault_path)
    first, second = Session(vault_path), Session(vault_path, sleep=lambda s: None)
    first.unlock(PASSPHRASE)
    try:
        with pytest.raises(VaultInUse):
            second.unlock(PASSPHRASE)
        assert not second.is_unlocked
    finally:
        first.lock()
    second.unlock(PASSPHRASE)
    second.lock()
