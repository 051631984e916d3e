"""The vault's lifecycle: create, open with a passphrase, close; the key stays in this package."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import secrets
from dataclasses import replace
from pathlib import Path

from intake_app.domain.errors import (
    LastAdministrator,
    MembershipMissing,
    NotAMember,
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
from intake_app.store import backup, connection, membership, rekey, schema, sealing, stray_log
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
        # The signed membership (membership.py) and what signs it: this person's sealing
        # private key (their signing key derives from it) and the vault's pinned root.
        self.roster: membership.Roster | None = None
        self._seal_private: bytes | None = None
        self._root: bytes | None = None

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
        private_key = sealing.new_private_key()
        # The creator's signing key is the root every entry of the membership goes back to.
        root = membership.signing_public_of(private_key)
        slots.add_slot(person.id, passphrase, vault_key, kdf.check(), private_key, root)
        conn = None
        try:
            conn = connection.connect(path, vault_key, create=True)
            schema.migrate(conn)
            vault = cls(path, conn, person, vault_key)
            vault._seal_private, vault._root = private_key, root
            with _transaction(conn):
                vault._insert_person(person, sealing.public_key_of(private_key))
                creator = replace(
                    vault._member_of(person),
                    seal_public=sealing.public_key_of(private_key),
                    sign_public=root,
                )
                membership.append(conn, person.id, private_key, creator)
                vault._audit("vault_created", None)
            vault.roster = membership.replay(conn, root)
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
            roster = _signed_roster(conn, unlocked)
            person = _person_opening(conn, roster, unlocked.person_id)
            if not person.active:
                # Removed, and a crash kept their slot a moment longer: they open nothing.
                raise WrongPassphrase()
            vault = cls(path, conn, person, unlocked.keys[key_id])
            vault.roster = roster
            vault._settle_keys(slots, unlocked, key_id, passphrase)
            backup.remove_interrupted(vault)
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
        """After an unlock: finish an interrupted rekey, sign the membership if it is not yet,
        and bring this person's slot (its pinned root) and signed keys up to date."""
        self._vault_key = rekey.recover(
            self.conn,
            self.keys_path,
            slots,
            unlocked,
            key_id,
            self._slots_without_membership(slots),
            self._seal_keys(),
        )
        private_key = unlocked.private_key
        rewrite_slot = private_key is None
        if private_key is None:
            # A slot from version 1 wraps the vault key itself: replace it with a sealed one.
            private_key = sealing.new_private_key()
        self._seal_private = private_key
        if self.roster is None and (self.person.role == "admin" or not self._table_admins()):
            self._found_membership()
        self._root = self.roster.root if self.roster is not None else None
        if rewrite_slot or (self._root is not None and unlocked.root != self._root):
            # A slot written before signed membership is pinned now, with the passphrase that
            # was just typed (a member's first unlock after the upgrade trusts what it finds).
            params = next(s.params for s in slots.slots if s.person_id == self.person.id)
            slots.set_slot(
                self.person.id,
                passphrase,
                params,
                private_key,
                {slots.key_id: self._vault_key},
                self._root,
            )
            slots.write(self.keys_path)
        self._bind_own_keys(private_key)

    def _found_membership(self) -> None:
        """A vault from before signed membership, opened by an admin: they sign everyone the
        people table lists (trust on first use; docs/security.md says so)."""
        assert self._seal_private is not None
        me = replace(
            self._member_of(self.person),
            seal_public=sealing.public_key_of(self._seal_private),
            sign_public=membership.signing_public_of(self._seal_private),
        )
        table_keys = self.table_public_keys()
        with _transaction(self.conn):
            membership.append(self.conn, me.id, self._seal_private, me)
            for person in self.table_people(include_removed=False):
                if person.id != me.id:
                    member = replace(self._member_of(person), seal_public=table_keys.get(person.id))
                    membership.append(self.conn, me.id, self._seal_private, member)
            self._audit("membership_signed", None)
        self.roster = membership.replay(self.conn, me.sign_public)

    def _bind_own_keys(self, private_key: bytes) -> None:
        """Make the signed entry and the people row carry the keys this passphrase opened."""
        public_key = sealing.public_key_of(private_key)
        if self.table_public_keys().get(self.person.id) != public_key:
            with _transaction(self.conn):
                self._set_public_key(self.person.id, public_key)
        if self.roster is None:
            return
        member = self.roster.members[self.person.id]
        wanted = replace(
            member, seal_public=public_key, sign_public=membership.signing_public_of(private_key)
        )
        # Only a member entered without a signing key (before signed membership) binds their
        # keys themselves; any other difference stays for an admin to see.
        if member != wanted and member.sign_public is None:
            with _transaction(self.conn):
                membership.append(self.conn, self.person.id, private_key, wanted)
            self.roster = membership.replay(self.conn, self.roster.root)

    # --- signed membership -------------------------------------------------------------------

    def _table_admins(self) -> list[Person]:
        return [p for p in self.table_people(include_removed=False) if p.role == "admin"]

    @staticmethod
    def _member_of(person: Person) -> membership.Member:
        return membership.Member(
            person.id, person.display_name, person.role, person.title, None, None
        )

    def _slots_without_membership(self, slots: KeySlotFile) -> set[str]:
        """Slots whose person is not an active member: removed, or never signed in at all."""
        if self.roster is None:
            return slots.person_ids() & self.removed_people_ids()
        return slots.person_ids() - self.roster.active().keys()

    def _seal_keys(self) -> dict[str, bytes]:
        """The public keys a new vault key is sealed to: the signed ones, never the table's."""
        if self.roster is None:
            return self.table_public_keys()
        return self.roster.seal_keys()

    def membership_problems(self) -> list[membership.Problem]:
        """What in the membership does not verify, and people rows that differ from it."""
        if self.roster is None:
            return []
        roster = membership.replay(self.conn, self.roster.root)
        return roster.problems + membership.table_problems(self.conn, roster)

    def _signing_admin(self) -> membership.Roster:
        """The membership, re-verified now, when this person may sign a change to it."""
        if self.roster is None or self._seal_private is None:
            raise MembershipMissing()
        roster = membership.replay(self.conn, self.roster.root)
        me = roster.members.get(self.person.id)
        signing = membership.signing_public_of(self._seal_private)
        if me is None or not me.active or me.role != "admin" or me.sign_public != signing:
            raise NotPermitted("manage_people")
        return roster

    # --- people and their key slots ----------------------------------------------------------

    def add_person(
        self,
        display_name: str,
        role: str,
        passphrase: str,
        kdf: KdfParams,
        title: str = "",
    ) -> Person:
        """A new person with their own key slot and a signed entry: the vault key is sealed to
        them, the database is not re-encrypted."""
        check_role(role, title)
        self._signing_admin()
        slots = KeySlotFile.read(self.keys_path)
        person = Person(secrets.token_hex(8), display_name.strip(), role, title)
        private_key = sealing.new_private_key()
        slots.add_slot(person.id, passphrase, self._vault_key, kdf.check(), private_key, self._root)
        member = replace(
            self._member_of(person),
            seal_public=sealing.public_key_of(private_key),
            sign_public=membership.signing_public_of(private_key),
        )
        with _transaction(self.conn):
            self._insert_person(person, member.seal_public)
            membership.append(self.conn, self.person.id, self._seal_private, member)
            self._audit("person_added", None, person.id)
        slots.write(self.keys_path)
        self.roster = membership.replay(self.conn, self._root)
        return person

    def remove_person(self, person_id: str) -> None:
        """Drop the person's slot and re-encrypt the vault under a new key (see rekey.py),
        sealed only to the members the signed membership proves."""
        roster = self._signing_admin()
        person = self.get_person(person_id)
        member = roster.members.get(person_id)
        if not person.active and (member is None or not member.active):
            raise PersonNotFound(person_id)
        if person_id == self.person.id:
            raise NotPermitted("remove_self")
        if member is not None and member.role == "admin" and len(roster.admins()) <= 1:
            raise LastAdministrator()
        slots = KeySlotFile.read(self.keys_path)
        if slots.legacy_person_ids() - {person_id}:
            raise PeopleNotUpgraded()
        # The commit point: from here on, a crash is finished by the next unlock (rekey.recover).
        with _transaction(self.conn):
            self._mark_removed(person_id)
            if member is not None and member.active:
                removed = replace(member, active=False)
                membership.append(self.conn, self.person.id, self._seal_private, removed)
            self._audit("person_removed", None, person_id)
        self.roster = membership.replay(self.conn, self._root)
        backup.remove_interrupted(self)
        # Every slot whose person the signed membership does not list as active goes: the
        # one removed, and any slot a member slipped in for someone no admin signed.
        self._vault_key = rekey.rotate(
            self.conn,
            self.keys_path,
            slots,
            self._slots_without_membership(slots) | {person_id},
            self._seal_keys(),
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
        slots.set_slot(self.person.id, new, (kdf or current).check(), private_key, keys, self._root)
        slots.write(self.keys_path)
        with _transaction(self.conn):
            self._set_public_key(self.person.id, sealing.public_key_of(private_key))
            self._audit("passphrase_changed", None)

    def close(self) -> None:
        with contextlib.suppress(connection.DatabaseError, VaultError):
            self.conn.close()
        self._vault_key = b""


def _signed_roster(conn, unlocked: Unlocked) -> membership.Roster | None:
    """The membership as signed from the root this person's slot pins; None for a vault from
    before signed membership (its first admin to unlock signs it)."""
    if membership.exists(conn):
        # A slot from before the upgrade pins nothing yet: it trusts the first entry, once.
        root = unlocked.root or membership.genesis_key(conn)
        if root is None:
            raise MembershipMissing("the first membership entry is unreadable")
        return membership.replay(conn, root)
    if unlocked.root is not None:
        creator = unlocked.private_key is not None and (
            membership.signing_public_of(unlocked.private_key) == unlocked.root
        )
        if not creator:
            raise MembershipMissing("the slot is pinned but the membership is gone")
    return None


def _person_opening(conn, roster: membership.Roster | None, person_id: str) -> Person:
    """Who this slot belongs to: as the signed membership says, or (before it) the table."""
    if roster is not None:
        member = roster.members.get(person_id)
        if member is None:
            raise NotAMember()
        return Person(
            member.id,
            member.name,
            member.role,
            member.title,
            None if member.active else "removed",
        )
    row = conn.execute(
        "SELECT id, display_name, role, title, removed_at FROM people WHERE id = ?",
        (person_id,),
    ).fetchone()
    if row is None:
        raise VaultDamaged("key slot names a person the vault does not know")
    return Person(*row)


def _remove_quietly(path: Path) -> None:
    for candidate in (
        path,
        path.with_name(path.name + "-wal"),
        path.with_name(path.name + "-journal"),
    ):
        with contextlib.suppress(FileNotFoundError):
            os.remove(candidate)
