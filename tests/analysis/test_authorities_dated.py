"""Every citation is dated data: `intake forms check` refuses one without a source, a date it
was checked or a status, a citation written out in prose, and a superseded one; the docs list
every authority with the date it was last checked."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from intake_app.analysis import check_rules, default_rules
from intake_app.analysis.authority_table import BEGIN, END, authority_section
from intake_app.packet import check_packet_blocks
from intake_app.paths import forms_dir

DOC = Path(__file__).resolve().parents[2] / "docs" / "analysis-rules.md"
FIRST_AUTHORITY = '''  - id: "ina_236a"
    cite: "INA § 236(a), 8 U.S.C. § 1226(a)"'''


def _forms_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "forms"
    shutil.copytree(forms_dir(), folder)
    return folder


def _rules_errors_after(tmp_path: Path, old: str, new: str) -> list[str]:
    folder = _forms_copy(tmp_path)
    rules = folder / "analysis.yaml"
    text = rules.read_text(encoding="utf-8")
    assert old in text
    rules.write_text(text.replace(old, new, 1), encoding="utf-8")
    return [str(e) for e in check_rules(rules)]


def test_the_bundled_rules_and_paragraphs_are_sound():
    assert check_rules() == []
    assert check_packet_blocks() == []


@pytest.mark.parametrize("key", ["verified", "source", "status"])
def test_an_authority_without_its_date_source_or_status_is_refused(tmp_path, key):
    block_end = '    status: "in_force"\n'
    folder_text = (forms_dir() / "analysis.yaml").read_text(encoding="utf-8")
    start = folder_text.index(FIRST_AUTHORITY)
    block = folder_text[start : folder_text.index(block_end, start) + len(block_end)]
    line = next(ln for ln in block.splitlines(keepends=True) if ln.startswith(f"    {key}:"))
    errors = _rules_errors_after(tmp_path, block, block.replace(line, ""))
    assert errors and any(key in e and "analysis.yaml:" in e for e in errors), errors


def test_an_impossible_verification_date_is_refused(tmp_path):
    errors = _rules_errors_after(
        tmp_path,
        '    verified: "2026-12-03"\n    status: "in_force"',
        '    verified: "last week"\n    status: "in_force"',
    )
    assert any("verified is a date" in e for e in errors), errors


def test_a_citation_written_out_in_a_paragraph_is_refused(tmp_path):
    folder = _forms_copy(tmp_path) / "packet"
    letter = folder / "cover_letter.yaml"
    text = letter.read_text(encoding="utf-8")
    old = '"{client} {has} worked steadily for {years_employed} years at {employer}."'
    assert old in text
    written_out = '"{client} {has} worked steadily, as 8 C.F.R. § 212.5(b) counts it."'
    letter.write_text(text.replace(old, written_out), encoding="utf-8")
    errors = [str(e) for e in check_packet_blocks(folder)]
    assert any("is written out" in e and "cover_letter.yaml:" in e for e in errors), errors


def test_a_paragraph_citing_a_superseded_directive_is_refused(tmp_path):
    folder = _forms_copy(tmp_path) / "packet"
    letter = folder / "cover_letter.yaml"
    text = letter.read_text(encoding="utf-8")
    assert "{auth_directive_11064_4}" in text
    letter.write_text(
        text.replace("{auth_directive_11064_4}", "{auth_directive_11064_3}"), encoding="utf-8"
    )
    errors = [str(e) for e in check_packet_blocks(folder)]
    assert any("directive_11064_3" in e and "superseded" in e for e in errors), errors


def test_every_authority_carries_a_source_a_date_and_a_status():
    for authority in default_rules().authorities.values():
        assert authority.source.strip() and authority.verified and authority.status


def test_the_docs_list_every_authority_with_the_date_it_was_checked():
    rules = default_rules()
    text = DOC.read_text(encoding="utf-8")
    assert BEGIN in text and END in text
    found = text[text.index(BEGIN) : text.index(END) + len(END)]
    expected = authority_section(rules.authorities.values(), rules.verify_after_days)
    assert found == expected, "run `python tools/authorities_doc.py`"
    for authority in rules.authorities.values():
        assert f"`{authority.id}`" in found and authority.verified.isoformat() in found
