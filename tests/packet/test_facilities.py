"""The detention-facility directory: dated entries, matched from what the family says, and a
clear error for a malformed one."""

from __future__ import annotations

import pytest

from intake_app.packet.errors import PacketError
from intake_app.packet.facilities import load_facilities, match_facility
from tests.packet.conftest import PERSONA_NAMES, persona


def test_every_entry_is_dated_and_names_a_district_a_circuit_and_a_custodian_title():
    facilities = load_facilities()
    assert len(facilities) >= 15
    for facility in facilities:
        assert facility.verified.year >= 2026
        assert facility.district.startswith(("Northern", "Southern", "Eastern", "Western")) or (
            facility.district.startswith(("Middle", "Central", "District of"))
        )
        assert facility.circuit.endswith("Circuit")
        assert "," in facility.custodian or "(" in facility.custodian  # a title, never a name


def test_every_personas_facility_is_found_whatever_the_spelling():
    for name in PERSONA_NAMES:
        answer = persona(name)["answers"].get("facility_name")
        if answer:
            assert match_facility(answer) is not None, answer
    assert match_facility("krome north service processing center").id == "krome"
    assert match_facility("  STEWART detention center ").id == "stewart"
    assert match_facility("A jail nobody listed") is None
    assert match_facility("") is None


def test_a_malformed_entry_is_refused_with_its_line(tmp_path):
    path = tmp_path / "facilities.yaml"
    path.write_text(
        'facilities:\n  - id: "x"\n    name: "X"\n    city: "Y"\n    district: "D"\n'
        '    circuit: "C"\n    custodian: "Warden, X"\n    verified: "last week"\n',
        encoding="utf-8",
    )
    with pytest.raises(PacketError) as refused:
        load_facilities(str(path))
    assert refused.value.line == 2 and "YYYY-MM-DD" in str(refused.value)
    path.write_text('facilities:\n  - id: "x"\n    name: "X"\n', encoding="utf-8")
    with pytest.raises(PacketError):
        load_facilities(str(path))
