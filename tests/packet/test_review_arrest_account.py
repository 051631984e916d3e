"""Counsel's review carries the arrest as the family told it (place, reasons given, the stop,
force, witnesses): facts counsel weighs for the road and for class counsel, never in the
letter to ICE."""

from __future__ import annotations

from intake_app.packet import build_counsel_review, build_packet
from tests.packet.conftest import flat, pages_text, persona, persona_inputs

NAME = "leukemia_traffic_stop_michigan"


def test_the_review_tells_the_arrest_and_the_letter_does_not():
    answers = persona(NAME)["answers"]
    inputs = persona_inputs(NAME)
    review = flat(" ".join(pages_text(build_counsel_review(inputs))))
    letter = flat(" ".join(pages_text(build_packet(inputs))))
    assert "The arrest, as the family tells it" in review
    account = answers["vehicle_stop_account@en"]
    assert account[:60] in review
    assert account[:60] not in letter
