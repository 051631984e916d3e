"""Replacing the vault key when a person is removed, so that a crash at any point leaves one key.

The protocol, in three durable steps:

1. The key-slot file is rewritten (atomically) without the removed person's slot, naming a new
   key id and holding, for every remaining person, both the current key and the new one.
2. `PRAGMA rekey` re-encrypts the database under the new key in one transaction (in WAL mode the
   new pages are committed as one set of frames, then checkpointed).
3. The slot file is rewritten once more with only the new key.

Opening a vault tries the named key first, then the other (`connect_first`), and `recover`
finishes whatever step a crash interrupted: after step 1 it re-encrypts (roll forward), after
step 2 it checkpoints the WAL into the file and drops the old key, and if the database lists a
removed person who still has a slot (a crash before step 1) it runs the whole rotation again.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from intake_app.domain.errors import PeopleNotUpgraded, VaultDamaged
from intake_app.store import connection
from intake_app.store.keyslots import KeySlotFile, Unlocked, new_key_id, new_vault_key

# Called between the steps with the step's name. Only the crash tests set it (from a child
# process), to stop the process at an exact point; it is never set by the application.
step_hook: Callable[[str], None] | None = None


def _step(name: str) -> None:
    if step_hook is not None:
        step_hook(name)


def connect_first(path: Path, current_key_id: str, keys: dict[str, bytes]):
    """Open the database with whichever unwrapped key it is encrypted with, the named one first.

    Returns (connection, key id). A wrong key fails at SQLCipher's page HMAC and changes nothing.
    """
    failure: VaultDamaged | None = None
    for key_id in sorted(keys, key=lambda k: k != current_key_id):
        try:
            return connection.connect(path, keys[key_id], create=False), key_id
        except VaultDamaged as exc:
            failure = exc
    raise failure or VaultDamaged("no vault key")


def rekey_database(conn, key: bytes) -> None:
    """Re-encrypt every page under `key`; one transaction, so a crash keeps one key or the other."""
    # An empty WAL first: then every frame the rekey writes is under the new key alone.
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute(f"PRAGMA rekey = \"x'{key.hex()}'\"")
    _step("database_rekeyed")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()


def rotate(
    conn,
    keys_path: Path,
    slots: KeySlotFile,
    drop: set[str],
    public_keys: dict[str, bytes],
) -> bytes:
    """Drop these people's slots and move everyone else to a new vault key; returns the key."""
    kept = slots.person_ids() - drop
    if slots.legacy_person_ids() & kept:
        raise PeopleNotUpgraded()
    if kept - public_keys.keys():
        raise VaultDamaged("a remaining person has no public key in the vault")
    if not kept:
        raise VaultDamaged("nobody would be left with a key")
    new_key, key_id = new_vault_key(), new_key_id()
    for person_id in drop:
        slots.drop_person(person_id)
    for person_id in kept:
        slots.seal_for(person_id, public_keys[person_id], key_id, new_key)
    slots.key_id = key_id
    _step("before_slots_written")
    slots.write(keys_path)
    _step("slots_written")
    rekey_database(conn, new_key)
    slots.keep_only(key_id)
    slots.write(keys_path)
    _step("finished")
    return new_key


def recover(
    conn,
    keys_path: Path,
    slots: KeySlotFile,
    unlocked: Unlocked,
    working_key_id: str,
    removed: set[str],
    public_keys: dict[str, bytes],
) -> bytes:
    """Finish an interrupted rekey (see the module docstring); returns the vault key in use."""
    key = unlocked.keys[working_key_id]
    if working_key_id != slots.key_id:
        target = unlocked.keys.get(slots.key_id)
        if target is None:
            raise VaultDamaged("the key-slot file names a key this slot does not hold")
        rekey_database(conn, target)
        key, working_key_id = target, slots.key_id
    if slots.key_ids() != {working_key_id}:
        # The database took the new key, but a crash may have come before the checkpoint:
        # finish it, so the file itself (not only the WAL) is under the one key that remains.
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        slots.keep_only(working_key_id)
        slots.write(keys_path)
    stale = slots.person_ids() & removed
    if stale:
        try:
            key = rotate(conn, keys_path, slots, stale, public_keys)
        except PeopleNotUpgraded:
            # Cannot happen after remove_person's own check; never lock everyone out for it.
            for person_id in stale:
                slots.drop_person(person_id)
            slots.write(keys_path)
    return key
