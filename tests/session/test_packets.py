"""`session.packets`: counsel's choices and review for a case, and the outputs built from them."""

from __future__ import annotations

import datetime as dt

import pytest

from intake_app.domain.errors import NotPermitted
from tests.conftest import write_every_point

TODAY = dt.date(2026, 12, 7)


def test_choices_are_kept_per_case_and_reach_the_inputs(admin):
    session, case_id = admin
    bases = [b.id for b in session.cases.analysis(case_id, today=TODAY).legal_bases][:1]
    session.packets.choose_legal_bases(case_id, bases)
    session.packets.set_pro_se(case_id, True)
    session.packets.set_paragraph_override(case_id, "intro", "Counsel's own words.")
    inputs = session.packets.inputs(case_id, today=TODAY)
    assert inputs.legal_bases == tuple(bases) and inputs.pro_se
    assert inputs.overrides == {"intro": "Counsel's own words."}
    session.packets.reset_paragraph_override(case_id, "intro")
    assert session.packets.paragraph_overrides(case_id) == {}
    session.packets.choose_legal_bases(case_id, None)
    assert session.packets.inputs(case_id, today=TODAY).legal_bases is None


def test_a_review_holds_until_an_answer_changes(admin):
    session, case_id = admin
    write_every_point(session, case_id, today=TODAY)
    assert session.cases.get(case_id).status == "intake"
    session.packets.mark_reviewed(case_id, today=TODAY)
    assert session.packets.review_state(case_id)["by"] == "Ana Admin"
    assert session.packets.inputs(case_id, today=TODAY).reviewed
    assert session.cases.get(case_id).status == "ready"  # the case list says so
    session.cases.save_answer(case_id, "detainee_family_names", "OTRO APELLIDO")
    assert session.packets.review_state(case_id) is None


def test_every_output_is_built_in_memory(admin):
    session, case_id = admin
    assert session.packets.build(case_id, today=TODAY).startswith(b"%PDF")
    assert session.packets.build_take_home(case_id, today=TODAY).startswith(b"%PDF")
    assert session.packets.build_counsel_review(case_id, today=TODAY).startswith(b"%PDF")
    assert session.packets.build_docx(case_id, "packet", today=TODAY).startswith(b"PK")
    assert any(road.available for road in session.packets.roads(case_id, today=TODAY))


def test_a_volunteer_takes_out_only_the_familys_sheet(session):
    case_id = session.cases.create("es")
    session.packets.require_output(case_id, "take_home")
    for output in ("packet", "review", "physician_letters"):
        with pytest.raises(NotPermitted):
            session.packets.require_output(case_id, output)
    with pytest.raises(NotPermitted):
        session.packets.build(case_id)
