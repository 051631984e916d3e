"""Moving a case: the encrypted bundle carries answers, documents, packet choices and the audit
trail to another vault; a wrong passphrase or any tampering is refused and imports nothing."""

from __future__ import annotations

import io
import json
import os
import random
import struct
from collections import Counter
from pathlib import Path

import pytest
from PIL import Image

from intake_app.domain.errors import BundleDamaged, NotABundle, NotPermitted
from intake_app.paths import resources_dir
from intake_app.session import Session
from intake_app.store import bundle_stream as stream
from intake_app.store import insecure_test_kdf
from intake_app.store.backup import vault_digests
from tests.conftest import write_every_point
from tests.evidence.conftest import pdf_bytes
from tests.security._support import (
    OTHER_PASSPHRASE,
    PASSPHRASE,
    Canaries,
    case_document,
    find_needles,
    stress,
    stress_seed,
)


def _session(path: Path) -> Session:
    return Session(path, kdf=insecure_test_kdf(), sleep=lambda s: None)


def _noise_png(path: Path, side: int) -> Path:
    rng = random.Random(side)
    pixels = bytes(rng.getrandbits(8) for _ in range(side * side * 3))
    out = io.BytesIO()
    Image.frombytes("RGB", (side, side), pixels).save(out, "PNG")
    path.write_bytes(out.getvalue())
    return path


@pytest.fixture
def two_vaults(tmp_path: Path) -> dict:
    canaries = Canaries.new()
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    case_file = downloads / "case.json"
    case_file.write_text(json.dumps(case_document(canaries), ensure_ascii=False), "utf-8")
    clinic = _session(tmp_path / "clinic" / "amparo.vault")
    clinic.create_vault(canaries.display_name, "admin", PASSPHRASE)
    case_id = clinic.cases.import_file(case_file)
    pdf = downloads / "letter.pdf"
    pdf.write_bytes(pdf_bytes(3, marker=canaries.family_names.split()[-1]))
    side = int(stress("AMPARO_STRESS_BUNDLE_KB", 1500) * 1000 / 3) ** 0.5
    clinic.documents.attach(case_id, pdf, category="identity")
    clinic.documents.attach(
        case_id, _noise_png(downloads / "photo.png", int(side)), category="children"
    )
    clinic.packets.set_paragraph_override(case_id, "intro", "Texto del abogado")
    write_every_point(clinic, case_id)
    clinic.packets.mark_reviewed(case_id)
    attorney = _session(tmp_path / "attorney" / "amparo.vault")
    attorney.create_vault("Ada Attorney", "admin", OTHER_PASSPHRASE)
    return {
        "canaries": canaries,
        "clinic": clinic,
        "attorney": attorney,
        "case": case_id,
        "usb": tmp_path / "usb",
    }


def _case_content(session: Session, case_id: str) -> dict:
    return {
        "answers": session.cases.answers(case_id),
        "documents": [
            (d.category, d.kind, d.size, d.sha256) for d in session.documents.list(case_id)
        ],
        "overrides": session.packets.paragraph_overrides(case_id),
    }


def test_a_bundle_moves_a_case_between_two_vaults(two_vaults: dict) -> None:
    clinic, attorney, case_id = two_vaults["clinic"], two_vaults["attorney"], two_vaults["case"]
    two_vaults["usb"].mkdir()
    out = two_vaults["usb"] / f"{case_id}.amparo-case"
    words, report = clinic.transfer.export_bundle(case_id, out)
    wordlist = set((resources_dir() / "wordlists" / "eff_large_wordlist.txt").read_text().split())
    assert len(words.split()) == 6 and set(words.split()) <= wordlist
    data = out.read_bytes()
    assert data.startswith(stream.MAGIC)
    assert find_needles(data, two_vaults["canaries"].needles()) == []
    assert clinic.audit_log(case_id)[0].action == "case_bundle_exported"

    imported = attorney.transfer.import_bundle(out, "  " + words.upper().replace(" ", "-") + " ")
    assert imported.case_id == case_id
    assert _case_content(attorney, case_id) == _case_content(clinic, case_id)
    for doc_a, doc_b in zip(
        clinic.documents.list(case_id), attorney.documents.list(case_id), strict=True
    ):
        assert clinic.documents.read(doc_a.id) == attorney.documents.read(doc_b.id)
    trail = attorney.audit_log(case_id)
    assert trail[0].action == "case_bundle_imported" and trail[0].person_name == "Ada Attorney"
    carried = {e.action: e.person_name for e in trail[1:]}
    assert carried["case_imported"] == two_vaults["canaries"].display_name
    assert carried["document_attached"] and carried["packet_reviewed"]
    people = attorney.people.list(include_removed=True)
    assert [p.display_name for p in people if not p.active] == [two_vaults["canaries"].display_name]
    print(
        f"\nbundle: {len(data) / 1e6:.2f} MB, rows {report.counts}, "
        f"{len(trail) - 1} audit entries carried; passphrase 6 words (~77 bits); 0 canary hits"
    )


