"""Backups: the whole vault and its key slots in one encrypted file, verified, replaced atomically.

A backup file (`*.amparo-backup`) is:

    b"AMPARO-BACKUP\\n"  4-byte big-endian header length  header (JSON)  database (N bytes)

The header holds the format and version, when it was made, the schema version, the database's
size and SHA-256, and the vault's key-slot file as it was. The database is a SQLCipher file under
the vault's own key, made with SQLite's online backup API into a keyed target, so nothing in the
file is plaintext but the header (which names no one). Restoring needs a passphrase that opened
the vault when the backup was made.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import hashlib
import json
import os
import re
import secrets
import struct
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from intake_app.domain.errors import (
    BackupDamaged,
    BackupDiskFull,
    BackupError,
    VaultDamaged,
    VaultError,
    VaultExists,
)
from intake_app.domain.inputs import NotRegular, open_regular
from intake_app.paths import keyslot_path
from intake_app.store import connection, rekey, schema
from intake_app.store.keyslots import KeySlotFile, fsync_dir, write_private_atomically

MAGIC = b"AMPARO-BACKUP\n"
FORMAT = "amparo-backup"
VERSION = 1
SUFFIX = ".amparo-backup"
MAX_HEADER_BYTES = 1_000_000
PAGES_PER_STEP = 256
COPY_BLOCK = 1 << 20

# Where a backup under way is being written (inside the encrypted vault), so that the next
# unlock removes what a killed backup left there: a copy under a key that a later removal retires.
PENDING_KEY = "backup.pending"

Progress = Callable[[int, int], None]  # (done, total) on a scale of PROGRESS_TOTAL
PROGRESS_TOTAL = 1000


@dataclass(frozen=True)
class BackupReport:
    """What a finished backup wrote and checked."""

    path: Path
    size: int
    tables: dict[str, tuple[int, str]]
    seconds: float


def vault_digests(conn) -> dict[str, tuple[int, str]]:
    """Every table's row count and a SHA-256 of its rows in key order: equal digests, equal data."""
    result = {}
    tables = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name"
    ).fetchall()
    for name, sql in tables:
        if "without rowid" in (sql or "").lower():
            keys = [r[1] for r in sorted(conn.execute(f'PRAGMA table_info("{name}")')) if r[5]]
            order = ", ".join(f'"{k}"' for k in keys)
        else:
            order = "rowid"
        digest = hashlib.sha256()
        count = 0
        for row in conn.iterate(f'SELECT * FROM "{name}" ORDER BY {order}'):
            count += 1
            for value in row:
                _feed(digest, value)
        result[name] = (count, digest.hexdigest())
    return result


def _feed(digest, value: Any) -> None:
    if isinstance(value, bytes):
        digest.update(b"B%d:" % len(value) + value)
    else:
        text = repr(value).encode("utf-8", "surrogatepass")
        digest.update(b"V%d:" % len(text) + text)


def back_up(vault, out: Path, progress: Progress | None = None) -> BackupReport:
    """Write `out` so that it is either the previous file or a complete, verified new backup."""
    started = time.monotonic()
    out = Path(out)
    report = progress or (lambda done, total: None)
    if not out.parent.is_dir():
        raise BackupError(f"no folder {out.parent}")
    if out.resolve() in {vault.path.resolve(), keyslot_path(vault.path).resolve()}:
        raise BackupError("a backup cannot replace the vault itself")
    token = secrets.token_hex(6)
    _remove_leftovers(vault.path.parent, f"{vault.path.name}.backup-")
    _remove_leftovers(out.parent, f".{out.name}.partial-")
    # The copy is made beside the vault (a local disk), then streamed once to the destination.
    copy = vault.path.with_name(f"{vault.path.name}.backup-{token}")
    partial = out.with_name(f".{out.name}.partial-{token}")
    try:
        tables = _copy_database(vault, copy, report)
        # Noted after the copy is taken, so the backup itself never carries the note.
        vault.set_setting(PENDING_KEY, str(out))
        report(600, PROGRESS_TOTAL)
        header = {
            "format": FORMAT,
            "version": VERSION,
            "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "schema_version": schema.SCHEMA_VERSION,
            "db_size": copy.stat().st_size,
            "db_sha256": _sha256_file(copy),
            "keyslots": json.loads(KeySlotFile.read(vault.keys_path).to_json()),
        }
        _write_container(partial, header, copy, report)
        _verify_container(partial, header)
        report(950, PROGRESS_TOTAL)
        os.replace(partial, out)
        fsync_dir(out.parent)
    except OSError as exc:
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            raise BackupDiskFull(str(exc)) from exc
        raise BackupError(str(exc)) from exc
    finally:
        for leftover in (partial, *_database_files(copy)):
            with contextlib.suppress(FileNotFoundError):
                os.remove(leftover)
        vault.delete_settings_with_prefix(PENDING_KEY)
    report(PROGRESS_TOTAL, PROGRESS_TOTAL)
    return BackupReport(out, out.stat().st_size, tables, time.monotonic() - started)


