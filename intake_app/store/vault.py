"""The vault's lifecycle: create, open with a passphrase, close; the key stays in this package."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import secrets
from pathlib import Path

from intake_app.domain.errors import (
    LastAdministrator,
    NotAVault,
    NotPermitted,
    PeopleNotUpgraded,
    PersonNotFound,
    VaultDamaged,
    VaultError,
    VaultExists,
    VaultNotFound,
    WrongPassphrase,
)
from intake_app.domain.records import Person
from intake_app.paths import keyslot_path
from intake_app.store import connection, rekey, schema, sealing, stray_log
from intake_app.store.clinic import Clinic
from intake_app.store.documents import DocumentRows
from intake_app.store.keyslots import (
    DEFAULT_KDF,
    KdfParams,
    KeySlotFile,
    Unlocked,
    new_vault_key,
)
from intake_app.store.people import PeopleRows, check_role
from intake_app.store.repositories import Repositories
from intake_app.store.repositories import transaction as _transaction


def now_utc() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")


class Vault(PeopleRows, DocumentRows, Repositories):
    """An open vault: one SQLCipher connection held exclusively, and the person who opened it."""

    def __init__(self, path: Path, conn, person: Person, vault_key: bytes) -> None:
        super().__init__(conn, person)
        self.path = path
        self.clinic = Clinic(conn)
        # Kept only to seal the key for a new person and to back up; never written anywhere.
        self._vault_key = vault_key

    @property
    def keys_path(self) -> Path:
        return keyslot_path(self.path)

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
        title: str = "",
    ) -> Vault:
        path = Path(path)
        check_role(role, title)
        if cls.exists(path):
            raise VaultExists(str(path))
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        vault_key = new_vault_key()
        person = Person(secrets.token_hex(8), display_name.strip(), role, title)
        slots = KeySlotFile.new()
        public_key = slots.add_slot(person.id, passphrase, vault_key, kdf.check())
        conn = None
        try:
            conn = connection.connect(path, vault_key, create=True)
            schema.migrate(conn)
            vault = cls(path, conn, person, vault_key)
            with _transaction(conn):
                vault._insert_person(person, public_key)
                vault._audit("vault_created", None)
            # The slot file is written last: until it exists the half-made vault cannot open.
            slots.write(keyslot_path(path))
        except BaseException:
            if conn is not None:
                conn.close()
            _remove_quietly(path)
            raise
        return vault

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
        slots = KeySlotFile.read(slot_file)
        unlocked = slots.unwrap(passphrase)
        # Another vault's log beside this one is moved aside, never applied.
        stray_log.check_log_belongs(path, slots.key_id, unlocked.keys)
        conn, key_id = rekey.connect_first(path, slots.key_id, unlocked.keys)
        try:
            # Every page's HMAC, before anything is written (the unlock's audit entry, a
            # migration): a damaged vault is reported and left byte for byte as it was, for a
            # restore or a specialist. About 2 ms per MB of vault. The check reads the file
            # itself, so a WAL a crash left behind (a rekey's frames, under the new key) is
            # first moved into it: that completes what was committed.
            if connection.wal_has_frames(path):
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            damage = [row[0] for row in conn.execute("PRAGMA cipher_integrity_check")]
            if damage:
                raise VaultDamaged("cipher integrity check failed when unlocking")
            schema.migrate(conn)
            row = conn.execute(
                "SELECT id, display_name, role, title, removed_at FROM people WHERE id = ?",
                (unlocked.person_id,),
            ).fetchone()
            if row is None:
                raise VaultDamaged("key slot names a person the vault does not know")
            person = Person(*row)
            if not person.active:
                # Removed, and a crash kept their slot a moment longer: they open nothing.
                raise WrongPassphrase()
            vault = cls(path, conn, person, unlocked.keys[key_id])
            vault._settle_keys(slots, unlocked, key_id, passphrase)
            vault.audit("vault_unlocked")
        except connection.DatabaseError as exc:
            conn.close()
            raise VaultDamaged(str(exc)) from exc
        except BaseException:
            conn.close()
            raise
        return vault

    def _settle_keys(
        self, slots: KeySlotFile, unlocked: Unlocked, key_id: str, passphrase: str
    ) -> None:
        """After an unlock: finish an interrupted rekey, and bring this person's slot up to date."""
        self._vault_key = rekey.recover(
            self.conn,
            self.keys_path,
            slots,
            unlocked,
            key_id,
            self.removed_people_ids(),
            self.public_keys(),
        )
        private_key = unlocked.private_key
        if private_key is None:
            # A slot from version 1 wraps the vault key itself: replace it with a sealed one.
            private_key = sealing.new_private_key()
            params = next(s.params for s in slots.slots if s.person_id == self.person.id)
            slots.set_slot(
                self.person.id, passphrase, params, private_key, {slots.key_id: self._vault_key}
            )
            slots.write(self.keys_path)
        public_key = sealing.public_key_of(private_key)
        # The public key a future rekey seals to comes from the database; the private key was
        # just opened with this person's passphrase, so it is the one to trust.
        if self.public_keys().get(self.person.id) != public_key:
            with _transaction(self.conn):
                self._set_public_key(self.person.id, public_key)

    # --- people and their key slots ----------------------------------------------------------

    def add_person(
        self,
        display_name: str,
        role: str,
        passphrase: str,
        kdf: KdfParams,
        title: str = "",
    ) -> Person:
        """A new person with their own key slot: the vault key is sealed, not re-encrypted."""
        check_role(role, title)
        slots = KeySlotFile.read(self.keys_path)
        person = Person(secrets.token_hex(8), display_name.strip(), role, title)
        public_key = slots.add_slot(person.id, passphrase, self._vault_key, kdf.check())
        with _transaction(self.conn):
            self._insert_person(person, public_key)
            self._audit("person_added", None, person.id)
        slots.write(self.keys_path)
        return person

    def remove_person(self, person_id: str) -> None:
        """Drop the person's slot and re-encrypt the vault under a new key (see rekey.py)."""
        person = self.get_person(person_id)
        if not person.active:
            raise PersonNotFound(person_id)
        if person_id == self.person.id:
            raise NotPermitted("remove_self")
        admins = [p for p in self.people(include_removed=False) if p.role == "admin"]
        if person.role == "admin" and len(admins) <= 1:
            raise LastAdministrator()
        slots = KeySlotFile.read(self.keys_path)
        if slots.legacy_person_ids() - {person_id}:
            raise PeopleNotUpgraded()
        # The commit point: from here on, a crash is finished by the next unlock (rekey.recover).
        with _transaction(self.conn):
            self._mark_removed(person_id)
            self._audit("person_removed", None, person_id)
        self._vault_key = rekey.rotate(
            self.conn, self.keys_path, slots, {person_id}, self.public_keys()
        )
        self.audit("vault_rekeyed")

    def change_passphrase(self, old: str, new: str, kdf: KdfParams | None = None) -> None:
        """Rewrap this person's slot under a new passphrase; the database is not re-encrypted."""
        slots = KeySlotFile.read(self.keys_path)
        unlocked = slots.unwrap(old)
        if unlocked.person_id != self.person.id:
            # Another member's passphrase is not this person's current one: refused alike.
            raise WrongPassphrase()
        current = next(s.params for s in slots.slots if s.person_id == self.person.id)
        private_key = unlocked.private_key or sealing.new_private_key()
        keys = {slots.key_id: self._vault_key}
        slots.set_slot(self.person.id, new, (kdf or current).check(), private_key, keys)
        slots.write(self.keys_path)
        with _transaction(self.conn):
            self._set_public_key(self.person.id, sealing.public_key_of(private_key))
            self._audit("passphrase_changed", None)

    def close(self) -> None:
        with contextlib.suppress(connection.DatabaseError, VaultError):
            self.conn.close()
        self._vault_key = b""


def _remove_quietly(path: Path) -> None:
    for candidate in (
        path,
        path.with_name(path.name + "-wal"),
        path.with_name(path.name + "-journal"),
    ):
        with contextlib.suppress(FileNotFoundError):
            os.remove(candidate)
