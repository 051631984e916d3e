"""The persona table: each fictional case file, run through the form and the analysis."""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass

import pytest

from intake_app.analysis import Analysis, analyze
from intake_app.forms import load_form, validate, visible_answers
from intake_app.forms.engine import check_case_answers
from intake_app.paths import forms_dir

from .conftest import PERSONAS_DIR, TODAY


@dataclass(frozen=True)
class Expected:
    posture: str
    factors: set[str]
    findings: set[str]
    red_flags: set[str]
    legal_bases: set[str]
    relief: set[str]
    missing_evidence: set[str]


EXPECTED = {
    # Paroled at a port, detained at a check-in: an arriving applicant for admission, 235(b).
    "arriving_cbp_one_diabetic_dallas": Expected(
        posture="posture_235b_applicant",
        factors={
            "detainee_serious_medical_condition",
            "missed_medication_in_detention",
            "steady_employment",
            "past_compliance",
            "no_criminal_record",
            "accepts_alternatives_to_detention",
        },
        findings=set(),
        red_flags={
            "sponsor_without_status",
            "fear_of_return_screen",
        },
        legal_bases={
            "humanitarian_parole_212d5",
            "medical_concern_memo_2006",
        },
        relief={
            "relief_asylum_fear",
        },
        missing_evidence={
            "identity_document",
            "detainee_medical_records",
            "medication_list",
            "detention_medical_requests",
            "employment_letter",
            "compliance_records",
            "background_check",
            "notice_to_appear",
        },
    ),
    # A B-2 overstay in Denver: 236(a); ICE set a bond she cannot pay; a background check.
    "b2_overstay_home_health_aide_denver": Expected(
        posture="posture_236a_discretionary",
        factors={
            "us_citizen_child_medical",
            "primary_caregiver",
            "parent_of_minor_child",
            "parent_of_us_citizen_child",
            "us_citizen_or_resident_spouse",
            "long_residence",
            "steady_employment",
            "files_taxes",
            "no_criminal_record",
            "sponsor_with_status",
            "accepts_alternatives_to_detention",
        },
        findings=set(),
        red_flags=set(),
        legal_bases={
            "release_236a",
            "ij_bond_redetermination",
            "parental_accommodations_11064_4",
        },
        relief={
            "relief_cancellation_non_lpr",
        },
        missing_evidence={
            "identity_document",
            "child_birth_certificate",
            "treating_physician_letter",
            "child_medical_records",
            "proof_of_caregiving",
            "spouse_status_proof",
            "proof_of_residence_years",
            "employment_letter",
            "tax_returns",
            "custody_papers",
            "hardship_evidence",
        },
    ),
    # Seed: a Chicago father held by ICE while his U.S.-citizen daughter is in cancer treatment.
    # Admitted on a B-2 visa: held under 236(a), so release by ICE or a bond, never 212(d)(5)(A).
    "chicago_father_daughter_leukemia": Expected(
        posture="posture_236a_discretionary",
        factors={
            "us_citizen_child_medical",
            "primary_caregiver",
            "parent_of_minor_child",
            "parent_of_us_citizen_child",
            "long_residence",
            "steady_employment",
            "files_taxes",
            "no_criminal_record",
            "sponsor_with_status",
            "accepts_alternatives_to_detention",
        },
        findings=set(),
        red_flags=set(),
        legal_bases={
            "release_236a",
            "ij_bond_redetermination",
            "parental_accommodations_11064_4",
        },
        relief={
            "relief_cancellation_non_lpr",
        },
        missing_evidence={
            "identity_document",
            "child_birth_certificate",
            "treating_physician_letter",
            "child_medical_records",
            "proof_of_caregiving",
            "proof_of_residence_years",
            "employment_letter",
            "tax_returns",
            "sponsor_income_proof",
            "background_check",
            "custody_papers",
            "hardship_evidence",
        },
    ),
    # Seed: warrantless street arrests in the Chicago operation, under the Castañon Nava decree.
    "chicago_operation_warrantless_arrest": Expected(
        posture="posture_235b_applicant",
        factors={
            "long_residence",
            "steady_employment",
            "no_criminal_record",
            "accepts_alternatives_to_detention",
        },
        findings={
            "castanon_nava_warrantless_arrest",
        },
        red_flags={
            "sponsor_without_status",
            "papers_signed_in_custody",
        },
        legal_bases={
            "humanitarian_parole_212d5",
            "bond_class_maldonado_bautista",
            "habeas_2241",
        },
        relief={
            "relief_u_visa",
        },
        missing_evidence={
            "identity_document",
            "proof_of_residence_years",
            "employment_letter",
            "i213",
            "arrest_witness_declarations",
            "background_check",
            "notice_to_appear",
            "custody_papers",
        },
    ),
    # Seed: a detainer resting on database checks alone, in Georgia: a probable-cause point
    # for counsel, not a Gonzalez finding (Gonzalez reached only the Central District of
    # California).
    "county_jail_database_detainer": Expected(
        posture="posture_235b_applicant",
        factors={
            "primary_caregiver",
            "parent_of_minor_child",
            "parent_of_us_citizen_child",
            "sole_breadwinner",
            "steady_employment",
            "record_traffic_only",
            "sponsor_with_status",
            "accepts_alternatives_to_detention",
        },
        findings={
            "database_only_detainer",
            "detainer_without_warrant",
            "held_past_release_on_detainer",
        },
        red_flags={
            "declarant_without_status",
            "fear_of_return_screen",
        },
        legal_bases={
            "humanitarian_parole_212d5",
            "bond_class_maldonado_bautista",
            "parental_accommodations_11064_4",
            "habeas_2241",
        },
        relief={
            "relief_asylum_fear",
        },
        missing_evidence={
            "g28",
            "identity_document",
            "child_birth_certificate",
            "proof_of_caregiving",
            "proof_of_residence_years",
            "employment_letter",
            "certified_dispositions",
            "proof_of_completion",
            "sponsor_letter",
            "sponsor_income_proof",
            "jail_release_records",
            "background_check",
            "notice_to_appear",
        },
    ),
    # Mother naturalized when he was 14, permanent resident at 10: a possible U.S. citizen.
    "derived_citizen_mother_naturalized_kiche": Expected(
        posture="posture_possible_citizen",
        factors={
            "primary_caregiver",
            "parent_of_minor_child",
            "parent_of_us_citizen_child",
            "us_citizen_or_resident_spouse",
            "long_residence",
            "steady_employment",
            "files_taxes",
            "no_criminal_record",
            "accepts_alternatives_to_detention",
        },
        findings=set(),
        red_flags={
            "claims_us_citizenship",
        },
        legal_bases={
            "citizenship_assertion",
            "habeas_2241",
        },
        relief=set(),
        missing_evidence={
            "child_birth_certificate",
            "proof_of_caregiving",
            "spouse_status_proof",
            "proof_of_residence_years",
            "employment_letter",
            "tax_returns",
            "citizenship_evidence",
            "background_check",
        },
    ),
    # Entered without inspection in 2005 (year only); no bond jurisdiction: the bond class.
    "ewi_greeley_bond_class_year_only": Expected(
        posture="posture_235b_applicant",
        factors={
            "primary_caregiver",
            "parent_of_minor_child",
            "parent_of_us_citizen_child",
            "sole_breadwinner",
            "long_residence",
            "steady_employment",
            "files_taxes",
            "past_compliance",
            "record_traffic_only",
            "sponsor_with_status",
            "accepts_alternatives_to_detention",
        },
        findings=set(),
        red_flags=set(),
        legal_bases={
            "humanitarian_parole_212d5",
            "bond_class_maldonado_bautista",
            "parental_accommodations_11064_4",
            "habeas_2241",
        },
        relief={
            "relief_cancellation_non_lpr",
        },
        missing_evidence={
            "identity_document",
            "child_birth_certificate",
            "proof_of_caregiving",
            "proof_of_residence_years",
            "employment_letter",
            "tax_returns",
            "compliance_records",
            "sponsor_letter",
            "sponsor_income_proof",
            "background_check",
            "notice_to_appear",
            "hardship_evidence",
        },
    ),
    # An in absentia order: 241, a stay and an order of supervision; the letter answers the order.
    "final_order_in_absentia_miami": Expected(
        posture="posture_241_final_order",
        factors={
            "primary_caregiver",
            "parent_of_minor_child",
            "parent_of_us_citizen_child",
            "partner_pregnant",
            "sole_breadwinner",
            "long_residence",
            "steady_employment",
            "no_criminal_record",
            "sponsor_with_status",
            "accepts_alternatives_to_detention",
        },
        findings=set(),
        red_flags={
            "final_order_of_removal",
            "missed_check_ins_or_hearings",
            "in_absentia_order",
            "fear_of_return_screen",
            "papers_signed_in_custody",
        },
        legal_bases={
            "parental_accommodations_11064_4",
            "stay_of_removal_i246",
            "order_of_supervision_241",
        },
        relief={
            "relief_cancellation_non_lpr",
            "relief_asylum_fear",
        },
        missing_evidence={
            "identity_document",
            "child_birth_certificate",
            "proof_of_caregiving",
            "pregnancy_medical_certification",
            "proof_of_residence_years",
            "employment_letter",
            "sponsor_letter",
            "sponsor_income_proof",
            "removal_order_copy",
            "background_check",
            "missed_hearing_proof",
            "hardship_evidence",
            "custody_papers",
        },
    ),
    # Entered without inspection; a shoplifting charge, dismissed: Laken Riley 236(c).
    "laken_riley_shoplifting_dismissed_houston": Expected(
        posture="posture_236c_mandatory",
        factors={
            "steady_employment",
            "sponsor_with_status",
            "accepts_alternatives_to_detention",
        },
        findings=set(),
        red_flags={
            "non_traffic_charge",
            "laken_riley_mandatory_detention",
            "declarant_without_status",
        },
        legal_bases={
            "mandatory_detention_review_joseph",
        },
        relief=set(),
        missing_evidence={
            "employment_letter",
            "certified_dispositions",
            "sponsor_letter",
            "sponsor_income_proof",
            "notice_to_appear",
        },
    ),
    # Seed: leukemia, 22 days without medication, stopped for 10 mph over; wife a U.S. citizen.
    # Entered without inspection: 235(b) in DHS's reading; a judge found no bond jurisdiction.
    "leukemia_traffic_stop_michigan": Expected(
        posture="posture_235b_applicant",
        factors={
            "parent_of_minor_child",
            "parent_of_us_citizen_child",
            "us_citizen_or_resident_spouse",
            "detainee_serious_medical_condition",
            "missed_medication_in_detention",
            "long_residence",
            "steady_employment",
            "files_taxes",
            "record_traffic_only",
            "sponsor_with_status",
            "accepts_alternatives_to_detention",
        },
        findings={
            "prolonged_detention",
        },
        red_flags=set(),
        legal_bases={
            "humanitarian_parole_212d5",
            "bond_class_maldonado_bautista",
            "parental_accommodations_11064_4",
            "medical_concern_memo_2006",
            "habeas_2241",
        },
        relief={
            "relief_cancellation_non_lpr",
        },
        missing_evidence={
            "identity_document",
            "child_birth_certificate",
            "spouse_status_proof",
            "detainee_medical_records",
            "medication_list",
            "detention_medical_requests",
            "proof_of_residence_years",
            "employment_letter",
            "tax_returns",
            "certified_dispositions",
            "sponsor_letter",
            "background_check",
            "notice_to_appear",
            "hardship_evidence",
        },
    ),
    # Admitted with a border crossing card in 1998; a 2010 DWI: 236(a) with a danger question.
    "longtime_resident_old_dui": Expected(
        posture="posture_236a_discretionary",
        factors={
            "primary_caregiver",
            "parent_of_us_citizen_child",
            "long_residence",
            "steady_employment",
            "files_taxes",
            "past_compliance",
            "sponsor_with_status",
            "accepts_alternatives_to_detention",
        },
        findings=set(),
        red_flags={
            "dui_charge",
        },
        legal_bases={
            "release_236a",
            "ij_bond_redetermination",
        },
        relief={
            "relief_cancellation_non_lpr",
        },
        missing_evidence={
            "g28",
            "identity_document",
            "child_birth_certificate",
            "proof_of_caregiving",
            "proof_of_residence_years",
            "employment_letter",
            "tax_returns",
            "compliance_records",
            "custody_papers",
            "hardship_evidence",
        },
    ),
    # Processed at the border, then a theft charge: both Laken Riley predicates, 236(c).
    "pregnant_theft_charge_laken_riley": Expected(
        posture="posture_236c_mandatory",
        factors={
            "pregnancy",
            "missed_medication_in_detention",
            "steady_employment",
            "files_taxes",
            "past_compliance",
            "sponsor_with_status",
            "accepts_alternatives_to_detention",
        },
        findings={
            "held_past_release_on_detainer",
        },
        red_flags={
            "non_traffic_charge",
            "laken_riley_mandatory_detention",
            "mandatory_detention_authority",
            "fear_of_return_screen",
            "papers_signed_in_custody",
        },
        legal_bases={
            "pregnancy_directive_11032_4",
            "mandatory_detention_review_joseph",
        },
        relief={
            "relief_asylum_fear",
        },
        missing_evidence={
            "pregnancy_medical_certification",
            "medication_list",
            "detention_medical_requests",
            "employment_letter",
            "tax_returns",
            "compliance_records",
            "certified_dispositions",
            "sponsor_income_proof",
            "detainer_copy",
            "jail_release_records",
            "notice_to_appear",
            "custody_papers",
        },
    ),
    # A prior expedited removal reinstated: 241; the declarant speaks Mam and has no status.
    "reinstated_order_dalton_mam": Expected(
        posture="posture_241_final_order",
        factors={
            "primary_caregiver",
            "parent_of_minor_child",
            "parent_of_us_citizen_child",
            "sole_breadwinner",
            "long_residence",
            "steady_employment",
            "files_taxes",
            "no_criminal_record",
            "sponsor_with_status",
            "accepts_alternatives_to_detention",
        },
        findings=set(),
        red_flags={
            "prior_removal",
            "reinstated_prior_order",
            "declarant_without_status",
            "fear_of_return_screen",
        },
        legal_bases={
            "parental_accommodations_11064_4",
            "stay_of_removal_i246",
            "order_of_supervision_241",
        },
        relief={
            "relief_asylum_fear",
        },
        missing_evidence={
            "identity_document",
            "child_birth_certificate",
            "proof_of_caregiving",
            "proof_of_residence_years",
            "employment_letter",
            "tax_returns",
            "sponsor_letter",
            "sponsor_income_proof",
            "removal_order_copy",
            "background_check",
        },
    ),
    # The family knows little: the posture is unknown; agents claimed a warrant never shown.
    "unknown_posture_claimed_warrant_aurora_il": Expected(
        posture="posture_unknown",
        factors={
            "long_residence",
            "steady_employment",
            "no_criminal_record",
            "accepts_alternatives_to_detention",
        },
        findings={
            "castanon_nava_warrantless_arrest",
        },
        red_flags={
            "declarant_without_status",
            "sponsor_without_status",
        },
        legal_bases={
            "habeas_2241",
        },
        relief=set(),
        missing_evidence={
            "proof_of_residence_years",
            "employment_letter",
            "i213",
            "arrest_witness_declarations",
            "background_check",
            "notice_to_appear",
            "custody_papers",
        },
    ),
}


