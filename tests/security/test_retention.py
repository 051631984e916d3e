"""Retention: a deleted case is erased from the vault file itself (checked by decrypting every page
with the vault key), and closed cases past the clinic's period are purged by an admin, audited
as a count."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from intake_app.domain.errors import NotPermitted
from intake_app.session import Session
from intake_app.store import Vault, insecure_test_kdf
from tests.evidence.conftest import pdf_bytes
from tests.security._support import PASSPHRASE, Canaries, case_answers

PAGE, RESERVE, SALT = 4096, 80, 16  # SQLCipher 4 defaults: IV (16) + HMAC-SHA512 (64) per page


def decrypted_pages(path: Path, key: bytes) -> list[bytes]:
    """Every page of a SQLCipher 4 file opened with a raw key, decrypted (AES-256-CBC).

    The tests' own reader, so that what SQLite considers free space is examined too: a
    deleted value that lingered on a free page would show here and nowhere else.
    """
    data = path.read_bytes()
    pages = []
    for offset in range(0, len(data) - PAGE + 1, PAGE):
        page = data[offset : offset + PAGE]
        start = SALT if offset == 0 else 0
        iv = page[PAGE - RESERVE : PAGE - RESERVE + 16]
        decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
        pages.append(decryptor.update(page[start : PAGE - RESERVE]) + decryptor.finalize())
    return pages


def _hits(pages: list[bytes], needles: list[str]) -> int:
    return sum(1 for page in pages for n in needles if n.encode("utf-8") in page)


def _vault_with_case(path: Path, canaries: Canaries) -> tuple[Vault, str]:
    vault = Vault.create(path, "Ana Admin", "admin", PASSPHRASE, insecure_test_kdf())
    vault.import_case("C-ERASE", "es", "humanitarian_release", 1, case_answers(canaries))
    pdf = pdf_bytes(2, marker=canaries.family_names.split()[-1])
    vault.add_document(
        {
            "id": "doc-erase",
            "case_id": "C-ERASE",
            "category": "identity",
            "kind": "pdf",
            "media_type": "application/pdf",
        },
        [pdf],
    )
    vault.import_case("C-KEEP", "es", "humanitarian_release", 1, {"q": "ordinary answer"})
    vault.checkpoint()
    return vault, "C-ERASE"


@pytest.mark.parametrize("secure_delete", [True, False], ids=["secure_delete", "control"])
def test_a_deleted_case_is_gone_from_the_decrypted_file(tmp_path: Path, secure_delete) -> None:
    canaries = Canaries.new()
    needles = [n for n in canaries.needles() if n.isascii() and len(n) > 10]
    vault, case_id = _vault_with_case(tmp_path / "v" / "amparo.vault", canaries)
    key = vault._vault_key
    try:
        assert vault.pragma("secure_delete") == 1
        before = _hits(decrypted_pages(vault.path, key), needles)
        assert before > 0, "the page reader must see the case before it is deleted"
        if not secure_delete:
            vault.conn.execute("PRAGMA secure_delete = OFF")  # the control: plain SQLite
        vault.delete_case(case_id)
        vault.checkpoint()
        after = _hits(decrypted_pages(vault.path, key), needles)
        wal = vault.path.with_name(vault.path.name + "-wal")
        wal_size = wal.stat().st_size if wal.exists() else 0
        assert vault.answers("C-KEEP") == {"q": "ordinary answer"}
    finally:
        vault.close()
    print(
        f"\n{'secure_delete' if secure_delete else 'control, secure_delete OFF'}: canary hits in "
        f"decrypted pages {before} before, {after} after deleting the case (WAL {wal_size} B)"
    )
    if secure_delete:
        assert after == 0 and wal_size == 0
    else:
        assert after > 0, "without secure_delete the values linger on free pages"


def test_closed_cases_past_the_period_are_purged_by_an_admin(tmp_path: Path) -> None:
    path = tmp_path / "v" / "amparo.vault"
    admin = Session(path, kdf=insecure_test_kdf(), sleep=lambda s: None)
    admin.create_vault("Ana Admin", "admin", PASSPHRASE)
    admin.people.add("Val Volunteer", "volunteer", "amber falcon whistle quarry thirty")
    cases = {}
    for status in ("intake", "attorney_review", "ready", "submitted", "decided", "decided"):
        case_id = admin.cases.create("es")
        admin.cases.save_answer(case_id, "detainee_family_names", f"Familia {status}")
        admin.cases.set_status(case_id, status)
        cases[case_id] = status
    now = dt.datetime.now(dt.UTC)
    assert admin.transfer.closed_cases_past_retention(30, now) == []
    later = now + dt.timedelta(days=400)
    assert admin.transfer.retention_days() == 365
    closed = sorted(c for c, s in cases.items() if s in ("submitted", "decided"))
    assert admin.transfer.closed_cases_past_retention(None, later) == closed
    admin.lock()
    volunteer = Session(path, kdf=insecure_test_kdf(), sleep=lambda s: None)
    volunteer.unlock("amber falcon whistle quarry thirty")
    with pytest.raises(NotPermitted):
        volunteer.transfer.purge_closed_cases(1, later)
    with pytest.raises(NotPermitted):
        volunteer.transfer.set_retention_days(10)
    volunteer.lock()
    admin.unlock(PASSPHRASE)
    admin.transfer.set_retention_days(500)
    assert admin.transfer.purge_closed_cases(None, later) == 0
    assert admin.transfer.purge_closed_cases(399, later) == 3
    left = {c.id: c.status for c in admin.cases.list()}
    assert left == {c: s for c, s in cases.items() if s not in ("submitted", "decided")}
    entry = admin.audit_log()[0]
    assert (entry.action, entry.detail, entry.case_id) == ("cases_purged", "3", None)
    assert not any("Familia" in str(e) for e in admin.audit_log())
    admin.lock()
    print(f"\nretention: {len(cases)} cases, 3 closed past 399 days purged, audit says '3'")
