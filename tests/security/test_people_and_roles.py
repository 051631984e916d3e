"""People and roles: one passphrase (one key slot) each, one permissions table, and removal that
re-encrypts the vault so a removed passphrase opens nothing, not even with the old key file."""

from __future__ import annotations

import base64
import json
import shutil
from pathlib import Path

import pytest

from intake_app.domain import permissions
from intake_app.domain.errors import (
    NotPermitted,
    PeopleNotUpgraded,
    VaultDamaged,
    WrongPassphrase,
)
from intake_app.session import Session
from intake_app.store import Vault, connection, insecure_test_kdf, keyslot_path
from intake_app.store.keyslots import KIND_LEGACY, KeySlot, KeySlotFile
from tests.conftest import write_every_point
from tests.security._support import OTHER_PASSPHRASE, PASSPHRASE

VOLUNTEER = "amber falcon whistle quarry thirty"
ATTORNEY = "violet canyon ledger marble ninety"
REPRESENTATIVE = "silver tundra beacon orchid seven"


@pytest.fixture
def clinic(tmp_path: Path) -> dict:
    """A vault with an admin, a volunteer, an attorney and an accredited representative."""
    path = tmp_path / "clinic" / "amparo.vault"
    admin = Session(path, kdf=insecure_test_kdf(), sleep=lambda s: None)
    admin.create_vault("Ana Admin", "admin", PASSPHRASE)
    ids = {
        "volunteer": admin.people.add("Val Volunteer", "volunteer", VOLUNTEER).id,
        "attorney": admin.people.add("Ada Attorney", "attorney", ATTORNEY).id,
        "representative": admin.people.add(
            "Rey Representative", "attorney", REPRESENTATIVE, "accredited_representative"
        ).id,
    }
    case_id = admin.cases.create("es")
    admin.cases.save_answer(case_id, "detainee_family_names", "Quispe")
    admin.lock()
    return {"path": path, "ids": ids, "case": case_id}


def _as(clinic: dict, passphrase: str) -> Session:
    session = Session(clinic["path"], kdf=insecure_test_kdf(), sleep=lambda s: None)
    session.unlock(passphrase)
    return session


def test_the_permissions_table_is_the_one_the_issue_describes() -> None:
    table = permissions.PERMISSIONS
    assert table["volunteer"] == {permissions.INTERVIEW, permissions.ATTACH}
    assert table["volunteer"] < table["attorney"] < table["admin"]
    for counsel_only in (permissions.REVIEW_PACKET, permissions.EXPORT_PACKET):
        assert not permissions.allowed("volunteer", counsel_only)
        assert permissions.allowed("attorney", counsel_only)
    for admin_only in (
        permissions.MANAGE_PEOPLE,
        permissions.BACKUP,
        permissions.PURGE,
        permissions.VIEW_AUDIT_LOG,
        permissions.MANAGE_SETTINGS,
    ):
        assert permissions.allowed("admin", admin_only)
        assert not permissions.allowed("attorney", admin_only)
    with pytest.raises(ValueError):
        permissions.allowed("admin", "launch_rockets")


def test_a_volunteer_cannot_sign_off_a_packet_and_counsel_can(clinic: dict) -> None:
    tried = 0
    volunteer = _as(clinic, VOLUNTEER)
    for action in (
        lambda s: s.packets.mark_reviewed(clinic["case"]),
        lambda s: s.packets.choose_legal_bases(clinic["case"], []),
        lambda s: s.packets.set_paragraph_override(clinic["case"], "intro", "x"),
        lambda s: s.people.add("Eve", "admin", "a very long passphrase indeed"),
        lambda s: s.audit_log(),
        lambda s: s.transfer.backup(clinic["path"].with_name("b.amparo-backup")),
        lambda s: s.transfer.purge_closed_cases(1),
        lambda s: s.transfer.export_bundle(clinic["case"], clinic["path"].with_name("c.bundle")),
    ):
        with pytest.raises(NotPermitted):
            action(volunteer)
        tried += 1
    assert volunteer.packets.review_state(clinic["case"]) is None
    volunteer.lock()
    for passphrase in (ATTORNEY, REPRESENTATIVE, PASSPHRASE):
        counsel = _as(clinic, passphrase)
        write_every_point(counsel, clinic["case"])
        counsel.packets.mark_reviewed(clinic["case"])
        assert counsel.packets.review_state(clinic["case"])["by"] == counsel.person.display_name
        counsel.lock()
    print(f"\nroles: {tried} actions refused to a volunteer; 3 kinds of counsel signed off")


