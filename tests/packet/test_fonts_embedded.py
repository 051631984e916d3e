"""Every font in every output is embedded: a reader without our fonts shows the same letter,
and nothing is named but not carried (ReportLab's default Helvetica used to be)."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from intake_app.packet import (
    build_counsel_review,
    build_packet,
    build_physician_letters,
    build_take_home,
)
from intake_app.packet.roads import build_road, roads
from tests.packet.conftest import PERSONA_NAMES, persona_inputs


def _unembedded(pdf: bytes) -> set[str]:
    missing: set[str] = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        resources = page.get("/Resources")
        fonts = resources.get_object().get("/Font") if resources else None
        for ref in (fonts.get_object() if fonts else {}).values():
            font = ref.get_object()
            if font.get("/Subtype") == "/Type3":
                continue  # drawn glyph by glyph inside the file
            if font.get("/Subtype") == "/Type0":
                font = font["/DescendantFonts"][0].get_object()
            descriptor = font.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor else {}
            if not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                missing.add(str(font.get("/BaseFont")))
    return missing


@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_no_output_of_any_persona_names_a_font_it_does_not_carry(name):
    inputs = persona_inputs(name)
    outputs = {
        "packet": build_packet(inputs),
        "review": build_counsel_review(inputs),
        "take_home": build_take_home(inputs),
        "physician_letters": build_physician_letters(inputs),
    }
    for road in roads(inputs):
        if road.available:
            outputs[road.id] = build_road(inputs, road.id)
    missing = {k: _unembedded(pdf) for k, pdf in outputs.items() if pdf is not None}
    assert not any(missing.values()), missing
