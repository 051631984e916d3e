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
    "arriving_cbp_one_diabetic_dallas": {"medical_care_request"},
    "b2_overstay_home_health_aide_denver": {"accommodation_request", "bond_motion"},
    "chicago_father_daughter_leukemia": {"accommodation_request", "bond_motion"},
    "chicago_operation_warrantless_arrest": {
        "bond_motion",
        "class_counsel_referral",
        "habeas_support",
    },
    "county_jail_database_detainer": {"accommodation_request", "bond_motion", "habeas_support"},
    "derived_citizen_mother_naturalized_kiche": {"habeas_support"},
    "ewi_greeley_bond_class_year_only": {"accommodation_request", "bond_motion", "habeas_support"},
    "final_order_in_absentia_miami": {"accommodation_request", "stay_of_removal"},
    "laken_riley_shoplifting_dismissed_houston": set(),
    "leukemia_traffic_stop_michigan": {
        "accommodation_request",
        "bond_motion",
        "habeas_support",
        "medical_care_request",
    },
    "longtime_resident_old_dui": {"bond_motion"},
    "pregnant_theft_charge_laken_riley": set(),
    "reinstated_order_dalton_mam": {"accommodation_request", "stay_of_removal"},
    "unknown_posture_claimed_warrant_aurora_il": {"class_counsel_referral", "habeas_support"},
}
ROADS = {
    "accommodation_request",
    "bond_motion",
    "class_counsel_referral",
    "habeas_support",
    "medical_care_request",
    "stay_of_removal",
}


def _text(pdf: bytes) -> str:
    return flat(" ".join(pages_text(pdf)))


def test_every_persona_has_its_roads_listed():
    assert sorted(OPEN) == PERSONA_NAMES


@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_the_roads_that_open_follow_the_custody_posture(name):
    listed = roads(persona_inputs(name))
    assert {r.id for r in listed} == ROADS
    assert {r.id for r in listed if r.available} == OPEN[name]
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
    motion = text[: text.index("INDEX OF EXHIBITS")]  # the exhibits after it speak for themselves
    for words in ("212(d)(5)", "humanitarian parole", "Dear Officer", "Field Office Director"):
        assert words not in motion, words


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
    listed = roads(persona_inputs("chicago_father_daughter_leukemia"))
    road = next(r for r in listed if r.id == "bond_motion")
    assert any("EOIR-28" in point for point in road.points)
    assert any("Proof of residence" in missing for missing in road.missing)


def test_the_word_draft_of_a_road_has_real_headings():
    inputs = persona_inputs("chicago_father_daughter_leukemia")
    document = docx.Document(io.BytesIO(build_road_docx(inputs, "bond_motion")))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "I.\tThe Court Has Jurisdiction to Redetermine Custody" in headings
    assert "ORDER OF THE IMMIGRATION JUDGE" in headings


def test_the_medical_care_request_carries_the_seed_story_facts():
    text = _text(
        build_road(persona_inputs("leukemia_traffic_stop_michigan"), "medical_care_request")
    )
    for words in (
        "Health Services Administrator",
        "Request for Continued Medical Care",
        "Dasatinib 100 mg, one tablet a day",
        "has gone about 22 days without his prescribed medication",
        "Dr. Anil Reddy",
        "Performance-Based National Detention Standards 2011",
        "[Counsel: Check which detention standard",
    ):
        assert words in text, words
    assert "bond" not in text.casefold()


def test_the_stay_packet_answers_the_final_order_and_never_claims_no_flight_risk():
    text = _text(build_road(persona_inputs("final_order_in_absentia_miami"), "stay_of_removal"))
    assert "Application for a Stay of Removal (Form I-246)" in text
    assert "8 C.F.R. § 241.6" in text and "The order was entered in his absence." in text
    assert "FACTS FOR FORM I-246" in text
    assert "flight risk" not in text and "fail to appear" not in text


def test_the_accommodation_request_asks_for_placement_visits_and_family_court():
    text = _text(
        build_road(persona_inputs("chicago_father_daughter_leukemia"), "accommodation_request")
    )
    assert "ICE Directive 11064.4" in text and "11064.3" not in text
    assert "Dear Officer M. Brennan:" in text
    for words in ("facility near his children", "visit him", "family-court or child-welfare"):
        assert words in text, words
    assert "release him" not in text


def test_the_referral_sheet_states_the_arrest_in_the_decrees_terms_and_nothing_for_michigan():
    inputs = persona_inputs("chicago_operation_warrantless_arrest")
    text = _text(build_road(inputs, "class_counsel_referral"))
    for words in (
        "CASTAÑON NAVA REFERRAL",
        "Castañon Nava v. DHS, No. 18-cv-3757 (N.D. Ill.)",
        "Warrant: none was shown",
        "The agents did not ask about family, home, work or years in the United States.",
        "Form I-213: not yet obtained",
    ):
        assert words in text, words
    michigan = {
        r.id for r in roads(persona_inputs("leukemia_traffic_stop_michigan")) if r.available
    }
    assert "class_counsel_referral" not in michigan


def test_habeas_support_names_the_district_the_custodian_and_a_dated_chronology():
    inputs = persona_inputs("ewi_greeley_bond_class_year_only")
    text = _text(build_road(inputs, "habeas_support"))
    for words in (
        "United States District Court for the District of Colorado (Tenth Circuit)",
        "Immediate custodian: Warden, Denver Contract Detention Facility",
        "Rumsfeld v. Padilla, 542 U.S. 426 (2004)",
        "December 9, 2025: in ICE custody",
        "January 12, 2026: bond hearing; the judge held there was no jurisdiction",
        "Fed. R. Civ. P. 5.2(a)",
        "DECLARATION OF MARITZA RUIZ HENRÍQUEZ",
        "I declare under penalty of perjury under the laws of the United States of America",
    ):
        assert words in text, words


def test_a_facility_the_directory_does_not_know_is_a_point_for_counsel():
    from tests.packet.conftest import inputs_for, persona

    answers = dict(persona("ewi_greeley_bond_class_year_only")["answers"])
    answers["facility_name"] = "Some County Jail"
    text = _text(build_road(inputs_for(answers), "habeas_support"))
    assert "[Counsel: The facility is not in Amparo’s directory" in text
    assert "Immediate custodian:" not in text
