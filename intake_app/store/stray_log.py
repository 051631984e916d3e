"""A write-ahead log beside the vault is applied only if it is the vault's own.

A copied folder or a restored backup can leave another vault's `-wal` beside this one; SQLite
would write its frames into this vault's file on the next open. Before opening, a log with
frames is tried on a private copy (vault and log, in a hidden folder beside them): only if the
copy then reads back whole is the real log applied; otherwise it is moved aside, unused, and the
vault file is not touched.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import secrets
import shutil
from pathlib import Path

from intake_app.domain.errors import StrayLogMovedAside, VaultError, VaultInUse
from intake_app.store import connection, rekey

SIDE_SUFFIXES = ("-wal", "-shm")


def side_file(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def check_log_belongs(path: Path, current_key_id: str, keys: dict[str, bytes]) -> None:
    """Raise StrayLogMovedAside (after moving the log aside) when the vault's log is not its own."""
    if not connection.wal_has_frames(path):
        return
    if _in_use(path):
        raise VaultInUse()  # a live log, mid-work in another window: never judged, never moved
    if _reads_back_whole(path, current_key_id, keys):
        return
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    for suffix in SIDE_SUFFIXES:
        found = side_file(path, suffix)
        if found.exists():
            os.replace(found, found.with_name(f"{found.name}.not-this-vault-{stamp}"))
    raise StrayLogMovedAside()


def _in_use(path: Path) -> bool:
    """True when another process holds the vault (Amparo keeps it locked while open). A plain
    SQLite reader cannot read the encrypted header: "not a database" means the lock was free."""
    import sqlite3

    try:
        probe = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=0)
    except sqlite3.Error:
        return False
    try:
        probe.execute("PRAGMA schema_version").fetchone()
    except sqlite3.Error as exc:
        return "locked" in str(exc).lower() or "busy" in str(exc).lower()
    finally:
        probe.close()
    return False


def _reads_back_whole(path: Path, current_key_id: str, keys: dict[str, bytes]) -> bool:
    trial = path.parent / f".{path.name}.log-check-{secrets.token_hex(4)}"
    trial.mkdir(mode=0o700)
    try:
        copy = trial / path.name
        shutil.copyfile(path, copy)
        shutil.copyfile(side_file(path, "-wal"), side_file(copy, "-wal"))
        try:
            conn, _key_id = rekey.connect_first(copy, current_key_id, keys)
        except VaultError:
            return False
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            damage = [row[0] for row in conn.execute("PRAGMA cipher_integrity_check")]
            checked = [row[0] for row in conn.execute("PRAGMA quick_check")]
            return not damage and checked == ["ok"]
        except VaultError:
            return False
        finally:
            with contextlib.suppress(Exception):
                conn.close()
    finally:
        shutil.rmtree(trial, ignore_errors=True)