@pytest.fixture(scope="module")
def form():
    return load_form(forms_dir() / "humanitarian_release.yaml")


def _case(name: str) -> dict:
    return json.loads((PERSONAS_DIR / f"{name}.json").read_text(encoding="utf-8"))


def _analysis(form, name: str) -> Analysis:
    return analyze(visible_answers(form, _case(name)["answers"]), today=TODAY)


def test_every_persona_file_has_a_row_in_the_table():
    assert {p.stem for p in PERSONAS_DIR.glob("*.json")} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_persona_is_a_complete_case_file_the_form_accepts(form, name):
    case = _case(name)
    assert {k: case[k] for k in ("format", "format_version", "form", "form_version")} == {
        "format": "amparo-case",
        "format_version": 1,
        "form": form.id,
        "form_version": form.version,
    }
    assert case["interview_language"] in ("es", "en")
    answers = case["answers"]
    assert check_case_answers(form, answers) == []
    assert validate(form, answers, TODAY) == []
    # Nothing stored behind a hidden question: what the file says is what the packet uses.
    assert visible_answers(form, answers) == answers


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_persona_yields_exactly_the_expected_factors_findings_flags_bases_and_gaps(form, name):
    ids = {part: set(found) for part, found in _analysis(form, name).ids().items()}
    expected = EXPECTED[name]
    assert ids == {
        "posture": {expected.posture},
        "factors": expected.factors,
        "findings": expected.findings,
        "red_flags": expected.red_flags,
        "legal_bases": expected.legal_bases,
        "relief": expected.relief,
        "missing_evidence": expected.missing_evidence,
    }


