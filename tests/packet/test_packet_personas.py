"""Each persona's packet takes the road its custody posture opens, argues what the facts support,
cites its exhibits, and says nothing false, superseded or hidden."""

from __future__ import annotations

import copy
from dataclasses import dataclass

import pytest

from intake_app.packet import build_counsel_review, build_packet
from tests.packet.conftest import PERSONA_NAMES, flat, inputs_for, pages_text, persona


@dataclass(frozen=True)
class Road:
    """The posture a persona's answers give, the bases the letter argues, and its sentences."""

    posture: str
    argued: set[str]
    says: list[str]
    never: list[str]


# Said of every 236(a), 235(b) and 241 letter: it asks for release in the posture's own terms.
ROADS: dict[str, Road] = {
    "chicago_father_daughter_leukemia": Road(
        "posture_236a_discretionary",
        {"release_236a", "parental_accommodations_11064_4"},
        [
            "VILLALOBOS CÁRDENAS, Ernesto",
            "A-Number: A215-884-307",
            "Date of Birth: July 19, 1986",
            "Detained at: Clay County Justice Center",
            "Chicago Field Office",
            "101 West Ida B. Wells Drive",
            "Dear Officer M. Brennan:",
            "is detained under INA § 236(a), 8 U.S.C. § 1226(a)",
            "INA § 236(a)(2)(B)",
            "8 C.F.R. § 236.1(c)(8)",
            "Matter of Castillo-Padilla, 25 I&N Dec. 257 (BIA 2010)",
            "was admitted to the United States on August 14, 2009 with a B-2 tourist visa",
            "release him on the minimum bond of $1,500 under INA § 236(a)(2)(A)",
            "ICE Directive 11064.4",
            "Immigration History and Custody",
            "Identity Is Established",
            "The Arrest",
            "No Risk of Flight",
            "No Danger to the Community",
            "To his family’s knowledge, Mr. Villalobos Cárdenas has never been arrested",
            "Urgent Humanitarian Reasons Warrant Release",
            "Requests Concerning the Children",
            "Release Plan",
            "B-cell acute lymphoblastic leukemia",
            "approximately 16 years, since August 14, 2009",
            "will again take Valeria Villalobos Vázquez to treatment",
            "telephonic reporting, the SmartLINK application, and electronic monitoring",
            "Sarah Kowalczyk",
            "DECLARATION OF ROSA ELENA VÁZQUEZ MORALES",
            "The language I speak best is Spanish",
            "I know the facts in this declaration from my own knowledge. I am his wife",
            "I declare under penalty of perjury under the laws of the United States of America",
            "CERTIFICATE OF INTERPRETER AND DECLARANT’S ACKNOWLEDGMENT",
            "I, Daniela Ortiz Fuentes, certify that I am competent to interpret between English "
            "and Spanish",
            "I, Rosa Elena Vázquez Morales, state that the foregoing declaration was read to me in "
            "Spanish",
            "LETTER OF SPONSORSHIP",
        ],
        [
            "212(d)(5)(A)",
            "11064.3",
            "Castañon Nava",
            "Criminal History",
            "other_status",
            "None.",
            "REQUEST FOR A LETTER FROM THE TREATING PHYSICIAN",
            "Counsel review",
        ],
    ),
    "b2_overstay_home_health_aide_denver": Road(
        "posture_236a_discretionary",
        {"release_236a", "parental_accommodations_11064_4"},
        [
            "QUINTERO BELTRÁN, Marisol",
            "Denver Field Office",
            "is detained under INA § 236(a)",
            "with a B-2 tourist visa",
            "After her arrest, ICE set a bond of $10,000.00.",
            "lower the bond of $10,000.00 to the minimum of $1,500 under INA § 236(a)(2)(A)",
            "release her on her own recognizance or on conditional parole",
            "A background check confirms that Ms. Quintero Beltrán has no criminal record",
            "type 1 diabetes",
            "who is a lawful permanent resident",
        ],
        ["212(d)(5)(A)", "Castañon Nava", "never been arrested", "highly unlikely to fail"[:0]],
    ),
    "longtime_resident_old_dui": Road(
        "posture_236a_discretionary",
        {"release_236a"},
        [
            "DOMÍNGUEZ ÁVILA, Leticia Margarita",
            "Criminal History",
            "Driving while intoxicated",
            "Certified dispositions are enclosed",
            "[Counsel: Explain each charge here",
            "DOJ-Accredited Representative for Leticia Margarita Domínguez Ávila",
            "Department of Justice–accredited representative",
            "Houston Field Office",
            "lower the bond of $15,000.00 to the minimum",
            "Adrián Salas Domínguez, age 6, a child in her care, is a U.S. citizen",
            "[Counsel: Enclose the Form G-28",
        ],
        [
            "No Danger to the Community",
            "has never been arrested",
            "212(d)(5)(A)",
            "Her child Adrián",
        ],
    ),
    "chicago_operation_warrantless_arrest": Road(
        "posture_235b_applicant",
        {"humanitarian_parole_212d5"},
        [
            "BENÍTEZ CARRASCO, Aurelio",
            "ICE treats Mr. Benítez Carrasco as an applicant for admission detained under INA "
            "§ 235(b)",
            "INA § 212(d)(5)(A), 8 U.S.C. § 1182(d)(5)(A)",
            "The officers showed no warrant.",
            "governed by the consent decree in Castañon Nava v. DHS, No. 18-cv-3757 (N.D. Ill.)",
            "likely to escape before a warrant can be obtained",
            "We ask ICE to provide the Form I-213 for this arrest",
            "congregation of Our Lady of Fatima Parish",
        ],
        ["INA § 236(a)(2)(B)", "conditional parole", "our Lady"],
    ),
    "leukemia_traffic_stop_michigan": Road(
        "posture_235b_applicant",
        {
            "humanitarian_parole_212d5",
            "medical_concern_memo_2006",
            "parental_accommodations_11064_4",
        },
        [
            "ARRIAGA SOLÍS, Héctor Manuel",
            "Detroit Field Office",
            "Dear Field Office Director:",
            "8 C.F.R. § 212.5(b)(1)",
            "Memorandum from John P. Torres, Director, Office of Detention and Removal Operations",
            "Discretion in Cases of Extreme or Severe Medical Concern (Dec. 11, 2006)",
            "an immigration judge held that the court lacked jurisdiction to consider bond",
            "arrested during a vehicle stop in Michigan",
            "only contacts with law enforcement have been minor traffic matters",
            "22 days without his prescribed medication",
        ],
        [
            "Castañon Nava",
            "Officer Unknown",
            "Certified dispositions are enclosed",
            "They likewise",
            "INA § 236(a)(2)(B)",
        ],
    ),
    "county_jail_database_detainer": Road(
        "posture_235b_applicant",
        {"humanitarian_parole_212d5", "parental_accommodations_11064_4"},
        [
            "MEJÍA PORTILLO, Santos Eliseo",
            "Atlanta Field Office",
            "gave electronic database checks as its only basis for probable cause",
            "No Form I-200 or I-205 warrant accompanied the detainer",
            "ICE Policy No. 10074.2",
            "ICE took custody of him from the jail on February 7, 2026",
            "The matter of February 5, 2026 is still pending",
        ],
        ["Gonzalez", "Certified dispositions are enclosed", "416 F. Supp. 3d 995"],
    ),
    "final_order_in_absentia_miami": Road(
        "posture_241_final_order",
        {"order_of_supervision_241", "stay_of_removal_i246", "parental_accommodations_11064_4"},
        [
            "CASTILLO RAMOS, Wilmer Josué",
            "Miami Field Office",
            "865 SW 78th Avenue, Suite 101",
            "release him from custody under an order of supervision",
            "is subject to a final order of removal entered on March 15, 2016",
            "INA § 241(a), 8 U.S.C. § 1231(a)",
            "8 C.F.R. § 241.4",
            "The order was entered in his absence.",
            "he missed the hearing because the hearing notice went to his old address in Houston",
            "Ties to the Community",
            "[Counsel: Answer the final order and any missed appearance",
            "[Counsel: State whether the application for a stay of removal on Form I-246",
        ],
        [
            "No Risk of Flight",
            "not a danger to the community or a flight risk",
            "highly unlikely that Mr. Castillo Ramos would fail to appear",
            "CERTIFICATE OF INTERPRETER",
            "212(d)(5)(A)",
            "conditional parole",
            "address..",
        ],
    ),
    "reinstated_order_dalton_mam": Road(
        "posture_241_final_order",
        {"order_of_supervision_241", "stay_of_removal_i246", "parental_accommodations_11064_4"},
        [
            "MORALES CHUB, Edgar Iván",
            "ICE has reinstated a prior order of removal.",
            "8 C.F.R. § 241.4",
            "Ties to the Community",
            "has never been charged with or convicted of any crime",
            "The language I speak best is Mam",
            "certify that I am competent to interpret between English and Mam",
        ],
        ["No Risk of Flight", "highly unlikely", "never been arrested", "212(d)(5)(A)"],
    ),
    "pregnant_theft_charge_laken_riley": Road(
        "posture_236c_mandatory",
        {"pregnancy_directive_11032_4"},
        [
            "ORTEGA CRUZ, Yesenia Marisol",
            "ICE Directive 11032.4, Identification and Monitoring of Pregnant, Postpartum, or "
            "Nursing Individuals (July 1, 2021)",
            "[Counsel: Ms. Ortega Cruz is held as subject to mandatory detention under "
            "INA § 236(c)",
            "Matter of Joseph, 22 I&N Dec. 799 (BIA 1999)",
            "is pregnant; her expected due date is June 22, 2026",
            "Criminal History",
            "Theft, value under $100",
            "still pending",
            "My name is Yesenia Marisol Ortega Cruz. I am detained",
            "The language I speak best is Spanish",
        ],
        [
            "No Danger to the Community",
            "has never been arrested",
            "Certified dispositions are enclosed",
            "I respectfully request that ICE parole",
            "212.5(b)(2)",
        ],
    ),
    "laken_riley_shoplifting_dismissed_houston": Road(
        "posture_236c_mandatory",
        set(),
        [
            "REYES FUNES, Jonathan Alexis",
            "held as subject to mandatory detention under INA § 236(c)",
            "That charge was later dropped.",
            "ICE took custody of him from the jail on January 7, 2026",
            "dismissed",
            "[Counsel: Write what this letter asks of ICE for a person held under mandatory",
        ],
        ["No Danger to the Community", "212(d)(5)(A)", "conditional parole under", "minimum bond"],
    ),
    "arriving_cbp_one_diabetic_dallas": Road(
        "posture_235b_applicant",
        {"humanitarian_parole_212d5", "medical_concern_memo_2006"},
        [
            "PEÑA RONDÓN, Yusmary Carolina",
            "arrived at the border on January 18, 2024, was processed by U.S. Customs and Border "
            "Protection, and was released",
            "The Notice to Appear charges her as an arriving applicant for admission",
            "8 C.F.R. § 212.5(b)(1)",
            "6 days without her prescribed medication",
            "[Counsel: The hearing date on file, February 20, 2026, has passed",
            "resume her medical care with Dr. Luis Herrera",
        ],
        ["is scheduled for February 20, 2026", "INA § 236(a)(2)(B)", "Castañon Nava"],
    ),
    "ewi_greeley_bond_class_year_only": Road(
        "posture_235b_applicant",
        {"humanitarian_parole_212d5", "parental_accommodations_11064_4"},
        [
            "CÁRCAMO LAZO, Rigoberto",
            "approximately 20 years, since 2005",
            "present in the United States without admission or parole",
            "On January 12, 2026, an immigration judge held that the court lacked jurisdiction",
            "8 C.F.R. § 212.5(b)(5)",
            "Certified dispositions are enclosed",
        ],
        ["Castañon Nava", "Relief from Removal", "INA § 236(a)(2)(B)", "Maldonado Bautista"],
    ),
    "derived_citizen_mother_naturalized_kiche": Road(
        "posture_possible_citizen",
        {"citizenship_assertion"},
        [
            "Re: U.S. Citizen in ICE Custody: Request for Immediate Release",
            "TZOC IXCOY, Baltazar",
            "is, or may well be, a citizen of the United States",
            "ICE cannot use its civil immigration enforcement authority to arrest or detain a U.S. "
            "citizen",
            "ICE Directive 16001.2",
            "His mother became a U.S. citizen by naturalization on June 10, 2004, when Mr. Tzoc "
            "Ixcoy was 14 years old",
            "became a lawful permanent resident on August 1, 2000, at the age",
            "INA § 320, 8 U.S.C. § 1431",
            "I ask that ICE release Mr. Tzoc Ixcoy today",
            "The language I speak best is K'iche'",
            "certify that I am competent to interpret between English and K'iche'",
        ],
        [
            "alien",
            "parole",
            "flight risk",
            "No Risk of Flight",
            "Release Plan",
            "LETTER OF SPONSORSHIP",
            "bond",
        ],
    ),
    "unknown_posture_claimed_warrant_aurora_il": Road(
        "posture_unknown",
        set(),
        [
            "OCHOA PAZ, Luis Fernando",
            "[Counsel: The answers do not show whether Mr. Ochoa Paz is held under section 236(a), "
            "235(b), 236(c) or 241",
            "[Counsel: Choose the request that fits the custody authority",
            "The officers said they had a warrant but did not show one.",
            "Castañon Nava v. DHS",
        ],
        ["I respectfully request that ICE", "INA § 236(a)(2)(B)", "INA § 212(d)(5)(A)"],
    ),
}
# Words of the counsel review and the physician letters: none may be in the filing.
COUNSEL_ONLY = [
    "COUNSEL REVIEW",
    "PRIVILEGED AND CONFIDENTIAL",
    "Review summary",
    "For counsel",
    "not for filing",
    "Volunteer’s notes",
    "Red flags for counsel",
    "REQUEST FOR A LETTER FROM THE TREATING PHYSICIAN",
    "Solicitud de una carta del médico tratante",
    "can post a bond of up to",
]