def _copy_database(vault, copy: Path, report: Progress) -> dict[str, tuple[int, str]]:
    """Online backup into a new database under the same key, then check it against the vault."""
    target = connection.connect(copy, vault._vault_key, create=True)
    try:

        def step(_status: int, remaining: int, total: int) -> None:
            report(int(500 * (total - remaining) / max(total, 1)), PROGRESS_TOTAL)

        vault.conn.backup_into(target, PAGES_PER_STEP, step)
    finally:
        target.close()
    expected = vault_digests(vault.conn)
    check = connection.connect(copy, vault._vault_key, create=False)
    try:
        problems = [r[0] for r in check.execute("PRAGMA integrity_check") if r[0] != "ok"]
        problems += [r[0] for r in check.execute("PRAGMA cipher_integrity_check")]
        if problems:
            raise BackupError("the copy failed its integrity checks")
        if vault_digests(check) != expected:
            raise BackupError("the copy differs from the vault")
        check.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        check.close()
    return expected


def _write_container(partial: Path, header: dict, copy: Path, report: Progress) -> None:
    head = json.dumps(header, separators=(",", ":")).encode("utf-8")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as fh, copy.open("rb") as src:
        fh.write(MAGIC + struct.pack(">I", len(head)) + head)
        done, size = 0, max(header["db_size"], 1)
        while block := src.read(COPY_BLOCK):
            fh.write(block)
            done += len(block)
            report(600 + int(300 * done / size), PROGRESS_TOTAL)
        fh.flush()
        os.fsync(fh.fileno())


def _verify_container(partial: Path, header: dict) -> None:
    """Read the written file back: the header parses and the database hashes as it should."""
    with partial.open("rb") as fh:
        written = read_header(fh)
        digest, size = _hash_stream(fh)
    if written != header or size != header["db_size"] or digest != header["db_sha256"]:
        raise BackupError("the written backup does not read back the same")


