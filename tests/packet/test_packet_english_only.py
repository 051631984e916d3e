"""English documents carry only English: free text in the family's words prints as the English
rendering written beside it (`<id>@en`), never pasted in untranslated; choice answers print
their English wording. Checked over every English output of a Spanish interview."""

from __future__ import annotations

import copy
import json
from pathlib import Path

from intake_app.forms import english_key
from intake_app.packet import build_packet, build_physician_letters
from intake_app.packet.roads import build_road, roads
from tests.packet.conftest import flat, form, inputs_for, pages_text

ROSA = Path(__file__).resolve().parents[1] / "ui" / "fixtures" / "persona_rosa.json"


def _rosa() -> dict:
    return json.loads(ROSA.read_text(encoding="utf-8"))["answers"]


def _english_outputs(answers: dict) -> dict[str, str]:
    inputs = inputs_for(answers, "es")
    outputs = {"packet": build_packet(inputs)}
    letters = build_physician_letters(inputs)
    if letters:
        outputs["physician letters"] = letters
    for road in roads(inputs):
        if road.available:
            outputs[road.id] = build_road(inputs, road.id)
    return {name: flat(" ".join(pages_text(pdf))) for name, pdf in outputs.items()}


def _family_words(answers: dict) -> list[tuple[str, str]]:
    """(answer key, text) of every answer in the family's words, groups included."""
    found = []
    interview = form()
    for key, value in answers.items():
        if isinstance(value, list):
            for item in value:
                if isinstance(item, dict):
                    found += [
                        (k, v)
                        for k, v in item.items()
                        if interview.has_question(k) and interview.question(k).needs_english
                    ]
        elif interview.has_question(key) and interview.question(key).needs_english:
            found.append((key, value))
    return [(k, v) for k, v in found if isinstance(v, str) and len(v) > 12]


def test_spanish_free_text_never_reaches_an_english_document():
    answers = _rosa()
    spanish = _family_words(answers)
    assert len(spanish) >= 10
    outputs = _english_outputs(answers)
    pasted = [
        (name, key) for name, text in outputs.items() for key, value in spanish if value in text
    ]
    assert pasted == []
    print(
        f"\nEnglish only: {len(spanish)} Spanish answers × {len(outputs)} English outputs, 0 pasted"
    )


def test_the_english_rendering_is_what_prints():
    answers = _rosa()
    rendered = copy.deepcopy(answers)
    value = answers["family_hardship"]
    rendered[english_key("family_hardship")] = (
        "Rosa cannot pay March's rent; a church helps them with food."
    )
    text = _english_outputs(rendered)["packet"]
    assert "Rosa cannot pay March's rent; a church helps them with food." in text
    assert value not in text


def test_choice_answers_print_their_english_wording():
    answers = _rosa()
    interview = form()
    spanish_labels = set()
    for key, value in answers.items():
        if not interview.has_question(key) or interview.question(key).type not in (
            "choice",
            "multi_choice",
        ):
            continue
        question = interview.question(key)
        for choice_id in value if isinstance(value, list) else [value]:
            choice = question.choice(choice_id)
            if choice is not None and choice.label.get("es") != choice.label.get("en"):
                spanish_labels.add(choice.label.get("es"))
    outputs = _english_outputs(answers)
    found = [(n, label) for n, t in outputs.items() for label in spanish_labels if label in t]
    assert found == []
