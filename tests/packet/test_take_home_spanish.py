"""The family's sheet in Spanish: accents and ñ survive text extraction; content is the family's."""

from __future__ import annotations

from intake_app.packet import build_physician_letters
from tests.packet.conftest import flat, pages_text, persona_inputs

NAME = "chicago_father_daughter_leukemia"


def test_spanish_take_home_round_trips_accents_through_text_extraction(take_home):
    text = flat(" ".join(pages_text(take_home(NAME))))
    for phrase in (
        "Lo que sigue",
        "Solicitud de liberación de Ernesto Villalobos Cárdenas",
        "Documentos que todavía necesitamos de usted",
        "Acta de nacimiento de cada hija o hijo con ciudadanía o residencia",
        "Próximos pasos",
        "Qué esperar",
        "Localizador de Detenidos",
        "número A A215-884-307",
        "grillete electrónico",
        "Página 1 de",
        "Su número de caso en la clínica: C-TEST42",
        "4 de marzo de 2026",
    ):
        assert phrase in text, phrase


def test_take_home_lists_documents_still_needed_and_the_next_hearing(take_home):
    text = flat(" ".join(pages_text(take_home(NAME))))
    assert "Carta del médico tratante" in text
    assert "14 de abril de 2026" in text
    assert "La clínica le dará una carta para Dr. Margaret Okafor" in text


def test_the_physician_letters_are_their_own_output_not_the_family_sheet(take_home):
    # The letters carry counsel's name: they leave the clinic only after review, on their own.
    text = flat(" ".join(pages_text(take_home(NAME))))
    assert "REQUEST FOR A LETTER FROM THE TREATING PHYSICIAN" not in text
    letters = flat(" ".join(pages_text(build_physician_letters(persona_inputs(NAME)))))
    assert "REQUEST FOR A LETTER FROM THE TREATING PHYSICIAN" in letters
    assert "the prognosis;" in letters
    assert "el pronóstico;" in letters
    assert "Entregue esta carta en el consultorio de Dr. Margaret Okafor" in letters


def test_take_home_has_no_counsel_material(take_home):
    text = flat(" ".join(pages_text(take_home(NAME))))
    assert "For counsel" not in text
    assert "Red flags" not in text
    assert "DRAFT" not in text