def test_at_least_twelve_personas_each_with_a_road():
    assert len(PERSONA_NAMES) >= 12
    assert sorted(ROADS) == PERSONA_NAMES


@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_the_posture_and_the_road_follow_from_the_answers(name):
    from tests.packet.conftest import persona_inputs

    inputs = persona_inputs(name)
    from intake_app.packet.build import chosen_bases, prepare

    assert inputs.analysis.posture_id == ROADS[name].posture
    assert set(chosen_bases(inputs, prepare(inputs).docs)) == ROADS[name].argued


@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_packet_says_what_the_persona_supports(name, packet_text):
    text = packet_text(name)
    missing = [phrase for phrase in ROADS[name].says if phrase not in text]
    assert not missing, f"{name}: missing {missing}"


@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_packet_never_says_what_the_persona_does_not_support(name, packet_text):
    text = packet_text(name)
    present = [phrase for phrase in ROADS[name].never if phrase and phrase in text]
    assert not present, f"{name}: should not say {present}"


@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_the_packet_for_ice_holds_no_counsel_only_page(name, packet):
    for number, page in enumerate(pages_text(packet(name)), 1):
        found = [words for words in COUNSEL_ONLY if words.casefold() in flat(page).casefold()]
        assert not found, f"{name}, page {number}: {found}"


