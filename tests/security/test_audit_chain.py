"""The audit log is a hash chain: an edited or removed entry shows in the viewer and self-test."""

from __future__ import annotations

import pytest

from intake_app.session import Session
from intake_app.store import insecure_test_kdf
from intake_app.store.repositories import transaction

PASSPHRASE = "orchard cobalt lantern nineteen rivers"


@pytest.fixture
def session(tmp_path):
    s = Session(tmp_path / "a.vault", kdf=insecure_test_kdf(), sleep=lambda _s: None)
    s.create_vault("Ana Admin", "admin", PASSPHRASE)
    for _ in range(3):
        s.cases.open(s.cases.create("es"))
    yield s
    s.lock()


def _ids(session) -> list[int]:
    return [r[0] for r in session.vault().conn.execute("SELECT id FROM audit_log ORDER BY id")]


def test_a_sound_log_chains(session):
    assert len(_ids(session)) >= 4 and session.audit_problems() == []


@pytest.mark.parametrize(
    "attack",
    ["action edited", "person changed", "time moved", "entry deleted", "link erased"],
)
def test_a_quiet_edit_breaks_the_chain_where_it_was_made(session, attack):
    conn = session.vault().conn
    ids = _ids(session)
    middle = ids[len(ids) // 2]
    statements = {
        "action edited": "UPDATE audit_log SET action = 'case_opened' WHERE id = ?",
        "person changed": "UPDATE audit_log SET person_id = 'someone-else' WHERE id = ?",
        "time moved": "UPDATE audit_log SET at = '2020-01-01T00:00:00Z' WHERE id = ?",
        "entry deleted": "DELETE FROM audit_log WHERE id = ?",
        "link erased": "UPDATE audit_log SET chain = NULL WHERE id = ?",
    }
    with transaction(conn):
        conn.execute(statements[attack], (middle,))
    broken = session.audit_problems()
    expected = middle + 1 if attack == "entry deleted" else middle
    assert expected in broken, (attack, broken)
    # New entries keep being written after the break; the break stays reported.
    session.cases.create("es")
    assert expected in session.audit_problems()


def test_an_imported_bundle_continues_the_chain(session, tmp_path):
    case_id = session.cases.create("es")
    session.cases.save_answer(case_id, "detainee_family_names", "QUISPE")
    words, _report = session.transfer.export_bundle(case_id, tmp_path / "c.amparo-case")
    other = Session(tmp_path / "b.vault", kdf=insecure_test_kdf(), sleep=lambda _s: None)
    other.create_vault("Bea Admin", "admin", PASSPHRASE)
    other.transfer.import_bundle(tmp_path / "c.amparo-case", words)
    assert other.audit_problems() == []
    other.lock()


def test_the_audit_viewer_says_when_the_chain_breaks(qtbot, session):
    from intake_app.ui.audit_dialog import AuditDialog

    dialog = AuditDialog(session)
    qtbot.addWidget(dialog)
    assert dialog.broken.text() == ""
    conn = session.vault().conn
    with transaction(conn):
        conn.execute("DELETE FROM audit_log WHERE id = ?", (_ids(session)[1],))
    dialog.refresh()
    assert "tampered with" in dialog.broken.text()
