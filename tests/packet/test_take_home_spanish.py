"""The family's sheet in Spanish: accents and ñ survive text extraction; content is the family's."""

from __future__ import annotations

from tests.packet.conftest import flat, pages_text

NAME = "chicago_father_daughter_leukemia"


def test_spanish_take_home_round_trips_accents_through_text_extraction(take_home):
    text = flat(" ".join(pages_text(take_home(NAME))))
    for phrase in (
        "Lo que sigue",
        "Solicitud de liberación de Ernesto Villalobos Cárdenas",
        "Documentos que todavía necesitamos de usted",
        "Acta de nacimiento de cada hijo(a) ciudadano(a) o residente",
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
    assert "Lleve la carta adjunta al consultorio de Dr. Margaret Okafor" in text


def test_take_home_carries_the_physician_letter_in_english_and_spanish(take_home):
    text = flat(" ".join(pages_text(take_home(NAME))))
    assert "REQUEST FOR A LETTER FROM THE TREATING PHYSICIAN" in text
    assert "the prognosis;" in text
    assert "el pronóstico;" in text
    assert "Entregue esta carta en el consultorio de Dr. Margaret Okafor" in text


def test_take_home_has_no_counsel_material(take_home):
    text = flat(" ".join(pages_text(take_home(NAME))))
    assert "For counsel" not in text
    assert "Red flags" not in text
    assert "DRAFT" not in text