def test_adding_a_person_needs_an_admin_and_gives_them_their_own_passphrase(clinic) -> None:
    attorney = _as(clinic, ATTORNEY)
    with pytest.raises(NotPermitted):
        attorney.people.add("Eve", "volunteer", "eleven lemon rivers quietly hum")
    assert attorney.person.title == ""
    attorney.lock()
    rep = _as(clinic, REPRESENTATIVE)
    assert (rep.person.role, rep.person.title) == ("attorney", "accredited_representative")
    rep.lock()
    slots = json.loads(keyslot_path(clinic["path"]).read_text())["slots"]
    assert len({s["person_id"] for s in slots}) == 4 == len(slots)


def test_a_removed_persons_passphrase_opens_nothing(clinic: dict, tmp_path: Path) -> None:
    keys = keyslot_path(clinic["path"])
    old_keys = tmp_path / "kept-by-the-volunteer.keys"
    shutil.copy(keys, old_keys)
    admin = _as(clinic, PASSPHRASE)
    admin.people.remove(clinic["ids"]["volunteer"])
    names = {p.display_name for p in admin.people.list()}
    assert "Val Volunteer" not in names
    removed = [p for p in admin.people.list(include_removed=True) if not p.active]
    assert [p.display_name for p in removed] == ["Val Volunteer"]
    entries = admin.audit_log()
    removal = next(e for e in entries if e.action == "person_removed")
    assert (removal.person_name, removal.subject_name) == ("Ana Admin", "Val Volunteer")
    assert entries[0].action == "vault_rekeyed"
    assert all(e.person_name for e in entries), "every entry names who did it"
    admin.lock()

    with pytest.raises(WrongPassphrase):
        _as(clinic, VOLUNTEER)
    # Even the key file as it was before the removal, kept aside: the key it unwraps is gone.
    current = keys.read_bytes()
    keys.write_bytes(old_keys.read_bytes())
    with pytest.raises(VaultDamaged):
        Vault.open(clinic["path"], VOLUNTEER)
    keys.write_bytes(current)
    doc = json.loads(current)
    assert len({k["key_id"] for s in doc["slots"] for k in s["vault_keys"]}) == 1
    for passphrase in (PASSPHRASE, ATTORNEY, REPRESENTATIVE):
        session = _as(clinic, passphrase)
        assert session.cases.answers(clinic["case"])["detainee_family_names"] == "Quispe"
        session.lock()
    vault = Vault.open(clinic["path"], PASSPHRASE)
    try:
        assert vault.integrity_problems() == []
    finally:
        vault.close()


def test_the_last_admin_stays_and_nobody_removes_themselves(clinic: dict) -> None:
    admin = _as(clinic, PASSPHRASE)
    with pytest.raises(NotPermitted):
        admin.people.remove(admin.person.id)
    second = admin.people.add("Bo Admin", "admin", OTHER_PASSPHRASE)
    admin.lock()
    other = _as(clinic, OTHER_PASSPHRASE)
    other.people.remove(_as_id(other, "Ana Admin"))
    with pytest.raises(NotPermitted):
        other.people.remove(second.id)
    other.lock()
    # Below the session's permission check, the store refuses anyone the signed membership
    # does not list as an admin (and would keep one administrator besides).
    vault = Vault.open(clinic["path"], ATTORNEY)
    try:
        with pytest.raises(NotPermitted):
            vault.remove_person(second.id)
    finally:
        vault.close()


def _as_id(session: Session, name: str) -> str:
    return next(p.id for p in session.people.list() if p.display_name == name)