@pytest.mark.parametrize(
    "name", ["chicago_father_daughter_leukemia", "reinstated_order_dalton_mam"]
)
def test_the_counsel_review_is_its_own_file_privileged_on_every_page(name):
    from tests.packet.conftest import persona_inputs

    pages = [flat(p) for p in pages_text(build_counsel_review(persona_inputs(name)))]
    assert pages and all("PRIVILEGED AND CONFIDENTIAL" in page for page in pages)
    text = " ".join(pages)
    assert "Custody posture" in text
    # The volunteer's notes to the attorney are in the review, and only there.
    has_notes = bool(persona(name)["answers"].get("notes_for_attorney"))
    assert ("Volunteer’s notes" in text) == has_notes


def test_the_questions_the_issue_names_are_answered_by_the_letters(packet_text):
    # A Michigan arrest never mentions Castañon Nava; a Georgia detainer never cites Gonzalez.
    assert "Castañon Nava" not in packet_text("leukemia_traffic_stop_michigan")
    assert "Gonzalez" not in packet_text("county_jail_database_detainer")
    # A B-2 overstay never cites 212(d)(5)(A) and does ask for bond.
    for name in ("chicago_father_daughter_leukemia", "b2_overstay_home_health_aide_denver"):
        assert "212(d)(5)(A)" not in packet_text(name)
        assert "bond of $1,500" in packet_text(name) or "minimum of $1,500" in packet_text(name)
    # A final order never says "not a flight risk" unanswered.
    for name in ("final_order_in_absentia_miami", "reinstated_order_dalton_mam"):
        text = packet_text(name)
        assert "flight risk" not in text.replace("nor a flight risk", "")
        assert "fail to appear" not in text
    # A possible citizen is never "the alien"; a pregnant person's letter cites 11032.4.
    assert "alien" not in packet_text("derived_citizen_mother_naturalized_kiche").casefold()
    assert "ICE Directive 11032.4" in packet_text("pregnant_theft_charge_laken_riley")


