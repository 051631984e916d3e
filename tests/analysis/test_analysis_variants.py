"""One changed answer at a time: the rules that appear or vanish, and nothing else."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from intake_app.analysis import analyze
from intake_app.forms import load_form, validate, visible_answers
from intake_app.paths import forms_dir

from .conftest import PERSONAS_DIR, TODAY

INCIDENT = {
    "incident_date": "2014-09-13",
    "incident_court": "Cook County Circuit Court, Traffic Division",
    "incident_case_number": "14-TR-118204",
    "incident_charge": "Charge as written",
    "incident_disposition": "convicted",
    "incident_certified_disposition": "no",
}


def _with_incident(kind: str) -> dict[str, Any]:
    return {
        "has_criminal_record": "yes",
        "incidents": [{**INCIDENT, "incident_type": kind}],
    }


def _with(kind: str, **fields: Any) -> dict[str, Any]:
    answers = _with_incident(kind)
    answers["incidents"][0].update(fields)
    return answers


VARIANTS = [
    pytest.param(
        "leukemia_traffic_stop_michigan",
        {"arrest_state": "IL"},
        {
            "findings": {"castanon_nava_warrantless_arrest"},
            "missing_evidence": {"i213", "arrest_witness_declarations"},
        },
        {},
        id="the Michigan arrest, made in Illinois, falls under Castañon Nava",
    ),
    pytest.param(
        "leukemia_traffic_stop_michigan",
        {"arrest_state": "IL", "vehicle_stopped_by": "ice"},
        {
            "findings": {"castanon_nava_warrantless_arrest", "castanon_nava_vehicle_stop"},
            "missing_evidence": {"i213", "arrest_witness_declarations"},
        },
        {},
        id="a vehicle stop by immigration agents in Illinois is a decree vehicle stop too",
    ),
    pytest.param(
        "chicago_operation_warrantless_arrest",
        {"warrant_shown": "administrative"},
        {},
        {
            "findings": {"castanon_nava_warrantless_arrest"},
            "missing_evidence": {"i213", "arrest_witness_declarations"},
        },
        id="an arrest with a warrant is not a warrantless arrest",
    ),
    pytest.param(
        "chicago_operation_warrantless_arrest",
        {"warrant_shown": "claimed_not_shown"},
        {},
        {},
        id="a warrant claimed but never shown counts as no warrant",
    ),
    pytest.param(
        "chicago_father_daughter_leukemia",
        {"claims_us_citizenship": "unknown", "citizenship_claim_details": "Not sure."},
        {"red_flags": {"claims_us_citizenship"}, "missing_evidence": {"citizenship_evidence"}},
        {},
        id="an unsure citizenship answer is flagged for counsel, the posture stays",
    ),
    pytest.param(
        "chicago_father_daughter_leukemia",
        {
            "claims_us_citizenship": "yes",
            "citizenship_claim_details": "Mother says he was born in Texas while she worked there.",
        },
        {
            "posture": {"posture_possible_citizen"},
            "red_flags": {"claims_us_citizenship"},
            "legal_bases": {"citizenship_assertion", "habeas_2241"},
            "missing_evidence": {"citizenship_evidence"},
        },
        {
            "posture": {"posture_236a_discretionary"},
            "legal_bases": {
                "release_236a",
                "ij_bond_redetermination",
                "parental_accommodations_11064_4",
            },
            "relief": {"relief_cancellation_non_lpr"},
            "missing_evidence": {"identity_document", "custody_papers", "hardship_evidence"},
        },
        id="a claim to citizenship replaces the release road",
    ),
    pytest.param(
        "chicago_father_daughter_leukemia",
        _with_incident("reckless_driving"),
        {"red_flags": {"reckless_driving_charge"}, "missing_evidence": {"certified_dispositions"}},
        {"factors": {"no_criminal_record"}, "missing_evidence": {"background_check"}},
        id="reckless driving is a red flag, not a minor traffic record",
    ),
    pytest.param(
        "chicago_father_daughter_leukemia",
        _with_incident("hit_and_run"),
        {
            "red_flags": {"hit_and_run_charge", "possible_236c_conviction"},
            "missing_evidence": {"certified_dispositions"},
        },
        {"factors": {"no_criminal_record"}, "missing_evidence": {"background_check"}},
        id="a hit-and-run conviction is a red flag",
    ),
    pytest.param(
        "chicago_father_daughter_leukemia",
        _with_incident("accident_injury"),
        {"red_flags": {"accident_with_injury"}, "missing_evidence": {"certified_dispositions"}},
        {"factors": {"no_criminal_record"}, "missing_evidence": {"background_check"}},
        id="an accident with injury is a danger question, not Laken Riley for an admitted person",
    ),
    pytest.param(
        "chicago_father_daughter_leukemia",
        _with("theft", incident_disposition="dismissed"),
        {"red_flags": {"non_traffic_charge"}, "missing_evidence": {"certified_dispositions"}},
        {"factors": {"no_criminal_record"}, "missing_evidence": {"background_check"}},
        id="a theft charge without an inadmissibility predicate is not Laken Riley",
    ),
    pytest.param(
        "chicago_operation_warrantless_arrest",
        _with("theft", incident_disposition="dismissed"),
        {
            "posture": {"posture_236c_mandatory"},
            "red_flags": {"non_traffic_charge", "laken_riley_mandatory_detention"},
            "legal_bases": {"mandatory_detention_review_joseph"},
            "missing_evidence": {"certified_dispositions"},
        },
        {
            "posture": {"posture_235b_applicant"},
            "factors": {"no_criminal_record"},
            "legal_bases": {"humanitarian_parole_212d5", "bond_class_maldonado_bautista"},
            "missing_evidence": {"identity_document", "background_check"},
        },
        id="entry without inspection and a dismissed theft charge are both Laken Riley predicates",
    ),
    pytest.param(
        "chicago_operation_warrantless_arrest",
        _with("dui", incident_serious_injury="no"),
        {
            "red_flags": {"dui_charge"},
            "missing_evidence": {"certified_dispositions", "proof_of_completion"},
        },
        {"factors": {"no_criminal_record"}, "missing_evidence": {"background_check"}},
        id="a DUI with no one hurt is a danger question, not a Laken Riley predicate",
    ),
    pytest.param(
        "chicago_operation_warrantless_arrest",
        _with("accident_injury", incident_serious_injury="yes"),
        {
            "posture": {"posture_236c_mandatory"},
            "red_flags": {"accident_with_injury", "laken_riley_mandatory_detention"},
            "legal_bases": {"mandatory_detention_review_joseph"},
            "missing_evidence": {"certified_dispositions"},
        },
        {
            "posture": {"posture_235b_applicant"},
            "factors": {"no_criminal_record"},
            "legal_bases": {"humanitarian_parole_212d5", "bond_class_maldonado_bautista"},
            "missing_evidence": {"identity_document", "background_check"},
        },
        id="a crime causing serious injury is a Laken Riley predicate",
    ),
    pytest.param(
        "chicago_father_daughter_leukemia",
        _with_incident("no_license"),
        {
            "factors": {"record_traffic_only"},
            "missing_evidence": {"certified_dispositions", "proof_of_completion"},
        },
        {"factors": {"no_criminal_record"}},
        id="a single no-license ticket makes the record traffic-only",
    ),
    pytest.param(
        "chicago_father_daughter_leukemia",
        {"prior_removal": "yes", "prior_removal_details": "Returned at the border in 2008."},
        {"red_flags": {"prior_removal"}},
        {},
        id="a prior removal is a red flag",
    ),
    pytest.param(
        "chicago_father_daughter_leukemia",
        {"final_order": "yes", "final_order_in_absentia": "yes"},
        {
            "posture": {"posture_241_final_order"},
            "red_flags": {"final_order_of_removal", "in_absentia_order"},
            "legal_bases": {"stay_of_removal_i246", "order_of_supervision_241"},
            "missing_evidence": {"removal_order_copy", "missed_hearing_proof"},
        },
        {
            "posture": {"posture_236a_discretionary"},
            "legal_bases": {"release_236a", "ij_bond_redetermination"},
            "missing_evidence": {"custody_papers"},
        },
        id="a final order in absentia turns the road to a stay and supervision",
    ),
    pytest.param(
        "chicago_father_daughter_leukemia",
        {"home_entry": "entered_without_permission"},
        {
            "findings": {"home_entry_without_consent"},
            "missing_evidence": {"i213", "arrest_witness_declarations"},
        },
        {},
        id="entering the home without consent on an administrative warrant is a finding",
    ),
    pytest.param(
        "chicago_father_daughter_leukemia",
        {"ice_custody_date": "2025-08-01", "arrest_date": "2025-08-01"},
        {"findings": {"prolonged_detention"}, "legal_bases": {"habeas_2241"}},
        {},
        id="six months in custody suggests habeas",
    ),
    pytest.param(
        "chicago_father_daughter_leukemia",
        {"custody_authority": "ina_236c"},
        {
            "posture": {"posture_236c_mandatory"},
            "red_flags": {"mandatory_detention_authority"},
            "legal_bases": {"mandatory_detention_review_joseph"},
            "missing_evidence": {"notice_to_appear"},
        },
        {
            "posture": {"posture_236a_discretionary"},
            "legal_bases": {"release_236a", "ij_bond_redetermination"},
            "missing_evidence": {"identity_document", "custody_papers"},
        },
        id="mandatory detention on ICE's papers rules out release under 236(a)",
    ),
    pytest.param(
        "county_jail_database_detainer",
        {"detainer_probable_cause_basis": ["database_checks", "statements"]},
        {},
        {"findings": {"database_only_detainer"}},
        id="a detainer that also rests on statements is not database-only",
    ),
    pytest.param(
        "county_jail_database_detainer",
        {"booking_state": "CA", "booking_in_cd_cal": "yes"},
        {"findings": {"gonzalez_database_only_detainer"}},
        {"findings": {"database_only_detainer"}},
        id="only a detainer from the Central District of California is a Gonzalez finding",
    ),
]


@pytest.fixture(scope="module")
def form():
    return load_form(forms_dir() / "humanitarian_release.yaml")


def _ids(form, answers: dict[str, Any]) -> dict[str, set[str]]:
    found = analyze(visible_answers(form, answers), today=TODAY).ids()
    return {part: set(ids) for part, ids in found.items()}


@pytest.mark.parametrize(("persona", "changes", "added", "removed"), VARIANTS)
def test_changing_one_fact_changes_exactly_the_rules_it_should(
    form, persona, changes, added, removed
):
    case = json.loads((PERSONAS_DIR / f"{persona}.json").read_text(encoding="utf-8"))
    before = case["answers"]
    after = {**copy.deepcopy(before), **changes}
    assert validate(form, after, TODAY) == []
    old, new = _ids(form, before), _ids(form, after)
    for part in old:
        assert new[part] - old[part] == added.get(part, set()), part
        assert old[part] - new[part] == removed.get(part, set()), part
