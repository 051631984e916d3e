"""Truncated, altered, replayed, reordered, moved or forged change files: refused, no change."""

from __future__ import annotations

import shutil

import pytest

from intake_app.store import clinic_crypto as cc
from intake_app.store.clinic_files import seal_envelope
from tests.clinic.test_clinic_folder import _case_on, _share


def _two_files(clinic):
    """Cruz shares a case (file 1) and changes it (file 2); Beto has seen neither."""
    folder, _ana, beto, cruz = clinic
    case_id = _share(cruz, folder)
    cruz.session.cases.save_answer(case_id, "facility_name", "Broadview")
    cruz.sync(folder)
    token = cruz.session.vault().clinic.token(case_id)
    author = cruz.session.vault().clinic.member_id
    files = sorted((folder / "cases" / token / author).glob("*.seg"))
    assert [f.name for f in files] == ["00000001.seg", "00000002.seg"]
    return folder, beto, files


def _vault_rows(laptop) -> dict:
    conn = laptop.session.vault().conn
    return {
        table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        for table in ("cases", "answers", "clinic_applied", "shared_cases", "answer_versions")
    }


@pytest.mark.parametrize("damage", ["truncated", "flipped", "garbage", "empty"])
def test_a_damaged_first_file_is_refused_and_changes_nothing(clinic, damage):
    folder, beto, files = _two_files(clinic)
    data = files[0].read_bytes()
    spoiled = {
        "truncated": data[: len(data) // 2],
        "flipped": data.replace(b'"seq":1', b'"seq":2'),
        "garbage": b"\x00\xff" * 100,
        "empty": b"",
    }[damage]
    files[0].write_bytes(spoiled)
    before = _vault_rows(beto)
    report = beto.sync(folder)
    assert report.applied == 0 and len(report.refused) == 1
    name, reason = report.refused[0]
    assert name == "00000001.seg" and reason and "QUISPE" not in reason
    assert _vault_rows(beto) == before
    assert report.waiting == 0  # file 2 waits behind the refused one, unread


def test_a_byte_changed_inside_the_encrypted_part_fails_the_signature(clinic):
    folder, beto, files = _two_files(clinic)
    data = bytearray(files[1].read_bytes())
    where = data.index(b'"data":"') + 20
    data[where] = ord("A") if data[where] != ord("A") else ord("B")
    files[1].write_bytes(bytes(data))
    report = beto.sync(folder)
    assert report.applied == 1  # file 1 is sound
    assert report.refused == [("00000002.seg", "its signature does not verify (altered or forged)")]
    assert "facility_name" not in beto.session.cases.answers(_case_on(beto))


def test_files_arriving_out_of_order_wait_for_the_missing_one(clinic, tmp_path):
    folder, beto, files = _two_files(clinic)
    held = tmp_path / "held.seg"
    shutil.move(files[0], held)
    report = beto.sync(folder)
    assert (report.applied, report.waiting, report.refused) == (0, 1, [])
    shutil.move(held, files[0])
    report = beto.sync(folder)
    assert report.applied == 2
    assert beto.session.cases.answers(_case_on(beto))["facility_name"] == "Broadview"


def test_a_replayed_file_under_an_applied_number_is_refused(clinic):
    folder, beto, files = _two_files(clinic)
    beto.sync(folder)
    before = _vault_rows(beto)
    files[1].unlink()
    files[1].write_bytes(files[0].read_bytes())  # file 1 again, as number 2
    report = beto.sync(folder)
    assert report.applied == 0
    assert report.refused[0][1].startswith("a different file under a number already applied")
    assert _vault_rows(beto) == before


def test_a_file_moved_to_another_number_is_refused(clinic):
    folder, beto, files = _two_files(clinic)
    beto.sync(folder)
    third = files[1].with_name("00000003.seg")
    third.write_bytes(files[1].read_bytes())
    report = beto.sync(folder)
    assert report.refused == [("00000003.seg", "changes moved from another case, author or number")]


def test_a_file_forged_by_a_stranger_is_refused(clinic):
    folder, beto, files = _two_files(clinic)
    beto.sync(folder)
    envelope_body = {
        "clinic": "0" * 32,
        "case": files[0].parent.parent.name,
        "author": files[0].parent.name,
        "seq": 3,
        "epoch": 1,
        "nonce": cc.b64(b"\0" * 12),
        "data": cc.b64(b"\0" * 40),
    }
    stranger = cc.new_signing_key()
    forged = seal_envelope("changes", files[0].parent.name, stranger, envelope_body)
    files[0].with_name("00000003.seg").write_bytes(forged)
    report = beto.sync(folder)
    assert report.refused == [("00000003.seg", "its signature does not verify (altered or forged)")]


def test_a_forged_roster_is_refused_and_the_roster_stays(clinic):
    folder, ana, beto, _cruz = clinic
    from intake_app.store.clinic_files import roster_path

    latest = max((folder / "roster").glob("*.json"))
    version = int(latest.stem) + 1
    stranger = cc.new_signing_key()
    body = {
        "clinic": ana.session.clinic.clinic_id,
        "version": version,
        "previous": None,
        "members": [],
    }
    roster_path(folder, version).write_bytes(seal_envelope("roster", "f" * 32, stranger, body))
    report = beto.sync(folder)
    assert report.refused and report.refused[0][0] == f"{version:06d}.json"
    assert {m.name for m in beto.session.clinic.members()} == {"Ana", "beto", "cruz"}
