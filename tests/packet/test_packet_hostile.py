"""Hostile answers: very long text, emoji and right-to-left names build, and no text is lost."""

from __future__ import annotations

import copy

from intake_app.packet import build_packet, build_take_home
from tests.packet.conftest import flat, inputs_for, pages_text, persona

NAME = "chicago_father_daughter_leukemia"


def _answers() -> dict:
    return copy.deepcopy(persona(NAME)["answers"])


def _text(pdf: bytes) -> str:
    return flat(" ".join(pages_text(pdf)))


def test_ten_thousand_character_answers_build_and_keep_their_end():
    answers = _answers()
    long_story = ("La familia no puede pagar la renta sin él. " * 240)[:9990] + "FIN-DEL-TEXTO"
    # The English letter prints the English rendering written beside each answer.
    answers["family_hardship"] = answers["family_hardship@en"] = long_story
    impact = "x" * 3000 + " FIN-IMPACTO"
    answers["children"][0]["child_separation_impact"] = impact
    answers["children"][0]["child_separation_impact@en"] = impact
    answers["detainee_given_names"] = "Ernesto " + "Largo" * 300
    pdf = build_packet(inputs_for(answers))
    text = _text(pdf)
    assert "FIN-DEL-TEXTO" in text
    assert "FIN-IMPACTO" in text
    assert text.count("La familia no puede pagar la renta sin él.") >= 200


def test_emoji_build_and_extract_as_themselves():
    answers = _answers()
    answers["family_hardship@en"] = "Valeria draws hearts ❤️ and suns ☀️ for her dad 🙂👍 🫶"
    answers["children"][1]["child_name"] = "Mateo 🌟 Villalobos"
    text = _text(build_packet(inputs_for(answers)))
    for piece in ("❤", "☀", "🙂", "👍", "🫶", "Mateo 🌟 Villalobos"):
        assert piece in text, piece


def test_right_to_left_names_extract_in_reading_order():
    answers = _answers()
    answers["sponsor_name"] = "שרה כהן"
    answers["interviewee_name"] = "فاطمة الزهراء"
    text = _text(build_packet(inputs_for(answers)))
    assert "שרה כהן" in text
    assert "فاطمة الزهراء" in text


def test_markup_characters_in_answers_are_printed_not_interpreted():
    answers = _answers()
    answers["volunteer_work@en"] = 'Cooks <b>&amp; serves</b> at "St. Agnes" & <font name="x">'
    answers["home_address"] = "{client} [x] *not italic*"
    text = _text(build_packet(inputs_for(answers)))
    assert 'Cooks <b>&amp; serves</b> at "St. Agnes" & <font name="x">' in text
    assert "{client} [x] *not italic*" in text


def test_hostile_take_home_builds_in_spanish():
    answers = _answers()
    answers["children"][0]["child_physician_name"] = "Dra. Ñúñez 👩‍⚕️ " + "y" * 2000
    text = _text(build_take_home(inputs_for(answers)))
    assert "Dra. Ñúñez" in text