def test_most_personas_were_interviewed_in_spanish():
    languages = [_case(name)["interview_language"] for name in EXPECTED]
    assert languages.count("es") > len(languages) / 2


def test_child_medical_facts_name_the_child_the_diagnosis_and_the_parents_tasks(form):
    entry = _analysis(form, "chicago_father_daughter_leukemia").entry("us_citizen_child_medical")
    assert entry is not None
    assert entry.facts_in("en")[0] == (
        "Valeria Villalobos Vázquez, a U.S. citizen born May 2, 2018, is being treated for "
        "B-cell acute lymphoblastic leukemia, diagnosed in September 2025."
    )
    assert entry.facts_in("es")[0].startswith(
        "Valeria Villalobos Vázquez, ciudadano(a) estadounidense nacido(a) el 2 de mayo de 2018"
    )
    assert (
        "For Valeria Villalobos Vázquez, the detained person was in charge of giving medication, "
        "going to medical appointments, driving the child to treatment, staying overnight and "
        "through hospital stays, and giving emotional support." in entry.facts_in("en")
    )
    # Mateo has no medical condition: no fact speaks of him here.
    assert not any("Mateo" in fact for fact in entry.facts_in("en"))


def test_missed_medication_fact_counts_the_days_without_medicine(form):
    entry = _analysis(form, "leukemia_traffic_stop_michigan").entry(
        "missed_medication_in_detention"
    )
    assert entry is not None
    assert "In detention, the detained person has gone 22 days without prescribed medication." in (
        entry.facts_in("en")
    )


