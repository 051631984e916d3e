"""Counsel's packet state for a case lives in typed tables that go with the case, and a vault
from before them moves its old setting into them on first opening."""

from __future__ import annotations

import json

from intake_app.session import Session
from intake_app.store import insecure_test_kdf

PASSPHRASE = "quiet orchard lantern nineteen"


def _session(tmp_path) -> Session:
    s = Session(tmp_path / "amparo.vault", kdf=insecure_test_kdf(), sleep=lambda _s: None)
    s.create_vault("Ada Attorney", "attorney", PASSPHRASE)
    return s


def _rows(session: Session, table: str, case_id: str) -> int:
    conn = session.vault().conn
    return conn.execute(f"SELECT count(*) FROM {table} WHERE case_id = ?", (case_id,)).fetchone()[0]


def test_the_state_round_trips_and_goes_with_its_case_in_one_transaction(tmp_path):
    s = _session(tmp_path)
    case_id = s.cases.create("es")
    s.packets.set_paragraph_override(case_id, "cover_letter.summary", "Counsel's own words.")
    s.packets.choose_legal_bases(case_id, ["release_236a"])
    s.packets.choose_roads(case_id, ["bond_motion"])
    s.packets.set_pro_se(case_id, True)
    assert s.packets.paragraph_overrides(case_id) == {
        "cover_letter.summary": "Counsel's own words."
    }
    inputs = s.packets.inputs(case_id)
    assert inputs.legal_bases == ("release_236a",) and inputs.roads == ("bond_motion",)
    assert inputs.pro_se
    conn = s.vault().conn
    cascades = {
        table: {row[2]: row[6] for row in conn.execute(f"PRAGMA foreign_key_list({table})")}
        for table in ("packet_state", "paragraph_overrides")
    }
    assert all(fks["cases"] == "CASCADE" for fks in cascades.values())
    s.cases.delete(case_id)
    assert _rows(s, "packet_state", case_id) == 0
    assert _rows(s, "paragraph_overrides", case_id) == 0
    s.lock()


def test_a_vault_from_before_the_tables_moves_its_setting_into_them(tmp_path):
    s = _session(tmp_path)
    case_id = s.cases.create("es")
    person_id = s.person.id
    conn = s.vault().conn
    old_state = {
        "legal_bases": ["release_236a"],
        "overrides": {"cover_letter.summary": "Written before the upgrade."},
        "pro_se": False,
        "relief": [],
        "review": {
            "by": "Ada Attorney",
            "person_id": person_id,
            "at": "2026-03-04T10:00:00+00:00",
            "fingerprint": "abc",
        },
    }
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("DROP TABLE paragraph_overrides")
    conn.execute("DROP TABLE packet_state")
    # What later versions added goes too: the vault is as version 3 left it.
    for table in [
        "clinic_identity",
        "clinic_members",
        "clinic_roster",
        "shared_cases",
        "case_keys",
        "answer_versions",
        "clinic_outbox",
        "clinic_published",
        "clinic_applied",
        "clinic_conflicts",
        "clinic_incoming_documents",
        "clinic_incoming_chunks",
        "membership",
        "answer_drafts",
    ]:
        conn.execute(f"DROP TABLE {table}")
    conn.execute("ALTER TABLE audit_log DROP COLUMN chain")
    conn.execute(
        "INSERT INTO settings (key, value_json) VALUES (?, ?)",
        (f"case.{case_id}.packet", json.dumps(old_state)),
    )
    conn.execute("PRAGMA user_version = 3")
    conn.execute("COMMIT")
    s.lock()
    s.unlock(PASSPHRASE)
    assert s.packets.paragraph_overrides(case_id) == {
        "cover_letter.summary": "Written before the upgrade."
    }
    assert s.packets.inputs(case_id).legal_bases == ("release_236a",)
    state = s.vault().packet_state(case_id)
    assert state["review"]["person_id"] == person_id and state["review"]["fingerprint"] == "abc"
    conn = s.vault().conn
    assert conn.execute("SELECT count(*) FROM settings WHERE key LIKE 'case.%'").fetchone()[0] == 0
    s.lock()