def test_changing_a_passphrase_keeps_access_without_re_encrypting(clinic: dict) -> None:
    before = clinic["path"].read_bytes()
    attorney = _as(clinic, ATTORNEY)
    attorney.change_passphrase(ATTORNEY, "new copper lantern for ada nine")
    attorney.lock()
    with pytest.raises(WrongPassphrase):
        _as(clinic, ATTORNEY)
    _as(clinic, "new copper lantern for ada nine").lock()
    # Same vault key: the first page (salt and the encrypted header) did not change.
    assert clinic["path"].read_bytes()[:4096] == before[:4096]


def _downgrade_to_version_1(path: Path, vault_key: bytes, people: dict[str, str]) -> None:
    """Rewrite the key file as version 1 wrote it: each slot wraps the vault key itself."""
    current = KeySlotFile.read(keyslot_path(path))
    legacy = KeySlotFile(vault_id=current.vault_id, slots=[])
    for person_id, passphrase in people.items():
        legacy.set_slot(person_id, passphrase, insecure_test_kdf(), b"\0" * 32, {}, None)
        slot = legacy.slots[-1]
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        from intake_app.store.kdf import derive_key

        old = KeySlot(slot.slot_id, person_id, slot.params, slot.salt, slot.nonce, b"", KIND_LEGACY)
        wrapped = AESGCM(derive_key(passphrase, slot.salt, slot.params)).encrypt(
            slot.nonce, vault_key, old.aad(current.vault_id)
        )
        legacy.slots[-1] = KeySlot(
            slot.slot_id, person_id, slot.params, slot.salt, slot.nonce, wrapped, KIND_LEGACY
        )
    doc = {
        "format": "amparo-keyslots",
        "version": 1,
        "vault_id": current.vault_id,
        "slots": [
            {
                "slot_id": s.slot_id,
                "person_id": s.person_id,
                "kdf": s.params.as_dict(),
                "salt": base64.b64encode(s.salt).decode(),
                "nonce": base64.b64encode(s.nonce).decode(),
                "wrapped_key": base64.b64encode(s.wrapped).decode(),
            }
            for s in legacy.slots
        ],
    }
    keyslot_path(path).write_text(json.dumps(doc))
    # Version 1 had no signed membership either: the first admin to unlock signs it.
    conn = connection.connect(path, vault_key, create=False)
    conn.execute("DELETE FROM membership")
    conn.execute("UPDATE people SET public_key = NULL")
    conn.close()


def test_a_version_1_key_file_still_opens_and_is_upgraded_person_by_person(tmp_path) -> None:
    path = tmp_path / "old" / "amparo.vault"
    vault = Vault.create(path, "Ana Admin", "admin", PASSPHRASE, insecure_test_kdf())
    bea = vault.add_person("Bea", "volunteer", VOLUNTEER, insecure_test_kdf())
    key = vault._vault_key
    vault.close()
    _downgrade_to_version_1(path, key, {vault.person.id: PASSPHRASE, bea.id: VOLUNTEER})
    assert json.loads(keyslot_path(path).read_text())["version"] == 1
    admin = Vault.open(path, PASSPHRASE)  # opens, and seals a fresh slot for Ana
    try:
        cy = admin.add_person("Cy", "volunteer", ATTORNEY, insecure_test_kdf())
        with pytest.raises(PeopleNotUpgraded):
            admin.remove_person(cy.id)
    finally:
        admin.close()
    Vault.open(path, VOLUNTEER).close()  # Bea signs in once: her slot is upgraded too
    admin = Vault.open(path, PASSPHRASE)
    try:
        assert admin.membership_problems() == []
        assert set(admin.roster.seal_keys()) == {admin.person.id, bea.id, cy.id}
        admin.remove_person(bea.id)
    finally:
        admin.close()
    with pytest.raises(WrongPassphrase):
        Vault.open(path, VOLUNTEER)
    doc = json.loads(keyslot_path(path).read_text())
    assert doc["version"] == 2 and {s["kind"] for s in doc["slots"]} == {"x25519"}
