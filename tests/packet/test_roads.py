"""The other roads out of detention: each fits the custody postures it serves, carries its own
caption, addressee and exhibits, and builds in both formats with the same words."""

from __future__ import annotations

import io

import docx
import pytest

from intake_app.domain.errors import RoadClosed
from intake_app.packet.roads import build_road, build_road_docx, road_story, roads
from tests.packet.conftest import PERSONA_NAMES, flat, pages_text, persona_inputs
from tests.packet.test_packet_docx import _docx_paragraphs, _headers, _pdf_body

# The roads each persona's custody posture opens (the rest must be closed).
OPEN = {
    "arriving_cbp_one_diabetic_dallas": set(),
    "b2_overstay_home_health_aide_denver": {"bond_motion"},
    "chicago_father_daughter_leukemia": {"bond_motion"},
    "chicago_operation_warrantless_arrest": {"bond_motion"},
    "county_jail_database_detainer": {"bond_motion"},
    "derived_citizen_mother_naturalized_kiche": set(),
    "ewi_greeley_bond_class_year_only": {"bond_motion"},
    "final_order_in_absentia_miami": set(),
    "laken_riley_shoplifting_dismissed_houston": set(),
    "leukemia_traffic_stop_michigan": {"bond_motion"},
    "longtime_resident_old_dui": {"bond_motion"},
    "pregnant_theft_charge_laken_riley": set(),
    "reinstated_order_dalton_mam": set(),
    "unknown_posture_claimed_warrant_aurora_il": set(),
}


def _text(pdf: bytes) -> str:
    return flat(" ".join(pages_text(pdf)))


def test_every_persona_has_its_roads_listed():
    assert sorted(OPEN) == PERSONA_NAMES


@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_the_roads_that_open_follow_the_custody_posture(name):
    listed = roads(persona_inputs(name))
    opened = {r.id for r in listed if r.available}
    assert {r.id for r in listed if r.id in {"bond_motion"}} == {"bond_motion"}
    assert opened & {"bond_motion"} == OPEN[name] & {"bond_motion"}
    for road in listed:
        assert road.title("en") and road.title("es") and road.audience("es")
        if not road.available:
            assert road.why_not("es")
            with pytest.raises(RoadClosed):
                build_road(persona_inputs(name), road.id)


@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_every_open_road_builds_in_both_formats_with_the_same_words(name):
    inputs = persona_inputs(name)
    for road in roads(inputs):
        if not road.available:
            continue
        pdf = build_road(inputs, road.id)
        body = _pdf_body(pdf, _headers(road_story(inputs, road.id))).replace(" ", "")
        paragraphs = _docx_paragraphs(build_road_docx(inputs, road.id))
        assert "".join(paragraphs).replace(" ", "") == body, f"{name} {road.id}"


def test_no_bond_motion_for_a_final_order():
    for name in ("final_order_in_absentia_miami", "reinstated_order_dalton_mam"):
        with pytest.raises(RoadClosed):
            build_road(persona_inputs(name), "bond_motion")


def test_the_bond_motion_is_captioned_for_the_court_and_argues_236a_not_parole():
    inputs = persona_inputs("chicago_father_daughter_leukemia")
    text = _text(build_road(inputs, "bond_motion"))
    for words in (
        "EXECUTIVE OFFICE FOR IMMIGRATION REVIEW",
        "IMMIGRATION COURT Chicago Immigration Court",
        "In the Matter of: VILLALOBOS CÁRDENAS, Ernesto, Respondent.",
        "File No.: A215-884-307",
        "Respondent’s Motion for Custody Redetermination",
        "is detained under INA § 236(a)",
        "Matter of Guerra, 24 I&N Dec. 37 (BIA 2006)",
        "ORDER OF THE IMMIGRATION JUDGE",
        "CERTIFICATE OF SERVICE",
        "Office of the Principal Legal Advisor",
        "INDEX OF EXHIBITS",
    ):
        assert words in text, words
    for words in ("212(d)(5)", "humanitarian parole", "Dear Officer", "Field Office Director"):
        assert words not in text, words


def test_the_bond_motion_for_a_person_who_entered_without_inspection_states_class_facts():
    inputs = persona_inputs("ewi_greeley_bond_class_year_only")
    text = _text(build_road(inputs, "bond_motion"))
    assert "entered the United States without inspection in 2005" in text
    assert "Bond Eligible Class certified in Maldonado Bautista" in text
    assert "[Counsel: Verify the current status of the Maldonado Bautista judgment" in text


def test_a_road_letters_its_own_exhibits_from_a():
    inputs = persona_inputs("chicago_father_daughter_leukemia")
    text = _text(build_road(inputs, "bond_motion"))
    index = text[text.index("INDEX OF EXHIBITS") :]
    assert index.split("A-Number A215-884-307 ")[1].startswith("A Identity documents")
    assert "Form G-28" not in index  # the G-28 is ICE's; the court gets an EOIR-28


def test_a_road_names_what_its_draft_still_lacks():
    road = next(r for r in roads(persona_inputs("chicago_father_daughter_leukemia")))
    assert any("EOIR-28" in point for point in road.points)
    assert any("Proof of residence" in missing for missing in road.missing)


def test_the_word_draft_of_a_road_has_real_headings():
    inputs = persona_inputs("chicago_father_daughter_leukemia")
    document = docx.Document(io.BytesIO(build_road_docx(inputs, "bond_motion")))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "I.\tThe Court Has Jurisdiction to Redetermine Custody" in headings
    assert "ORDER OF THE IMMIGRATION JUDGE" in headings
