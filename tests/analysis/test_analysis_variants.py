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


VARIANTS = [
    pytest.param(
        "leukemia_traffic_stop_michigan",
        {"arrest_state": "IL"},
        {
            "findings": {"castanon_nava_warrantless_arrest", "castanon_nava_vehicle_stop"},
            "missing_evidence": {"i213", "arrest_witness_declarations"},
        },
        {},
        id="the Michigan stop, made in Illinois, falls under Castañon Nava",
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
        "chicago_father_daughter_leukemia",
        {
            "claims_us_citizenship": "unknown",
            "citizenship_claim_details": "Mother says he may "
            "have been born in Texas while she worked there in 1986.",
        },
        {
            "red_flags": {"claims_us_citizenship"},
            "legal_bases": {"habeas_2241"},
            "missing_evidence": {"citizenship_evidence"},
        },
        {},
        id="a possible citizen is flagged and habeas is suggested",
    ),
    pytest.param(
        "chicago_father_daughter_leukemia",
        _with_incident("reckless_driving"),
        {"red_flags": {"reckless_driving_charge"}, "missing_evidence": {"certified_dispositions"}},
        {"factors": {"no_criminal_record"}},
        id="reckless driving is a red flag, not a minor traffic record",
    ),
    pytest.param(
        "chicago_father_daughter_leukemia",
        _with_incident("hit_and_run"),
        {"red_flags": {"hit_and_run_charge"}, "missing_evidence": {"certified_dispositions"}},
        {"factors": {"no_criminal_record"}},
        id="a hit-and-run is a red flag",
    ),
    pytest.param(
        "chicago_father_daughter_leukemia",
        _with_incident("accident_injury"),
        {
            "red_flags": {"accident_with_injury", "laken_riley_offense"},
            "missing_evidence": {"certified_dispositions"},
        },
        {"factors": {"no_criminal_record"}},
        id="an accident with injury may bring Laken Riley mandatory detention",
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
        {"red_flags": {"mandatory_detention_authority"}},
        {"legal_bases": {"conditional_parole_236a"}, "missing_evidence": set()},
        id="mandatory detention rules out conditional parole",
    ),
    pytest.param(
        "county_jail_database_detainer",
        {"detainer_probable_cause_basis": ["database_checks", "statements"]},
        {},
        {"findings": {"gonzalez_database_only_detainer"}},
        id="a detainer that also rests on statements is not database-only",
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
