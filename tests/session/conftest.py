"""The session's shared fixture: a fresh vault, unlocked by a volunteer."""

from __future__ import annotations

from pathlib import Path

import pytest

from intake_app.session import Session
from intake_app.store import insecure_test_kdf

PASSPHRASE = "quiet orchard lantern nineteen"


@pytest.fixture
def session(tmp_path):
    s = Session(tmp_path / "clinic.vault", kdf=insecure_test_kdf())
    s.create_vault("Rosa Volunteer", "volunteer", PASSPHRASE)
    yield s
    s.lock()


PERSONA = (
    Path(__file__).resolve().parent.parent / "personas" / "chicago_father_daughter_leukemia.json"
)
ADMIN_PASSPHRASE = "cobalt meadow lantern river ninety"


@pytest.fixture
def admin(tmp_path):
    """An admin's session with the Chicago persona imported: (session, case id)."""
    s = Session(tmp_path / "office.vault", kdf=insecure_test_kdf(), sleep=lambda _s: None)
    s.create_vault("Ana Admin", "admin", ADMIN_PASSPHRASE)
    case_id = s.cases.import_file(PERSONA)
    yield s, case_id
    s.lock()
