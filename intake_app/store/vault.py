"""The vault's lifecycle: create, open with a passphrase, close; the key stays in this package."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import secrets
from pathlib import Path

from intake_app.domain.errors import (
    NotAVault,
    VaultDamaged,
    VaultError,
    VaultExists,
    VaultNotFound,
)
from intake_app.domain.records import ROLES, Person
from intake_app.paths import keyslot_path
from intake_app.store import connection, schema
from intake_app.store.keyslots import DEFAULT_KDF, KdfParams, KeySlotFile, new_vault_key
from intake_app.store.repositories import Repositories
from intake_app.store.repositories import transaction as _transaction


def now_utc() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")


class Vault(Repositories):
    """An open vault: one SQLCipher connection held exclusively, and the person who opened it."""

    def __init__(self, path: Path, conn, person: Person, vault_key: bytes) -> None:
        super().__init__(conn, person)
        self.path = path
        # Kept only so an admin can wrap the key for a new person; never written anywhere.
        self._vault_key = vault_key

    @classmethod
    def exists(cls, path: Path) -> bool:
        return Path(path).is_file() or keyslot_path(Path(path)).is_file()

    @classmethod
    def create(
        cls,
        path: Path,
        display_name: str,
        role: str,
        passphrase: str,
        kdf: KdfParams = DEFAULT_KDF,
    ) -> Vault:
        path = Path(path)
        if role not in ROLES:
            raise ValueError(f"unknown role {role!r}")
        if cls.exists(path):
            raise VaultExists(str(path))
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        vault_key = new_vault_key()
        person = Person(id=secrets.token_hex(8), display_name=display_name.strip(), role=role)
        slots = KeySlotFile.new()
        slots.add_slot(person.id, passphrase, vault_key, kdf.check())
        conn = None
        try:
            conn = connection.connect(path, vault_key, create=True)
            schema.migrate(conn)
            with _transaction(conn):
                conn.execute(
                    "INSERT INTO people (id, display_name, role, created_at) VALUES (?, ?, ?, ?)",
                    (person.id, person.display_name, person.role, now_utc()),
                )
                conn.execute(
                    "INSERT INTO audit_log (at, person_id, case_id, action) VALUES (?, ?, ?, ?)",
                    (now_utc(), person.id, None, "vault_created"),
                )
            # The slot file is written last: until it exists the half-made vault cannot open.
            slots.write(keyslot_path(path))
        except BaseException:
            if conn is not None:
                conn.close()
            _remove_quietly(path)
            raise
        return cls(path, conn, person, vault_key)

    @classmethod
    def open(cls, path: Path, passphrase: str) -> Vault:
        path = Path(path)
        slot_file = keyslot_path(path)
        if not path.is_file():
            raise VaultNotFound(str(path))
        if path.stat().st_size == 0:
            raise NotAVault(str(path))
        connection.check_not_plaintext(path)
        if not slot_file.is_file():
            raise VaultDamaged("the key-slot file beside the vault is missing")
        person_id, vault_key = KeySlotFile.read(slot_file).unwrap(passphrase)
        conn = connection.connect(path, vault_key, create=False)
        try:
            schema.migrate(conn)
            row = conn.execute(
                "SELECT id, display_name, role FROM people WHERE id = ?", (person_id,)
            ).fetchone()
            if row is None:
                raise VaultDamaged("key slot names a person the vault does not know")
            vault = cls(path, conn, Person(*row), vault_key)
            vault.audit("vault_unlocked")
        except connection.DatabaseError as exc:
            conn.close()
            raise VaultDamaged(str(exc)) from exc
        except BaseException:
            conn.close()
            raise
        return vault

    def add_person(self, display_name: str, role: str, passphrase: str, kdf: KdfParams) -> Person:
        """A new person with their own key slot: the vault key is rewrapped, not re-encrypted."""
        raise_if_bad_role(role)
        slots = KeySlotFile.read(keyslot_path(self.path))
        person = Person(id=secrets.token_hex(8), display_name=display_name.strip(), role=role)
        with _transaction(self.conn):
            self.conn.execute(
                "INSERT INTO people (id, display_name, role, created_at) VALUES (?, ?, ?, ?)",
                (person.id, person.display_name, role, now_utc()),
            )
        slots.add_slot(person.id, passphrase, self._vault_key, kdf.check())
        slots.write(keyslot_path(self.path))
        return person

    def change_passphrase(self, old: str, new: str, kdf: KdfParams | None = None) -> None:
        """Rewrap this person's slot under a new passphrase; the database is not re-encrypted."""
        slots = KeySlotFile.read(keyslot_path(self.path))
        person_id, vault_key = slots.unwrap(old)
        if person_id != self.person.id:
            raise VaultDamaged("that passphrase belongs to someone else")
        current = next(s.params for s in slots.slots if s.person_id == person_id)
        slots.add_slot(person_id, new, vault_key, (kdf or current).check())
        slots.write(keyslot_path(self.path))
        self.audit("passphrase_changed")

    def close(self) -> None:
        with contextlib.suppress(connection.DatabaseError, VaultError):
            self.conn.close()
        self._vault_key = b""


def raise_if_bad_role(role: str) -> None:
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")


def _remove_quietly(path: Path) -> None:
    for candidate in (
        path,
        path.with_name(path.name + "-wal"),
        path.with_name(path.name + "-journal"),
    ):
        with contextlib.suppress(FileNotFoundError):
            os.remove(candidate)
