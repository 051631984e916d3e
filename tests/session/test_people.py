"""`session.people`: admins add and remove people; each signs in with their own passphrase."""

from __future__ import annotations

import pytest

from intake_app.domain.errors import NotPermitted, PassphraseRejected, WrongPassphrase
from tests.session.conftest import ADMIN_PASSPHRASE

ATTORNEY = "harbor violet seven quiet lanterns"


def test_an_admin_adds_a_person_who_then_signs_in_with_their_own_passphrase(admin):
    session, _case_id = admin
    ada = session.people.add("  Ada Attorney ", "attorney", ATTORNEY)
    assert ada.display_name == "Ada Attorney"
    assert {p.display_name for p in session.people.list()} == {"Ana Admin", "Ada Attorney"}
    session.lock()
    assert session.unlock(ATTORNEY).role == "attorney"
    with pytest.raises(NotPermitted):
        session.people.list()
    session.lock()
    session.unlock(ADMIN_PASSPHRASE)


def test_a_weak_passphrase_or_a_blank_name_adds_nobody(admin):
    session, _case_id = admin
    with pytest.raises(PassphraseRejected):
        session.people.add("Bo", "volunteer", "password")
    with pytest.raises(ValueError):
        session.people.add("   ", "volunteer", ATTORNEY)
    assert len(session.people.list()) == 1


def test_a_removed_person_opens_nothing_and_stays_in_the_record(admin):
    session, _case_id = admin
    ada = session.people.add("Ada Attorney", "attorney", ATTORNEY)
    session.people.remove(ada.id)
    assert [p.display_name for p in session.people.list()] == ["Ana Admin"]
    removed = [p for p in session.people.list(include_removed=True) if not p.active]
    assert [p.display_name for p in removed] == ["Ada Attorney"]
    session.lock()
    with pytest.raises(WrongPassphrase):
        session.unlock(ATTORNEY)