def test_importing_twice_gives_a_new_case_and_new_document_ids(two_vaults: dict) -> None:
    clinic, case_id = two_vaults["clinic"], two_vaults["case"]
    two_vaults["usb"].mkdir()
    out = two_vaults["usb"] / "case.amparo-case"
    words, _report = clinic.transfer.export_bundle(case_id, out)
    again = clinic.transfer.import_bundle(out, words)  # into the vault it came from
    assert again.case_id != case_id and again.original_case_id == case_id
    assert _case_content(clinic, again.case_id) == _case_content(clinic, case_id)
    first = {d.id for d in clinic.documents.list(case_id)}
    second = {d.id for d in clinic.documents.list(again.case_id)}
    assert first and second and not first & second
    entry = clinic.audit_log(again.case_id)[0]
    assert (entry.action, entry.detail) == ("case_bundle_imported", case_id)


def _mutations(rng: random.Random, data: bytes, count: int) -> list[tuple[str, bytes]]:
    head = len(stream.MAGIC) + 4 + struct.unpack(">I", data[len(stream.MAGIC) :][:4])[0]
    chunk = stream.CHUNK_SIZE + stream.TAG_BYTES
    found: list[tuple[str, bytes]] = []
    for n in range(count):
        raw = bytearray(data)
        kind = n % 8
        if kind == 0:
            at = rng.randrange(head, len(raw))
            raw[at] ^= 1 << rng.randrange(8)
            found.append((f"bit flipped at {at}", bytes(raw)))
        elif kind == 1:
            at = rng.randrange(len(stream.MAGIC) + 4, head)
            raw[at] ^= 1 << rng.randrange(8)
            found.append((f"header bit at {at}", bytes(raw)))
        elif kind == 2:
            found.append(("cut short", bytes(raw[: rng.randrange(len(raw))])))
        elif kind == 3:
            found.append(("the final chunk dropped", bytes(raw[: head + chunk])))
        elif kind == 4:
            found.append(("bytes appended", bytes(raw) + os.urandom(rng.randrange(1, 64))))
        elif kind == 5:
            first, second = raw[head : head + chunk], raw[head + chunk : head + 2 * chunk]
            swapped = raw[:head] + second + first + raw[head + 2 * chunk :]
            found.append(("first two chunks swapped", bytes(swapped)))
        elif kind == 6:
            found.append(("first chunk repeated", bytes(raw[: head + chunk] + raw[head:])))
        else:
            found.append(("not a bundle", bytes(rng.randrange(256) for _ in range(200))))
    return found


@pytest.mark.slow
def test_a_wrong_passphrase_or_tampering_imports_nothing(two_vaults: dict, tmp_path) -> None:
    clinic, attorney, case_id = two_vaults["clinic"], two_vaults["attorney"], two_vaults["case"]
    two_vaults["usb"].mkdir()
    out = two_vaults["usb"] / "case.amparo-case"
    words, _report = clinic.transfer.export_bundle(case_id, out)
    data = out.read_bytes()
    assert len(data) > stream.CHUNK_SIZE, "the bundle should span several chunks"
    vault = attorney.vault()
    before = vault_digests(vault.conn)
    with pytest.raises(BundleDamaged):
        attorney.transfer.import_bundle(out, "wrong words entirely for this bundle")
    results: Counter[str] = Counter({"wrong passphrase refused": 1})
    count = stress("AMPARO_STRESS_MUTATIONS", 24)
    for n, (what, mutated) in enumerate(_mutations(random.Random(stress_seed()), data, count)):
        path = tmp_path / f"t{n}.amparo-case"
        path.write_bytes(mutated)
        try:
            attorney.transfer.import_bundle(path, words)
        except NotABundle:
            results["NotABundle"] += 1
        except BundleDamaged:
            results["BundleDamaged"] += 1
        else:
            raise AssertionError(f"{what}: a tampered bundle was imported")
        assert vault_digests(vault.conn) == before, f"{what}: something was written"
    assert attorney.cases.list() == []
    print(
        f"\ntampered bundles: {count} mutations and a wrong passphrase: {dict(results)}; "
        "the vault unchanged after each"
    )


def test_only_counsel_and_admins_move_cases(two_vaults: dict) -> None:
    clinic = two_vaults["clinic"]
    clinic.people.add("Val Volunteer", "volunteer", "amber falcon whistle quarry thirty")
    clinic.lock()
    clinic.unlock("amber falcon whistle quarry thirty")
    with pytest.raises(NotPermitted):
        clinic.transfer.export_bundle(two_vaults["case"], two_vaults["usb"] / "x.amparo-case")
    with pytest.raises(NotPermitted):
        clinic.transfer.import_bundle(two_vaults["usb"] / "x.amparo-case", "whatever it is")