def test_traffic_only_record_lists_each_ticket_with_its_court_and_outcome(form):
    entry = _analysis(form, "leukemia_traffic_stop_michigan").entry("record_traffic_only")
    assert entry is not None
    assert entry.facts_in("en") == [
        "August 19, 2025: Speeding, 10 mph over the limit (civil infraction) (62-A District "
        "Court, Wyoming, Michigan), case 25-WY-04418-SI, convicted."
    ]
    # A ticket whose court is unknown is still listed, without the part that is missing.
    answers = copy.deepcopy(_case("leukemia_traffic_stop_michigan")["answers"])
    for key in ("incident_court", "incident_case_number"):
        del answers["incidents"][0][key]
    entry = analyze(visible_answers(form, answers), today=TODAY).entry("record_traffic_only")
    assert entry is not None
    assert entry.facts_in("en") == [
        "August 19, 2025: Speeding, 10 mph over the limit (civil infraction), convicted."
    ]


def test_stay_of_removal_names_the_person_and_a_formatted_a_number(form):
    entry = _analysis(form, "final_order_in_absentia_miami").entry("stay_of_removal_i246")
    assert entry is not None
    assert entry.facts_in("en") == [
        "File in person at the Miami field office for Wilmer Josué Castillo Ramos, A207-551-930."
    ]


