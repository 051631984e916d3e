"""Golden packets: in ReportLab's invariant mode a build is byte-stable and matches its golden.

After an intended change to the paragraph files or layout, regenerate the goldens with
`AMPARO_UPDATE_GOLDEN=1 pytest tests/packet/test_packet_golden.py` and review the text diff.
"""

from __future__ import annotations

import hashlib
import os
from importlib.metadata import version
from pathlib import Path

import pytest
from reportlab import rl_config

from intake_app.packet import build_packet, build_take_home
from tests.packet.conftest import pages_text, persona_inputs

GOLDEN = Path(__file__).resolve().parent / "golden"
NAME = "chicago_father_daughter_leukemia"


@pytest.fixture
def invariant():
    saved = rl_config.invariant
    rl_config.invariant = 1
    try:
        yield
    finally:
        rl_config.invariant = saved


def _writers() -> str:
    """The libraries that decide a PDF's bytes, as pinned in constraints.txt."""
    return " ".join(f"{name}={version(name)}" for name in ("reportlab", "pypdf"))


def _check(kind: str, pdf: bytes) -> None:
    """The text must match the golden always; the bytes only when the same reportlab and pypdf
    wrote them (a patch release may change bytes, never what the packet says)."""
    text = "\n\f\n".join(pages_text(pdf))
    digest = hashlib.sha256(pdf).hexdigest()
    text_file, digest_file = GOLDEN / f"{kind}.txt", GOLDEN / f"{kind}.sha256"
    if os.environ.get("AMPARO_UPDATE_GOLDEN") == "1":
        GOLDEN.mkdir(exist_ok=True)
        text_file.write_text(text, encoding="utf-8")
        digest_file.write_text(f"{digest} {_writers()}\n", encoding="utf-8")
    assert text == text_file.read_text(encoding="utf-8"), f"{kind}: text differs from golden"
    golden_digest, _, writers = digest_file.read_text(encoding="utf-8").strip().partition(" ")
    if writers == _writers():
        assert digest == golden_digest, f"{kind}: bytes differ"


def test_invariant_builds_are_byte_identical(invariant):
    first = build_packet(persona_inputs(NAME))
    assert build_packet(persona_inputs(NAME)) == first


def test_packet_matches_its_golden(invariant):
    _check("packet_chicago_father_daughter_leukemia", build_packet(persona_inputs(NAME)))


def test_spanish_take_home_matches_its_golden(invariant):
    _check("take_home_chicago_father_daughter_leukemia_es", build_take_home(persona_inputs(NAME)))