def test_a_final_order_may_claim_appearance_once_counsel_answers_it():
    from tests.packet.conftest import persona_inputs

    answered = persona_inputs(
        "final_order_in_absentia_miami",
        overrides={
            "cover_letter.appearance": "Mr. Castillo Ramos never received notice of the hearing; "
            "a motion to reopen is being filed."
        },
    )
    text = flat(" ".join(pages_text(build_packet(answered))))
    assert "No Risk of Flight" in text
    assert "a motion to reopen is being filed" in text
    assert "highly unlikely that Mr. Castillo Ramos would fail to appear" in text


def test_possible_relief_prints_only_when_counsel_chooses_it(packet_text):
    from tests.packet.conftest import persona_inputs

    assert "Relief from Removal" not in packet_text("ewi_greeley_bond_class_year_only")
    chosen = persona_inputs(
        "ewi_greeley_bond_class_year_only", relief=("relief_cancellation_non_lpr",)
    )
    text = flat(" ".join(pages_text(build_packet(chosen))))
    assert "Relief from Removal" in text
    assert "may be eligible for cancellation of removal under INA § 240A(b)(1)" in text


@pytest.mark.parametrize("name", PERSONA_NAMES)
def test_exhibit_index_lists_needed_documents_and_marks_missing_ones(name, packet):
    pages = [flat(p) for p in pages_text(packet(name))]
    index = next(p for p in pages if "INDEX OF EXHIBITS" in p)
    assert "A Form G-28" in index or "A Identity documents" in index
    assert "MISSING: not yet obtained" in index or "To be collected" in index
    assert "B " in index


