"""A bundle comes from another laptop or another clinic: untrusted input. Crafted bundles —
built with the project's own bundle writer from a vault an insider edited, so they are
encrypted and sealed correctly — are each refused whole when imported with `intake bundle
import` (a subprocess with a timeout): 0 vault rows changed, 0 tracebacks, 0 hangs."""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

import pytest

from intake_app.session import Session
from intake_app.store import bundle, insecure_test_kdf
from intake_app.store.backup import vault_digests
from tests.evidence.conftest import pdf_bytes
from tests.security._support import OTHER_PASSPHRASE, PASSPHRASE, run_cli

PERSONA = Path(__file__).resolve().parents[1] / "personas" / "chicago_father_daughter_leukemia.json"
TIMEOUT = 60


def _session(path: Path) -> Session:
    return Session(path, kdf=insecure_test_kdf(), sleep=lambda _s: None)


@pytest.fixture(scope="module")
def vaults(tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("crafted")
    source = _session(root / "source" / "amparo.vault")
    source.create_vault("Insider", "admin", PASSPHRASE)
    target = _session(root / "target" / "amparo.vault")
    target.create_vault("Ada Attorney", "admin", OTHER_PASSPHRASE)
    # A case the target already holds, whose exhibit a crafted bundle will try to change.
    first = source.cases.import_file(PERSONA)
    letter = root / "letter.pdf"
    letter.write_bytes(pdf_bytes(2, marker="ORIGINAL"))
    kept = source.documents.attach(first, letter, category="identity")
    words, _report = source.transfer.export_bundle(first, root / "first.bundle")
    source.lock()
    target.unlock(OTHER_PASSPHRASE)
    target.transfer.import_bundle(root / "first.bundle", words)
    target.lock()
    return {"root": root, "source": source, "target": target, "foreign_doc": kept.id}


def _fresh_case(vaults: dict) -> tuple[Session, str]:
    source = vaults["source"]
    source.unlock(PASSPHRASE)
    case_id = source.cases.import_file(PERSONA)
    letter = vaults["root"] / "letter.pdf"
    source.documents.attach(case_id, letter, category="identity")
    return source, case_id


def _sql(source: Session, statement: str, params: tuple = ()) -> None:
    source.vault().conn.execute(statement, params)


def _craft(vaults: dict, name: str, edit) -> tuple[Path, str]:
    source, case_id = _fresh_case(vaults)
    try:
        edit(source, case_id)
        out = vaults["root"] / f"{name}.bundle"
        words, _report = source.transfer.export_bundle(case_id, out)
    finally:
        source.lock()
    return out, words


def _answers_not_json(source, case_id):
    _sql(source, "UPDATE answers SET value_json = '{not json' WHERE case_id = ? AND "
         "question_id = 'detainee_family_names'", (case_id,))  # fmt: skip


def _lone_surrogate(source, case_id):
    _sql(source, "UPDATE answers SET value_json = ? WHERE case_id = ? AND "
         "question_id = 'detainee_family_names'", ('"Rivas \\ud800"', case_id))  # fmt: skip


def _forbidden_choice(source, case_id):
    _sql(source, "UPDATE answers SET value_json = '\"martian\"' WHERE case_id = ? AND "
         "question_id = 'custody_authority'", (case_id,))  # fmt: skip


def _too_many_items(source, case_id):
    form = source.form()
    group = next(q for q in form.questions() if q.is_group and q.max_items)
    items = [{} for _ in range(group.max_items + 5)]
    first = group.questions[0].id
    for n, item in enumerate(items):
        item[first] = f"Item {n}" if group.questions[0].type in ("text", "long_text") else None
    items = [{k: v for k, v in i.items() if v is not None} or {first: "x"} for i in items]
    _sql(source, "INSERT OR REPLACE INTO answers (case_id, question_id, value_json, updated_at) "
         "VALUES (?, ?, ?, '2026-01-01')", (case_id, group.id, json.dumps(items)))  # fmt: skip


def _missing_chunk(source, case_id):
    _sql(source, "DELETE FROM document_chunks WHERE seq = 0 AND document_id IN "
         "(SELECT id FROM documents WHERE case_id = ?)", (case_id,))  # fmt: skip


def _wrong_digest(source, case_id):
    _sql(source, "UPDATE documents SET sha256 = ? WHERE case_id = ?", ("0" * 64, case_id))


CRAFTS = {
    "answer not JSON": _answers_not_json,
    "lone surrogate": _lone_surrogate,
    "value the form forbids": _forbidden_choice,
    "more items than max_items": _too_many_items,
    "document missing a chunk": _missing_chunk,
    "document not what it says": _wrong_digest,
}


def _target_rows(target: Session) -> dict:
    target.unlock(OTHER_PASSPHRASE)
    try:
        digests = vault_digests(target.vault().conn)
    finally:
        target.lock()
    # Unlocking writes its own audit entry; every other table must be exactly as it was.
    return {k: v for k, v in digests.items() if k not in ("audit_log", "sqlite_sequence")}


def _import(vaults: dict, path: Path, words: str):
    target = vaults["target"]
    env = {**os.environ, "AMPARO_INSECURE_TEST_KDF": "1", "LANG": "C.UTF-8"}
    return run_cli(
        ["--vault", str(target.vault_path), "bundle", "import", str(path), "--passphrase-stdin"],
        stdin=f"{OTHER_PASSPHRASE}\n{words}\n",
        env=env,
        timeout=TIMEOUT,
    )


def test_every_crafted_bundle_is_refused_whole(vaults):
    outcomes: Counter[str] = Counter()
    for name, edit in CRAFTS.items():
        path, words = _craft(vaults, name.replace(" ", "_"), edit)
        before = _target_rows(vaults["target"])
        proc = _import(vaults, path, words)
        assert proc.returncode != 0, (name, proc.stdout)
        assert "Traceback" not in proc.stderr, (name, proc.stderr)
        assert "damaged" in proc.stderr.lower() or "refus" in proc.stderr.lower(), proc.stderr
        assert _target_rows(vaults["target"]) == before, name
        outcomes["refused, vault unchanged"] += 1
    print(
        f"\ncrafted bundles: {len(CRAFTS)} kinds tried ({', '.join(CRAFTS)}): "
        f"{dict(outcomes)}; 0 tracebacks, 0 hangs"
    )
    assert outcomes["refused, vault unchanged"] == len(CRAFTS)


def test_a_chunk_naming_another_cases_document_is_refused(vaults, monkeypatch):
    foreign = vaults["foreign_doc"]
    real_selection = bundle.case_selection

    def with_foreign_chunk(tables, case_id):
        chosen = real_selection(tables, case_id)
        return [
            (t, f"({where}) OR document_id = ?", (*params, foreign))
            if t.name == "document_chunks"
            else (t, where, params)
            for t, where, params in chosen
        ]

    monkeypatch.setattr(bundle, "case_selection", with_foreign_chunk)
    path, words = _craft(vaults, "foreign_chunk", lambda s, c: None)
    monkeypatch.undo()
    before = _target_rows(vaults["target"])
    proc = _import(vaults, path, words)
    assert proc.returncode != 0 and "Traceback" not in proc.stderr, proc.stderr
    assert _target_rows(vaults["target"]) == before
    print("\ncrafted bundle: a chunk naming another case's document refused, vault unchanged")


def test_a_sound_bundle_still_imports(vaults):
    path, words = _craft(vaults, "sound", lambda s, c: None)
    proc = _import(vaults, path, words)
    assert proc.returncode == 0, proc.stderr


def test_a_pdf_with_active_content_arrives_inert_in_the_packet(vaults):
    """Scripts and actions on opening ride in a bundle as in any attachment; the packet built
    from the imported case carries none of them."""
    from tests.packet.test_packet_active_content import _active_keys, _hostile_pdf

    hostile = vaults["root"] / "hostile.pdf"
    hostile.write_bytes(_hostile_pdf())

    def attach_hostile(source, case_id):
        source.documents.attach(case_id, hostile, category="identity")

    path, words = _craft(vaults, "active_content", attach_hostile)
    proc = _import(vaults, path, words)
    assert proc.returncode == 0, proc.stderr
    case_id = proc.stdout.split()[-1].rstrip(".")
    target = vaults["target"]
    target.unlock(OTHER_PASSPHRASE)
    try:
        packet = target.packets.build(case_id)
    finally:
        target.lock()
    assert _active_keys(packet) == set()
