"""A full or read-only disk under the vault is named as such, never as a damaged vault (#22)."""

from __future__ import annotations

import pytest

from intake_app.domain.errors import VaultDamaged, VaultDiskFull, VaultReadOnly
from intake_app.session import Session
from intake_app.store import insecure_test_kdf

PASSPHRASE = "lantern orchard cobalt ninety rivers"


@pytest.fixture
def session(tmp_path):
    s = Session(tmp_path / "v.vault", kdf=insecure_test_kdf(), sleep=lambda _s: None)
    s.create_vault("Ana", "admin", PASSPHRASE)
    yield s
    s.lock()


def test_a_full_disk_says_so_and_keeps_what_was_saved(session):
    case_id = session.cases.create("es")
    session.cases.save_answer(case_id, "detainee_family_names", "QUISPE")
    conn = session.vault().conn
    (pages,) = conn.execute("PRAGMA page_count").fetchone()
    # SQLite's own way to make the disk "full" here: no page beyond those it has.
    conn.execute(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(VaultDiskFull) as full:
        for n in range(200):
            session.cases.save_answer(case_id, "interviewee_name", "ñ" * 4000 + str(n))
    assert not isinstance(full.value, VaultDamaged)
    assert "disk is full" in full.value.user_message
    assert session.cases.answers(case_id)["detainee_family_names"] == "QUISPE"
    conn.execute("PRAGMA max_page_count = 1073741823")
    assert session.integrity_problems() == []


def test_a_read_only_disk_says_so(session):
    case_id = session.cases.create("es")
    session.vault().conn.execute("PRAGMA query_only = ON")  # as a locked stick would refuse
    with pytest.raises(VaultReadOnly):
        session.cases.save_answer(case_id, "detainee_family_names", "QUISPE")
    session.vault().conn.execute("PRAGMA query_only = OFF")
    session.cases.save_answer(case_id, "detainee_family_names", "QUISPE")