def test_castanon_nava_finding_states_the_missing_warrant_and_the_unasked_ties(form):
    entry = _analysis(form, "chicago_operation_warrantless_arrest").entry(
        "castanon_nava_warrantless_arrest"
    )
    assert entry is not None
    facts = entry.facts_in("en")
    assert (
        facts[0] == "Arrested on the street in Illinois on October 8, 2025; no warrant was shown."
    )
    assert "The agents were not looking for this person specifically." in facts
    assert entry.citation and "Castañon Nava" in entry.citation


def test_a_missing_document_says_which_entries_need_it(form):
    analysis = _analysis(form, "county_jail_database_detainer")
    needs = {n.id: n.needed_for for n in analysis.missing_evidence}
    assert needs["child_birth_certificate"] == (
        "primary_caregiver",
        "parent_of_minor_child",
        "parent_of_us_citizen_child",
        "parental_accommodations_11064_4",
    )
    assert "detainer_copy" not in needs  # the family has the copy: detainer_copy_obtained is yes
    assert {n.id for n in analysis.needed_evidence if n.obtained} >= {"detainer_copy"}


def test_answering_that_a_document_is_in_hand_removes_it_from_the_missing_list(form):
    answers = copy.deepcopy(_case("county_jail_database_detainer")["answers"])
    answers["g28_signed_date"] = "2026-02-12"
    answers["incidents"][0]["incident_certified_disposition"] = "yes"
    missing = {n.id for n in analyze(visible_answers(form, answers), today=TODAY).missing_evidence}
    assert missing == EXPECTED["county_jail_database_detainer"].missing_evidence - {
        "g28",
        "certified_dispositions",
    }


def test_hidden_answers_do_not_reach_the_analysis(form):
    answers = copy.deepcopy(_case("chicago_father_daughter_leukemia")["answers"])
    # Saying there are no children hides the whole group; its items stay stored but absent.
    answers["has_children"] = "no"
    ids = analyze(visible_answers(form, answers), today=TODAY).ids()
    assert "us_citizen_child_medical" not in ids["factors"]
    assert "parental_accommodations_11064_4" not in ids["legal_bases"]
