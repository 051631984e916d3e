"""Each persona's packet says what its facts support, cites its exhibits, and nothing hidden."""

from __future__ import annotations

import copy

import pytest

from intake_app.packet import build_packet
from tests.packet.conftest import PERSONA_NAMES, flat, inputs_for, pages_text, persona

# What each persona's letter must say: facts, headings, legal authority, exhibits.
EXPECTED: dict[str, list[str]] = {
    "chicago_father_daughter_leukemia": [
        "VILLALOBOS CÁRDENAS, Ernesto",
        "A-Number: A215-884-307",
        "Date of Birth: July 19, 1986",
        "Detained at: Clay County Justice Center",
        "Chicago Field Office",
        "101 West Ida B. Wells Drive",
        "Dear Officer M. Brennan:",
        "A Form G-28, Notice of Entry of Appearance as Attorney or Accredited",
        "INA § 236(a)(2)(B)",
        "8 C.F.R. § 236.1(c)(8)",
        "Matter of Castillo-Padilla, 25 I&N Dec. 257 (BIA 2010)",
        "INA § 212(d)(5)(A)",
        "8 C.F.R. § 212.5(b)(5)",
        "ICE Directive 11064.3",
        "Identity Is Established",
        "No Risk of Flight",
        "No Danger to the Community",
        "Urgent Humanitarian Reasons Warrant Release",
        "Release Plan",
        "B-cell acute lymphoblastic leukemia",
        "Dr. Margaret Okafor",
        "approximately 16 years, since August 14, 2009",
        "has never been arrested for, charged with, or convicted of any offense",
        "Julián Villalobos Cárdenas",
        "telephonic reporting, the SmartLINK application, and electronic monitoring",
        "I respectfully request that ICE release him on conditional parole",
        "Sarah Kowalczyk",
        "DECLARATION OF ROSA ELENA VÁZQUEZ MORALES",
        "I declare under penalty of perjury under the laws of the United States of America",
        "CERTIFICATE OF TRANSLATION",
        "I, Daniela Ortiz Fuentes, certify that I am competent to translate from Spanish",
        "LETTER OF SPONSORSHIP",
        "REQUEST FOR A LETTER FROM THE TREATING PHYSICIAN",
        "Solicitud de una carta del médico tratante",
    ],
    "longtime_resident_old_dui": [
        "DOMÍNGUEZ ÁVILA, Leticia Margarita",
        "Criminal History",
        "Driving while intoxicated",
        "DOJ-Accredited Representative for Leticia Margarita Domínguez Ávila",
        "Department of Justice–accredited representative",
        "Houston Field Office",
    ],
    "pregnant_theft_charge_laken_riley": [
        "ORTEGA CRUZ, Yesenia Marisol",
        "8 C.F.R. § 212.5(b)(2)",
        "is pregnant; her expected due date is June 22, 2026",
        "Criminal History",
        "Theft, value under $100",
    ],
    "final_order_in_absentia_miami": [
        "CASTILLO RAMOS, Wilmer Josué",
        "ICE Directive 11064.3",
        "Miami Field Office",
        "865 SW 78th Avenue, Suite 101",
        "exercise its discretion to release him from custody",
        "Red flags for counsel",
        "Final order of removal",
    ],
    "leukemia_traffic_stop_michigan": [
        "ARRIAGA SOLÍS, Héctor Manuel",
        "Detroit Field Office",
        "8 C.F.R. § 212.5(b)(1)",
        "ICE memorandum on detainees of extreme or severe medical concern (2006)",
        "only contacts with law enforcement have been minor traffic matters",
        "days without his prescribed medication",
    ],
    "chicago_operation_warrantless_arrest": [
        "BENÍTEZ CARRASCO, Aurelio",
        "Castañon Nava",
        "Warrantless arrest covered by the Castañon Nava consent decree",
    ],
    "county_jail_database_detainer": [
        "MEJÍA PORTILLO, Santos Eliseo",
        "Atlanta Field Office",
        "Detainer based only on database checks",
        "Gonzalez v. ICE",
    ],
}
# Claims a persona's facts do not support must not appear.
ABSENT: dict[str, list[str]] = {
    "longtime_resident_old_dui": ["No Danger to the Community", "has never been arrested"],
    "pregnant_theft_charge_laken_riley": ["No Danger to the Community", "has never been arrested"],
    "final_order_in_absentia_miami": ["CERTIFICATE OF TRANSLATION", "conditional parole under"],
    "chicago_father_daughter_leukemia": ["Criminal History", "other_status", "None."],
}


def test_every_persona_has_expectations():
    assert sorted(EXPECTED) == PERSONA_NAMES


@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_packet_states_the_personas_facts_headings_and_legal_bases(name, packet_text):
    text = packet_text(name)
    missing = [phrase for phrase in EXPECTED[name] if phrase not in text]
    assert not missing, f"{name}: missing {missing}"


@pytest.mark.parametrize("name", sorted(ABSENT))
def test_packet_does_not_claim_what_the_answers_do_not_support(name, packet_text):
    text = packet_text(name)
    present = [phrase for phrase in ABSENT[name] if phrase in text]
    assert not present, f"{name}: should not say {present}"


@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_exhibit_index_lists_needed_documents_and_marks_missing_ones(name, packet):
    pages = [flat(p) for p in pages_text(packet(name))]
    index = next(p for p in pages if "INDEX OF EXHIBITS" in p)
    assert "A Form G-28" in index or "A Identity documents" in index
    assert "MISSING: not yet obtained" in index
    assert "B " in index


def test_letter_cites_exhibit_tabs_that_exist(packet_text):
    text = packet_text("chicago_father_daughter_leukemia")
    assert "is enclosed (Exhibit A)" in text
    assert "(Exhibit F)" in text  # the treating physician's letter
    assert "Enclosures: Index of Exhibits; Exhibits A–K" in text


def test_hidden_answers_never_reach_the_packet():
    answers = copy.deepcopy(persona("chicago_father_daughter_leukemia")["answers"])
    # Answers the family gave before changing an earlier answer stay stored but hidden.
    answers["has_sponsor"] = "no"
    answers["has_criminal_record"] = "no"
    answers["incidents"] = [
        {
            "incident_date": "2015-01-01",
            "incident_charge": "Hidden charge XYZZY",
            "incident_type": "speeding",
            "incident_disposition": "dismissed",
        }
    ]
    answers["interpreter_used"] = "no"
    text = flat(" ".join(pages_text(build_packet(inputs_for(answers, "en")))))
    assert "Julián Villalobos Cárdenas" not in text
    assert "Hidden charge XYZZY" not in text
    assert "LETTER OF SPONSORSHIP" not in text
    assert "CERTIFICATE OF TRANSLATION" not in text


def test_missing_fact_leaves_the_sentence_out_rather_than_a_placeholder():
    answers = copy.deepcopy(persona("chicago_father_daughter_leukemia")["answers"])
    for key in ("detainee_birth_date", "a_number", "deportation_officer", "years_in_us"):
        answers.pop(key)
    text = flat(" ".join(pages_text(build_packet(inputs_for(answers)))))
    assert "{" not in text and "}" not in text
    assert "Date of Birth:" not in text
    assert "A-Number: A" not in text
    assert "Dear Field Office Director:" in text
    assert "lived in the United States since August 14, 2009" in text
    # The counsel's summary says what was left out.
    assert "A-Number: the RE line and the letters omit it." in text
