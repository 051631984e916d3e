"""The paragraph files: shipped ones are sound, mistakes are reported by file and line."""

from __future__ import annotations

import shutil
from pathlib import Path

from intake_app.packet import (
    build_counsel_review,
    build_packet,
    check_packet_blocks,
    editable_blocks,
)
from intake_app.packet.loader import packet_dir
from tests.packet.conftest import flat, pages_text, persona_inputs

NAME = "chicago_father_daughter_leukemia"


def test_shipped_paragraph_files_are_sound():
    assert check_packet_blocks() == []


def _copy_with(tmp_path: Path, name: str, old: str, new: str) -> Path:
    folder = tmp_path / "packet"
    shutil.copytree(packet_dir(), folder)
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder


def _messages(folder: Path) -> list[str]:
    return [str(e) for e in check_packet_blocks(folder)]


def test_unknown_key_is_reported_with_file_and_line(tmp_path):
    folder = _copy_with(
        tmp_path, "cover_letter.yaml", "    numbered: true\n", "    numberd: true\n"
    )
    errors = _messages(folder)
    assert any("cover_letter.yaml:" in e and "unknown key 'numberd'" in e for e in errors), errors


def test_undeclared_placeholder_is_reported(tmp_path):
    folder = _copy_with(
        tmp_path, "sponsor_letter.yaml", "My name is {sponsor_name}.", "My name is {sponsor_nam}."
    )
    assert any("{sponsor_nam} is not declared" in e for e in _messages(folder))


def test_condition_on_an_unknown_answer_is_reported(tmp_path):
    folder = _copy_with(
        tmp_path,
        "cover_letter.yaml",
        '{field: "taxes_filed", equals: "yes"}',
        '{field: "taxes_filled", equals: "yes"}',
    )
    assert any("'taxes_filled' is not a question" in e for e in _messages(folder))


def test_impossible_choice_is_reported(tmp_path):
    folder = _copy_with(
        tmp_path,
        "cover_letter.yaml",
        '{field: "marital_status", equals: "married"}',
        '{field: "marital_status", equals: "wed"}',
    )
    assert any("'wed' is not a possible answer" in e for e in _messages(folder))


def test_cite_of_an_unknown_exhibit_is_reported(tmp_path):
    folder = _copy_with(tmp_path, "cover_letter.yaml", 'cite: ["taxes"]', 'cite: ["taxez"]')
    assert any("cite 'taxez' names no exhibit" in e for e in _messages(folder))


def test_unquoted_string_is_reported(tmp_path):
    folder = _copy_with(tmp_path, "take_home.yaml", 'packet: "take_home"', "packet: take_home")
    assert any("quote the string 'take_home'" in e for e in _messages(folder))


def test_override_replaces_a_paragraph_and_empty_text_removes_it():
    inputs = persona_inputs(
        NAME,
        overrides={
            "cover_letter.summary": "Counsel's own summary paragraph, written for this case.",
            "cover_letter.community": "",
        },
    )
    text = flat(" ".join(pages_text(build_packet(inputs))))
    assert "Counsel's own summary paragraph, written for this case." in text
    assert "is not a danger to the community or a flight risk" not in text
    assert "St. Agnes of Bohemia Parish" not in text.split("DECLARATION OF")[0]
    # What counsel edited is listed in counsel's own review, never in the filing.
    assert "Edited by hand" not in text
    review = flat(" ".join(pages_text(build_counsel_review(inputs))))
    assert "Edited by hand: cover_letter.summary" in review


def test_editable_blocks_offer_the_generated_text_and_the_override():
    inputs = persona_inputs(NAME, overrides={"cover_letter.summary": "Mine."})
    blocks = {b.key: b for b in editable_blocks(inputs)}
    assert blocks["cover_letter.summary"].override == "Mine."
    assert "is not a danger to the community" in blocks["cover_letter.summary"].text
    assert blocks["cover_letter.authority_236a"].heading == "Legal Authority"
    assert "cover_letter.child_medical.1" in blocks
    assert any(key.startswith("declaration.") for key in blocks)
