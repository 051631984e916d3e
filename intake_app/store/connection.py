"""Opening SQLCipher: raw key first, then the safety pragmas; refuses no cipher or plaintext."""

from __future__ import annotations

import os
from pathlib import Path

import sqlcipher3

from intake_app.domain.errors import (
    CipherUnavailable,
    NotAVault,
    PlaintextVault,
    VaultDamaged,
    VaultDiskFull,
    VaultInUse,
    VaultNotFound,
    VaultReadOnly,
)

APPLICATION_ID = 0x416D7072  # "Ampr"
PLAINTEXT_HEADER = b"SQLite format 3\x00"
LOCK_WAIT_SECONDS = 0.25

DatabaseError = sqlcipher3.DatabaseError
IntegrityError = sqlcipher3.IntegrityError


def check_not_plaintext(path: Path) -> None:
    """A vault whose first bytes are SQLite's plaintext header was never encrypted: refuse it."""
    with path.open("rb") as fh:
        header = fh.read(len(PLAINTEXT_HEADER))
    if header == PLAINTEXT_HEADER:
        raise PlaintextVault(str(path))


def connect(path: Path, key: bytes, *, create: bool) -> sqlcipher3.Connection:
    """Open the vault database with the raw 256-bit key and every pragma the vault relies on."""
    if create:
        # Create the empty file ourselves so it is private (0600) from its first byte.
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        uri = f"{path.resolve().as_uri()}?mode=rw"
    else:
        if not path.is_file():
            raise VaultNotFound(str(path))
        if path.stat().st_size == 0:
            raise NotAVault(str(path))
        check_not_plaintext(path)
        # mode=rw: a mistyped path can never create an empty vault.
        uri = f"{path.resolve().as_uri()}?mode=rw"
    conn = sqlcipher3.connect(
        uri, uri=True, timeout=LOCK_WAIT_SECONDS, isolation_level=None, check_same_thread=False
    )
    try:
        _configure(conn, key, create=create)
    except BaseException as exc:
        conn.close()
        if create:
            # A vault that failed to come into being must not linger as an empty file.
            path.unlink(missing_ok=True)
        if isinstance(exc, DatabaseError):
            raise _classify(exc) from exc
        raise
    return SafeConnection(conn)


def _configure(conn: sqlcipher3.Connection, key: bytes, *, create: bool) -> None:
    # The key must come first: cipher settings issued before it are silently ignored.
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    # SQLCipher logs decryption failures to stderr ("ERROR CORE sqlite3Codec: error decrypting
    # page 24"): above our own clear message they only alarm. Its errors still raise.
    conn.execute("PRAGMA cipher_log_level = NONE")
    version = conn.execute("PRAGMA cipher_version").fetchone()
    if not version or not version[0]:
        raise CipherUnavailable("PRAGMA cipher_version is empty")
    conn.execute("PRAGMA temp_store = MEMORY")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA secure_delete = ON")
    # Exclusive locking: a second window (or process) is told the vault is in use, and the
    # WAL index lives in memory rather than in a -shm file.
    conn.execute("PRAGMA locking_mode = EXCLUSIVE")
    _read_header(conn)
    if create:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    _take_lock(conn)
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    if app_id != APPLICATION_ID:
        raise NotAVault("application_id does not match")


def _classify(exc: Exception) -> Exception:
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return VaultInUse()
    # Disk trouble is not damage: the vault is intact and the change was simply not written.
    if "disk is full" in text or "database or disk is full" in text:
        return VaultDiskFull()
    if "readonly" in text or "read-only" in text:
        return VaultReadOnly()
    # The key was unwrapped by AES-GCM, so it is right: an unreadable file is a damaged one.
    return VaultDamaged(text)


def _read_header(conn: sqlcipher3.Connection) -> None:
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()


def _take_lock(conn: sqlcipher3.Connection) -> None:
    conn.execute("BEGIN EXCLUSIVE")
    conn.execute("COMMIT")


class SafeConnection:
    """The vault's connection, turning SQLite's low-level errors into the vault's typed ones.

    A damaged page surfaces only when it is read, possibly long after opening; callers above
    the store must see VaultDamaged (with a clear message), never a raw `DatabaseError`.
    Results are fetched inside the guard, so iteration cannot raise later.
    """

    def __init__(self, conn: sqlcipher3.Connection) -> None:
        self._conn = conn

    def execute(self, sql: str, params=()) -> _Result:
        try:
            cursor = self._conn.execute(sql, params)
            return _Result(cursor.fetchall(), cursor.rowcount)
        except sqlcipher3.IntegrityError:
            raise
        except DatabaseError as exc:
            raise _classify(exc) from exc

    def executemany(self, sql: str, rows) -> _Result:
        try:
            cursor = self._conn.executemany(sql, rows)
            return _Result([], cursor.rowcount)
        except sqlcipher3.IntegrityError:
            raise
        except DatabaseError as exc:
            raise _classify(exc) from exc

    def iterate(self, sql: str, params=()):
        """Rows one at a time, for reads too large to hold whole (a case's document chunks)."""
        try:
            cursor = self._conn.execute(sql, params)
            while (row := cursor.fetchone()) is not None:
                yield row
        except DatabaseError as exc:
            raise _classify(exc) from exc

    def backup_into(self, target: SafeConnection, pages: int, progress) -> None:
        """SQLite's online backup into another keyed connection (pages are re-encrypted by the
        target's key as they are written, so the copy is never plaintext)."""
        try:
            self._conn.backup(target._conn, pages=pages, progress=progress)
        except DatabaseError as exc:
            raise _classify(exc) from exc

    def close(self) -> None:
        self._conn.close()


class _Result:
    """Rows already fetched, with the cursor-like methods the repositories use."""

    __slots__ = ("_rows", "rowcount")

    def __init__(self, rows: list, rowcount: int) -> None:
        self._rows = rows
        self.rowcount = rowcount

    def fetchone(self):
        return self._rows[0] if self._rows else None

    def fetchall(self) -> list:
        return self._rows

    def __iter__(self):
        return iter(self._rows)

    def close(self) -> None:
        """Nothing to release: the rows were fetched whole (kept for cursor compatibility)."""


def cipher_version(conn: sqlcipher3.Connection) -> str:
    return conn.execute("PRAGMA cipher_version").fetchone()[0]


def wal_has_frames(path: Path) -> bool:
    """True when the vault's write-ahead log holds frames (a crash left committed work)."""
    wal = Path(path).with_name(Path(path).name + "-wal")
    try:
        return wal.stat().st_size > 32  # more than the WAL header
    except FileNotFoundError:
        return False