def test_letter_cites_exhibit_tabs_that_exist(packet_text):
    text = packet_text("chicago_father_daughter_leukemia")
    assert "is enclosed (Exhibit A)" in text
    assert "(Exhibit F, to be obtained)" in text  # the treating physician's letter, still missing
    assert "Enclosures: Index of Exhibits; Exhibits A–L" in text


def test_a_reviewed_packet_holds_no_empty_tab_and_claims_nothing_missing():
    from tests.packet.conftest import persona_inputs

    reviewed = persona_inputs("chicago_father_daughter_leukemia", reviewed=True)
    text = flat(" ".join(pages_text(build_packet(reviewed))))
    assert "to be obtained" not in text
    assert "MISSING" not in text
    assert "is enclosed (Exhibit A)" in text  # the G-28 is in hand


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
    answers["interviewee_language"] = "english"
    text = flat(" ".join(pages_text(build_packet(inputs_for(answers, "en")))))
    assert "Julián Villalobos Cárdenas" not in text
    assert "Hidden charge XYZZY" not in text
    assert "LETTER OF SPONSORSHIP" not in text
    assert "CERTIFICATE OF INTERPRETER" not in text
    assert "I speak and read English, and I have read this declaration." in text


def test_a_missing_fact_leaves_out_only_its_part_or_asks_counsel():
    answers = copy.deepcopy(persona("chicago_father_daughter_leukemia")["answers"])
    for key in ("detainee_birth_date", "a_number", "deportation_officer", "years_in_us"):
        answers.pop(key)
    answers.pop("release_address")
    text = flat(" ".join(pages_text(build_packet(inputs_for(answers)))))
    assert "{" not in text and "}" not in text
    assert "Date of Birth:" not in text
    assert "A-Number: A" not in text
    assert "Dear Field Office Director:" in text
    assert "lived in the United States since August 14, 2009" in text
    # An essential fact is asked of counsel, in the draft, rather than dropped.
    assert "If released, Mr. Villalobos Cárdenas will live at [counsel: release address]" in text
    # The counsel review says what was left out.
    review = flat(" ".join(pages_text(build_counsel_review(inputs_for(answers)))))
    assert "A-Number: the RE line and the letters omit it." in review
    assert "counsel: release address" in review


def test_a_list_that_lost_all_its_items_loses_its_lead_in_too():
    answers = copy.deepcopy(persona("longtime_resident_old_dui")["answers"])
    answers["incidents"] = [{"incident_type": "dui"}]  # nothing known but the kind
    text = flat(" ".join(pages_text(build_packet(inputs_for(answers)))))
    # The list's bullet glyph extracts as DEL (0x7f) from the standard font: not a word.
    text = flat(text.replace("\x7f", " ").replace("•", " "))
    # The item is asked of counsel instead of vanishing, so the lead-in keeps its list.
    assert "record consists of the following: [counsel: date]: [counsel: charge]" in text