def read_header(fh: BinaryIO) -> dict:
    """The backup's header, checked; BackupDamaged when the file is not one."""
    if fh.read(len(MAGIC)) != MAGIC:
        raise BackupDamaged("not an Amparo backup")
    raw_len = fh.read(4)
    if len(raw_len) != 4:
        raise BackupDamaged("truncated header")
    (length,) = struct.unpack(">I", raw_len)
    if not 0 < length <= MAX_HEADER_BYTES:
        raise BackupDamaged("header length out of range")
    try:
        header = json.loads(fh.read(length).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise BackupDamaged("header is not JSON") from exc
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise BackupDamaged("wrong format marker")
    if header.get("version") != VERSION:
        raise BackupDamaged("unsupported backup version")
    size, digest = header.get("db_size"), header.get("db_sha256")
    if not isinstance(size, int) or isinstance(size, bool) or size <= 0:
        raise BackupDamaged("bad database size")
    if not isinstance(digest, str) or len(digest) != 64:
        raise BackupDamaged("bad database digest")
    if not isinstance(header.get("keyslots"), dict):
        raise BackupDamaged("no key slots")
    return header


def restore(backup: Path, to: Path, passphrase: str) -> dict[str, tuple[int, str]]:
    """Recreate the vault at a new path `to` (never over an existing vault); returns the
    restored tables' row counts and digests (see `vault_digests`)."""
    backup, to = Path(backup), Path(to)
    keys_to = keyslot_path(to)
    if to.exists() or (keys_to.exists() and not _is_leftover_keys(keys_to, backup)):
        raise VaultExists(str(to))
    to.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    _remove_leftovers(to.parent, f"{to.name}.restoring-")
    partial = to.with_name(f"{to.name}.restoring-{secrets.token_hex(6)}")
    try:
        try:
            source = open_regular(backup)
        except NotRegular as exc:
            raise BackupDamaged("not a regular file") from exc
        with source as fh:
            header = read_header(fh)
            slots = _slots_of(header)
            unlocked = slots.unwrap(passphrase)  # WrongPassphrase before anything is written
            _copy_payload(fh, partial, header)
        conn, _key_id = rekey.connect_first(partial, slots.key_id, unlocked.keys)
        try:
            problems = [r[0] for r in conn.execute("PRAGMA integrity_check") if r[0] != "ok"]
            problems += [r[0] for r in conn.execute("PRAGMA cipher_integrity_check")]
            digests = vault_digests(conn) if not problems else {}
        finally:
            conn.close()
        if problems:
            raise BackupDamaged("the restored database fails its integrity checks")
        write_private_atomically(keys_to, slots.to_json())
        os.replace(partial, to)
        fsync_dir(to.parent)
    except VaultDamaged as exc:
        raise BackupDamaged(str(exc)) from exc
    except OSError as exc:
        raise BackupError(str(exc)) from exc
    finally:
        for leftover in _database_files(partial):
            with contextlib.suppress(FileNotFoundError):
                os.remove(leftover)
    return digests


def _slots_of(header: dict) -> KeySlotFile:
    try:
        return KeySlotFile.from_json(json.dumps(header["keyslots"]).encode("utf-8"))
    except VaultError as exc:
        raise BackupDamaged("the backup's key slots are damaged") from exc


def _copy_payload(fh: BinaryIO, partial: Path, header: dict) -> None:
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    digest, size = hashlib.sha256(), 0
    with os.fdopen(fd, "wb") as out:
        while block := fh.read(COPY_BLOCK):
            size += len(block)
            if size > header["db_size"]:
                raise BackupDamaged("the backup is longer than its header says")
            digest.update(block)
            out.write(block)
        out.flush()
        os.fsync(out.fileno())
    if size != header["db_size"] or digest.hexdigest() != header["db_sha256"]:
        raise BackupDamaged("the backup is truncated or altered")


def _is_leftover_keys(keys_to: Path, backup: Path) -> bool:
    """A key-slot file with no vault beside it, from an interrupted restore of this backup."""
    try:
        with open_regular(backup) as fh:
            vault_id = _slots_of(read_header(fh)).vault_id
        return KeySlotFile.read(keys_to).vault_id == vault_id
    except (OSError, VaultError, BackupDamaged):
        return False


def _sha256_file(path: Path) -> str:
    with path.open("rb") as fh:
        return _hash_stream(fh)[0]


def _hash_stream(fh: BinaryIO) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    while block := fh.read(COPY_BLOCK):
        digest.update(block)
        size += len(block)
    return digest.hexdigest(), size


def _database_files(path: Path) -> tuple[Path, ...]:
    return (path, *(path.with_name(path.name + s) for s in ("-wal", "-shm", "-journal")))


def remove_interrupted(vault) -> None:
    """What a killed backup left: its copy beside the vault and its partial file at the
    destination. Called when unlocking and before a rekey, so no stray copy outlives its key."""
    _remove_leftovers(vault.path.parent, f"{vault.path.name}.backup-")
    pending = vault.get_setting(PENDING_KEY)
    if pending is None:
        return
    if isinstance(pending, str) and pending:
        out = Path(pending)
        _remove_leftovers(out.parent, f".{out.name}.partial-")
    vault.delete_settings_with_prefix(PENDING_KEY)


def _remove_leftovers(folder: Path, prefix: str) -> None:
    """Temporary files of an interrupted earlier run (encrypted, but no use to anyone)."""
    pattern = re.compile(re.escape(prefix) + r"[0-9a-f]{12}(-wal|-shm|-journal)?")
    with contextlib.suppress(OSError):
        for entry in folder.iterdir():
            if pattern.fullmatch(entry.name) and entry.is_file():
                with contextlib.suppress(OSError):
                    entry.unlink()
