"""Insider attacks on membership, replayed: a member who holds the vault key edits the database
and the key-slot file directly. Roles and keys come from the signed membership, so each edit is
refused or reported, the removed person opens nothing written after removal, and every member
an admin signed still unlocks."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from intake_app.domain.errors import NotAMember, NotPermitted, VaultDamaged, WrongPassphrase
from intake_app.session import Session
from intake_app.store import Vault, connection, insecure_test_kdf, keyslot_path, membership
from intake_app.store.keyslots import KeySlotFile, _seal_aad
from intake_app.store.sealing import unseal
from tests.security._support import PASSPHRASE, run_cli

VOLUNTEER = "amber falcon whistle quarry thirty"
ATTORNEY = "violet canyon ledger marble ninety"
PHANTOM = "quiet orchard ember lantern sixty"
WRITTEN_AFTER = "Written after the volunteer left"


@pytest.fixture
def clinic(tmp_path: Path) -> dict:
    path = tmp_path / "clinic" / "amparo.vault"
    admin = Session(path, kdf=insecure_test_kdf(), sleep=lambda s: None)
    admin.create_vault("Ana Admin", "admin", PASSPHRASE)
    ids = {
        "admin": admin.person.id,
        "volunteer": admin.people.add("Val Volunteer", "volunteer", VOLUNTEER).id,
        "attorney": admin.people.add("Ada Attorney", "attorney", ATTORNEY).id,
    }
    admin.cases.create("es")
    admin.lock()
    return {"path": path, "ids": ids}


def _session(clinic: dict, passphrase: str) -> Session:
    session = Session(clinic["path"], kdf=insecure_test_kdf(), sleep=lambda s: None)
    session.unlock(passphrase)
    return session


def _as_insider(clinic: dict, edit) -> dict:
    """The volunteer unlocks and edits what the app would never let them; returns their keys."""
    vault = Vault.open(clinic["path"], VOLUNTEER)
    try:
        stolen = {"private": vault._seal_private, "vault_key": vault._vault_key}
        edit(vault)
    finally:
        vault.close()
    return stolen


def _everyone_still_unlocks(clinic: dict, expect: dict[str, str]) -> None:
    for passphrase, role in expect.items():
        session = _session(clinic, passphrase)
        assert session.person.role == role
        session.lock()


def _remove_volunteer_and_write_after(clinic: dict) -> str:
    admin = _session(clinic, PASSPHRASE)
    admin.people.remove(clinic["ids"]["volunteer"])
    case_id = admin.cases.create("en")
    admin.cases.save_answer(case_id, "detainee_family_names", WRITTEN_AFTER)
    admin.lock()
    return case_id


def _removed_opens_nothing(clinic: dict, stolen: dict) -> None:
    """With every key they once held, the removed volunteer opens nothing written after."""
    for passphrase in (VOLUNTEER, PHANTOM):
        with pytest.raises((WrongPassphrase, NotAMember)):
            Vault.open(clinic["path"], passphrase)
    slots = KeySlotFile.read(keyslot_path(clinic["path"]))
    opened = 0
    for slot in slots.slots:
        for entry in slot.sealed:
            aad = _seal_aad(slots.vault_id, entry.key_id, slot.person_id)
            try:
                unseal(stolen["private"], entry.epk, entry.nonce, entry.sealed, aad)
                opened += 1
            except Exception:
                pass
    assert opened == 0
    with pytest.raises(VaultDamaged):
        connection.connect(clinic["path"], stolen["vault_key"], create=False)
    assert WRITTEN_AFTER.encode() not in clinic["path"].read_bytes()


def test_a_role_edited_in_the_table_grants_nothing_and_is_reported(clinic: dict) -> None:
    volunteer_id = clinic["ids"]["volunteer"]

    def promote(vault: Vault) -> None:
        vault.conn.execute("UPDATE people SET role = 'admin' WHERE id = ?", (volunteer_id,))

    _as_insider(clinic, promote)
    val = _session(clinic, VOLUNTEER)
    assert val.person.role == "volunteer"
    with pytest.raises(NotPermitted):
        val.people.list()
    val.lock()
    admin = _session(clinic, PASSPHRASE)
    problems = admin.people.problems()
    assert [(p.kind, p.person_id) for p in problems] == [(membership.ALTERED, volunteer_id)]
    assert "Val Volunteer" in admin.people.describe_problems()[0]
    roles = {p.id: p.role for p in admin.people.list()}
    assert roles[volunteer_id] == "volunteer"
    admin.lock()
    _everyone_still_unlocks(
        clinic, {PASSPHRASE: "admin", VOLUNTEER: "volunteer", ATTORNEY: "attorney"}
    )
    print("\nrole edit: the volunteer stays a volunteer; 1 altered row named to the admin")


def test_a_phantom_admin_before_a_removal_gets_no_key(clinic: dict) -> None:
    phantom_id = "phantom000000001"

    def add_phantom(vault: Vault) -> None:
        public = vault.table_public_keys()[vault.person.id]
        vault.conn.execute(
            "INSERT INTO people (id, display_name, role, title, created_at, public_key) "
            "VALUES (?, 'Ana Admin', 'admin', '', '2026-01-01', ?)",
            (phantom_id, __import__("base64").b64encode(public).decode()),
        )
        slots = KeySlotFile.read(vault.keys_path)
        slots.set_slot(
            phantom_id,
            PHANTOM,
            insecure_test_kdf(),
            vault._seal_private,
            {slots.key_id: vault._vault_key},
            vault._root,
        )
        slots.write(vault.keys_path)

    stolen = _as_insider(clinic, add_phantom)
    with pytest.raises(NotAMember):
        Vault.open(clinic["path"], PHANTOM)
    admin = _session(clinic, PASSPHRASE)
    assert (membership.UNSIGNED, phantom_id) in [
        (p.kind, p.person_id) for p in admin.people.problems()
    ]
    assert phantom_id not in {p.id for p in admin.people.list()}
    admin.lock()
    _remove_volunteer_and_write_after(clinic)
    _removed_opens_nothing(clinic, stolen)
    slots = KeySlotFile.read(keyslot_path(clinic["path"]))
    assert phantom_id not in slots.person_ids()
    _everyone_still_unlocks(clinic, {PASSPHRASE: "admin", ATTORNEY: "attorney"})
    print("\nphantom admin: refused at unlock, named, its slot dropped at the rekey")


def test_an_altered_public_key_is_never_sealed_to(clinic: dict) -> None:
    attorney_id = clinic["ids"]["attorney"]

    def swap_key(vault: Vault) -> None:
        own = vault.conn.execute(
            "SELECT public_key FROM people WHERE id = ?", (vault.person.id,)
        ).fetchone()[0]
        vault.conn.execute("UPDATE people SET public_key = ? WHERE id = ?", (own, attorney_id))

    stolen = _as_insider(clinic, swap_key)
    admin = _session(clinic, PASSPHRASE)
    assert (membership.ALTERED, attorney_id) in [
        (p.kind, p.person_id) for p in admin.people.problems()
    ]
    admin.lock()
    case_id = _remove_volunteer_and_write_after(clinic)
    _removed_opens_nothing(clinic, stolen)
    ada = _session(clinic, ATTORNEY)
    assert ada.cases.answers(case_id)["detainee_family_names"] == WRITTEN_AFTER
    ada.lock()
    _everyone_still_unlocks(clinic, {PASSPHRASE: "admin", ATTORNEY: "attorney"})
    print("\naltered public key: the new key sealed to the signed key; the attorney unlocks")


def test_a_forged_or_edited_membership_entry_is_skipped_and_named(clinic: dict) -> None:
    volunteer_id = clinic["ids"]["volunteer"]

    def forge(vault: Vault) -> None:
        me = vault.roster.members[volunteer_id]
        from dataclasses import replace

        # Signed with the volunteer's own key: not an admin's, so it does not count.
        membership.append(vault.conn, volunteer_id, vault._seal_private, replace(me, role="admin"))
        # And an admin's entry edited in place: its signature no longer holds.
        seq, body = vault.conn.execute(
            "SELECT seq, entry FROM membership WHERE entry LIKE '%Ada Attorney%'"
        ).fetchone()
        edited = json.loads(body)
        edited["member"]["name"] = "Ada (edited)"
        vault.conn.execute(
            "UPDATE membership SET entry = ? WHERE seq = ?", (json.dumps(edited), seq)
        )

    _as_insider(clinic, forge)
    val = _session(clinic, VOLUNTEER)
    assert val.person.role == "volunteer"
    val.lock()
    admin = _session(clinic, PASSPHRASE)
    kinds = sorted(p.kind for p in admin.people.problems())
    assert kinds.count(membership.BAD_ENTRY) == 2
    assert any("Val Volunteer" in line for line in admin.people.describe_problems())
    admin.lock()
    print(f"\nforged entries: {kinds.count(membership.BAD_ENTRY)} skipped and named")


def test_a_deleted_audit_entry_is_reported(clinic: dict) -> None:
    def delete_one(vault: Vault) -> None:
        vault.conn.execute("DELETE FROM audit_log WHERE action = 'person_added'")

    _as_insider(clinic, delete_one)
    admin = _session(clinic, PASSPHRASE)
    assert admin.audit_problems()
    admin.lock()


def test_a_slot_pinned_to_another_root_does_not_open(clinic: dict) -> None:
    """The creator's key is bound into each slot: editing the pin in the file breaks the slot."""
    path = keyslot_path(clinic["path"])
    doc = json.loads(path.read_text())
    for slot in doc["slots"]:
        slot["root"] = "A" * 43 + "="
    path.write_text(json.dumps(doc))
    with pytest.raises(WrongPassphrase):
        Vault.open(clinic["path"], PASSPHRASE)


def test_the_cli_names_an_edited_people_list(clinic: dict) -> None:
    volunteer_id = clinic["ids"]["volunteer"]

    def promote(vault: Vault) -> None:
        vault.conn.execute("UPDATE people SET role = 'admin' WHERE id = ?", (volunteer_id,))

    _as_insider(clinic, promote)
    env = {**os.environ, "AMPARO_INSECURE_TEST_KDF": "1", "LANGUAGE": "en"}
    listed = run_cli(
        ["--vault", str(clinic["path"]), "people", "list", "--passphrase-stdin"],
        stdin=PASSPHRASE + "\n",
        env=env,
    )
    assert listed.returncode == 0, listed.stderr
    assert "Val Volunteer" in listed.stderr and "differs from what an" in listed.stderr
    assert f"{volunteer_id}\tvolunteer\tVal Volunteer" in listed.stdout
    refused = run_cli(
        ["--vault", str(clinic["path"]), "people", "list", "--passphrase-stdin"],
        stdin=VOLUNTEER + "\n",
        env=env,
    )
    assert refused.returncode != 0 and "Traceback" not in refused.stderr
