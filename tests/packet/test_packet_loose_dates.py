"""A date the family gave as a year, a month, or "about": printed as given, never padded into a
day nobody said, with the preposition that fits ("in 2009", not "on January 1, 2009")."""

from __future__ import annotations

from intake_app.packet import build_packet
from tests.packet.conftest import flat, inputs_for, pages_text, persona


def _packet_text(entry_date: str) -> str:
    data = persona("chicago_father_daughter_leukemia")
    answers = {**data["answers"], "entry_date": entry_date}
    return flat(" ".join(pages_text(build_packet(inputs_for(answers, data["interview_language"])))))


def test_a_year_only_entry_date_is_printed_as_the_year():
    text = _packet_text("2009")
    assert "admitted to the United States in 2009" in text
    assert "January 1, 2009" not in text and "December 31, 2009" not in text
    assert "on 2009" not in text


def test_an_approximate_month_reads_in_about_month_year():
    text = _packet_text("~2009-08")
    assert "admitted to the United States in about August 2009" in text
    assert "August 1, 2009" not in text and "August 31, 2009" not in text
