"""`analyze` is a pure function: same answers, same result; the answers are never touched."""

from __future__ import annotations

import copy
import dataclasses
import json

import pytest

from intake_app import i18n
from intake_app.analysis import analyze
from intake_app.forms import load_form, visible_answers
from intake_app.paths import forms_dir

from .conftest import PERSONAS_DIR, TODAY


@pytest.fixture(scope="module")
def answers() -> dict:
    form = load_form(forms_dir() / "humanitarian_release.yaml")
    case = json.loads((PERSONAS_DIR / "leukemia_traffic_stop_michigan.json").read_text("utf-8"))
    return visible_answers(form, case["answers"])


def test_the_same_answers_give_an_equal_analysis(answers):
    first = analyze(answers, today=TODAY)
    assert analyze(copy.deepcopy(answers), today=TODAY) == first
    assert analyze(answers, today=TODAY).to_dict() == first.to_dict()


def test_the_answers_are_not_mutated(answers):
    before = copy.deepcopy(answers)
    analyze(answers, today=TODAY)
    assert answers == before


def test_the_result_is_frozen(answers):
    analysis = analyze(answers, today=TODAY)
    with pytest.raises(dataclasses.FrozenInstanceError):
        analysis.factors = ()  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        analysis.factors[0].id = "other"  # type: ignore[misc]
    assert isinstance(analysis.factors, tuple)


def test_the_ui_language_does_not_change_the_result(answers):
    before = analyze(answers, today=TODAY)
    previous = i18n.current_language()
    try:
        i18n.set_language("es")
        assert analyze(answers, today=TODAY) == before
    finally:
        i18n.set_language(previous)


def test_only_the_date_passed_in_moves_date_based_results(answers):
    # In custody since 2025-08-19: under 180 days on 2026-02-14, 180 days on 2026-02-15.
    assert (
        "prolonged_detention"
        not in analyze(answers, today=TODAY.replace(month=2, day=14)).ids()["findings"]
    )
    assert (
        "prolonged_detention"
        in analyze(answers, today=TODAY.replace(month=2, day=15)).ids()["findings"]
    )


def test_the_result_serializes_to_json(answers):
    data = analyze(answers, today=TODAY).to_dict()
    assert json.loads(json.dumps(data, ensure_ascii=False)) == data
    assert data["factors"][0]["title"] == {
        "en": "Parent or legal guardian of a minor child",
        "es": "Padre, madre o tutor legal de un(a) menor de edad",
    }
