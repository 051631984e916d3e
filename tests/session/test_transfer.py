"""`session.transfer`: backups and restores, one-case bundles, and the retention purge."""

from __future__ import annotations

import datetime as dt

import pytest

from intake_app.domain.errors import NotPermitted
from intake_app.domain.outputs import OutputIsTheVault
from intake_app.session import Session
from intake_app.store import insecure_test_kdf
from tests.session.conftest import ADMIN_PASSPHRASE


def test_a_backup_restores_the_same_cases_elsewhere(admin, tmp_path):
    session, case_id = admin
    answers = session.cases.answers(case_id)
    assert session.transfer.backup_overdue()
    (tmp_path / "usb").mkdir()
    session.transfer.backup(tmp_path / "usb" / "office.amparo-backup")
    assert not session.transfer.backup_overdue()
    restored = tmp_path / "laptop" / "office.vault"
    session.transfer.restore_backup(
        tmp_path / "usb" / "office.amparo-backup", restored, ADMIN_PASSPHRASE
    )
    assert session.vault_path == restored and not session.is_unlocked
    session.unlock(ADMIN_PASSPHRASE)
    assert session.cases.answers(case_id) == answers


def test_a_bundle_moves_one_case_to_another_vault(admin, tmp_path):
    session, case_id = admin
    words, _report = session.transfer.export_bundle(case_id, tmp_path / "case.amparo-case")
    other = Session(tmp_path / "other.vault", kdf=insecure_test_kdf(), sleep=lambda _s: None)
    other.create_vault("Bea Admin", "admin", "orchard cobalt nineteen quiet rivers")
    report = other.transfer.import_bundle(tmp_path / "case.amparo-case", words)
    assert other.cases.answers(report.case_id) == session.cases.answers(case_id)
    other.lock()


def test_outputs_never_land_on_the_vault(admin):
    session, case_id = admin
    with pytest.raises(OutputIsTheVault):
        session.transfer.backup(session.vault_path)
    with pytest.raises(OutputIsTheVault):
        session.transfer.export_bundle(case_id, session.vault_path)


def test_closed_cases_past_the_period_are_purged_and_open_ones_kept(admin):
    session, case_id = admin
    kept = session.cases.create("es")
    session.cases.set_status(case_id, "decided")
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=400)
    assert session.transfer.closed_cases_past_retention(now=later) == [case_id]
    assert session.transfer.purge_closed_cases(now=later) == 1
    assert [c.id for c in session.cases.list()] == [kept]


def test_a_volunteer_neither_backs_up_nor_purges(session, tmp_path):
    with pytest.raises(NotPermitted):
        session.transfer.backup(tmp_path / "b.amparo-backup")
    with pytest.raises(NotPermitted):
        session.transfer.purge_closed_cases(1)
    assert not session.transfer.backup_overdue()
