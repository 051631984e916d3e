"""One content model, read by every renderer: the PDF is drawn from the same blocks the DOCX is
written from, and the blocks say what the PDF's pages say."""

from __future__ import annotations

import pytest
from reportlab.platypus import CondPageBreak, KeepTogether, PageBreak, Paragraph

from intake_app.packet.build import packet_story
from intake_app.packet.content import Break, Heading, Para, Together, plain_paragraphs, signed
from intake_app.packet.pdf_render import flowables
from intake_app.packet.styles import letter_styles
from tests.packet.conftest import persona_inputs


def test_blocks_become_the_flowables_the_pdf_draws():
    blocks = [
        Heading("heading", "Release Plan", label="IX."),
        Para("numbered", "I live at 2417 S. Sawyer Ave.", label="3."),
        Para("list", "March 3, 2019: speeding", bullet="•"),
        Break(),
        *signed([Para("body", "Thank you.")], [Para("signature", "Sarah Kowalczyk")]),
    ]
    out = flowables(blocks, letter_styles())
    assert isinstance(out[0], CondPageBreak)  # a heading never ends a page
    assert out[1].text == "IX.&nbsp;&nbsp;Release Plan"
    assert out[2].text == "3.&nbsp;&nbsp;I live at 2417 S. Sawyer Ave."
    assert out[3].bulletText == "•"
    assert isinstance(out[4], PageBreak)
    assert isinstance(out[5], KeepTogether)


def test_a_thing_that_is_not_a_block_is_refused():
    with pytest.raises(TypeError):
        flowables([Paragraph("loose", letter_styles()["body"])], letter_styles())


def test_the_packet_content_holds_the_letter_and_its_signature_kept_together():
    blocks = packet_story(persona_inputs("chicago_father_daughter_leukemia"))
    paragraphs = plain_paragraphs(blocks)
    headings = [p.markup for p in paragraphs if isinstance(p, Heading)]
    assert "Release Plan" in headings and "Legal Authority" in headings
    assert any(isinstance(b, Together) for b in blocks)
    assert any("Sarah Kowalczyk" in p.markup for p in paragraphs)
