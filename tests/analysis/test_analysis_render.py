"""The plain-text rendering `intake analyze CASE` prints, in English and in Spanish."""

from __future__ import annotations

import json

import pytest

from intake_app.analysis import Analysis, analyze, render_analysis
from intake_app.forms import load_form, visible_answers
from intake_app.paths import forms_dir

from .conftest import PERSONAS_DIR, TODAY

EN_HEADINGS = [
    "Humanitarian factors",
    "Arrest and detainer findings",
    "Red flags for attorney review",
    "Suggested legal bases",
    "Evidence still missing",
]
ES_HEADINGS = [
    "Factores humanitarios",
    "Hallazgos sobre el arresto y la orden de retención migratoria",
    "Alertas para revisión del abogado",
    "Bases legales sugeridas",
    "Pruebas que aún faltan",
]


@pytest.fixture(scope="module")
def analysis() -> Analysis:
    form = load_form(forms_dir() / "humanitarian_release.yaml")
    case = json.loads((PERSONAS_DIR / "chicago_father_daughter_leukemia.json").read_text("utf-8"))
    return analyze(visible_answers(form, case["answers"]), today=TODAY)


@pytest.mark.parametrize(("lang", "headings"), [("en", EN_HEADINGS), ("es", ES_HEADINGS)])
def test_the_five_headings_appear_in_order_in_the_language_asked(analysis, lang, headings):
    lines = render_analysis(analysis, lang).splitlines()
    assert [line for line in lines if line in headings] == headings


def test_spanish_rendering_uses_spanish_titles_dates_and_evidence_names(analysis):
    text = render_analysis(analysis, "es")
    assert "* Hijo(a) ciudadano(a) estadounidense con una enfermedad grave" in text
    assert "nacido(a) el 2 de mayo de 2018" in text
    assert "* Carta del médico tratante" in text
    assert "se necesita para: Hijo(a) ciudadano(a) estadounidense con una enfermedad grave" in text
    for english in [*EN_HEADINGS, "U.S.-citizen child with a serious medical condition"]:
        assert english not in text


def test_english_rendering_names_what_each_missing_document_is_for(analysis):
    text = render_analysis(analysis, "en")
    assert (
        "* Treating physician's letter: diagnosis, prognosis, treatment plan and why the parent "
        "is needed (needed for: U.S.-citizen child with a serious medical condition)"
    ) in text
    assert "[INA § 236(a)(2)(B), 8 U.S.C. § 1226(a)(2)(B); INA § 236(a)(2)(A)" in text


def test_an_empty_part_says_nothing_was_found(analysis):
    en = render_analysis(analysis, "en").splitlines()
    es = render_analysis(analysis, "es").splitlines()
    assert en[en.index("Red flags for attorney review") + 1] == "  Nothing found."
    assert es[es.index("Alertas para revisión del abogado") + 1] == "  No se encontró nada."


def test_an_empty_analysis_renders_every_heading(analysis):
    text = render_analysis(analyze({}, today=TODAY), "en")
    for heading in EN_HEADINGS:
        assert heading in text
    assert "Draft for attorney review; not legal advice." in text


def test_an_entry_renders_its_title_and_facts_in_either_language(analysis):
    entry = analysis.entry("long_residence")
    assert entry is not None
    assert entry.render("en").splitlines() == [
        "Long residence in the United States",
        "- The detained person has lived in the United States for about 16 years.",
        "- Last entry: August 14, 2009 (16 years ago).",
        "- Home for 9 years: 2417 S. Sawyer Ave., Apt. 2, Chicago, IL 60623.",
    ]
    assert entry.render("es").splitlines()[0] == "Muchos años de residencia en Estados Unidos"
