"""Cases shared between laptops through a plain folder: keys, order, merge, conflicts."""

from __future__ import annotations

import pytest

from intake_app.domain.errors import NotPermitted
from intake_app.store import clinic_crypto as cc
from intake_app.store.clinic_files import key_path, read_envelope

FAMILY = "QUISPE MAMANI"
A_NUMBER = "208456123"


def _share(laptop, folder) -> str:
    s = laptop.session
    case_id = s.cases.create("es")
    s.cases.save_answer(case_id, "detainee_family_names", FAMILY)
    s.clinic.share(folder, case_id)
    s.cases.save_answer(case_id, "a_number", A_NUMBER)
    laptop.sync(folder)
    return case_id


def _case_on(laptop, family=FAMILY) -> str:
    (found,) = [c.id for c in laptop.session.cases.list() if c.family_names == family]
    return found


def test_every_member_reads_the_same_roster_back_to_the_founder(clinic):
    folder, ana, beto, cruz = clinic
    for one in (ana, beto, cruz):
        one.sync(folder)
        roles = {m.name: m.role for m in one.session.clinic.members()}
        assert roles == {"Ana": "admin", "beto": "attorney", "cruz": "volunteer"}
        assert one.session.clinic.clinic_id == ana.session.clinic.clinic_id


def test_a_shared_case_reaches_counsel_but_not_another_volunteer(clinic):
    folder, ana, beto, cruz = clinic
    case_id = _share(cruz, folder)
    report = beto.sync(folder)
    assert len(report.new_cases) == 1 and report.refused == []
    on_beto = _case_on(beto)
    assert beto.session.cases.answers(on_beto) == cruz.session.cases.answers(case_id)
    assert ana.sync(folder).new_cases  # admins see every case
    other = cruz.session.cases.create("en")  # Cruz's own unshared case stays home
    assert beto.session.clinic.is_shared(on_beto)
    assert all(c.id != other for c in beto.session.cases.list())


def test_a_volunteer_does_not_see_a_case_another_volunteer_shared(clinic, tmp_path):
    from tests.clinic.conftest import admit, laptop

    folder, ana, _beto, cruz = clinic
    dora = laptop(tmp_path, "dora")
    admit(ana, dora, folder, "volunteer")
    _share(cruz, folder)
    assert dora.sync(folder).new_cases == []
    assert dora.session.cases.list() == []


def test_syncing_again_changes_nothing(clinic):
    folder, _ana, beto, cruz = clinic
    _share(cruz, folder)
    beto.sync(folder)
    again = beto.sync(folder)
    assert (again.applied, again.new_cases, again.refused) == (0, [], [])


def test_later_answers_and_status_follow_in_order(clinic):
    folder, _ana, beto, cruz = clinic
    case_id = _share(cruz, folder)
    beto.sync(folder)
    on_beto = _case_on(beto)
    cruz.session.cases.save_answer(case_id, "facility_name", "Broadview")
    cruz.session.cases.set_status(case_id, "attorney_review")
    cruz.sync(folder)
    beto.sync(folder)
    assert beto.session.cases.answers(on_beto)["facility_name"] == "Broadview"
    assert beto.session.cases.get(on_beto).status == "attorney_review"
    (mine,) = cruz.session.cases.list()
    (theirs,) = beto.session.cases.list()
    assert (theirs.answered, theirs.required) == (mine.answered, mine.required)


def test_concurrent_edits_converge_and_the_true_conflict_is_listed_until_counsel_decides(clinic):
    folder, ana, beto, cruz = clinic
    case_id = _share(cruz, folder)
    beto.sync(folder)
    ana.sync(folder)
    on_beto, on_ana = _case_on(beto), _case_on(ana)
    # Both change the same answer after the same version, without seeing each other's.
    cruz.session.cases.save_answer(case_id, "facility_name", "Broadview")
    beto.session.cases.save_answer(on_beto, "facility_name", "Dodge County Jail")
    for one in (cruz, beto, ana, cruz, beto):
        one.sync(folder)
    values = {
        one.session.cases.answers(cid)["facility_name"]
        for one, cid in ((cruz, case_id), (beto, on_beto), (ana, on_ana))
    }
    assert len(values) == 1
    conflicts = [
        one.session.clinic.conflicts(cid)
        for one, cid in ((cruz, case_id), (beto, on_beto), (ana, on_ana))
    ]
    assert conflicts[0] == conflicts[1] == conflicts[2] and len(conflicts[0]) == 1
    ((question, _hlc, loser),) = conflicts[0]
    assert question == "facility_name" and {loser, *values} == {"Broadview", "Dodge County Jail"}
    # A volunteer cannot decide it; counsel can, and the decision reaches everyone.
    with pytest.raises(NotPermitted):
        cruz.session.clinic.resolve(case_id, "facility_name", "Broadview")
    beto.session.clinic.resolve(on_beto, "facility_name", "Broadview")
    for one in (beto, cruz, ana):
        one.sync(folder)
    for one, cid in ((cruz, case_id), (beto, on_beto), (ana, on_ana)):
        assert one.session.clinic.conflicts(cid) == []
        assert one.session.cases.answers(cid)["facility_name"] == "Broadview"


def test_edits_one_after_the_other_are_no_conflict(clinic):
    folder, _ana, beto, cruz = clinic
    case_id = _share(cruz, folder)
    beto.sync(folder)
    on_beto = _case_on(beto)
    beto.session.cases.save_answer(on_beto, "facility_name", "Dodge County Jail")
    beto.sync(folder)
    cruz.sync(folder)
    cruz.session.cases.save_answer(case_id, "facility_name", "Broadview")
    cruz.sync(folder)
    beto.sync(folder)
    assert beto.session.cases.answers(on_beto)["facility_name"] == "Broadview"
    assert beto.session.clinic.conflicts(on_beto) == [] == cruz.session.clinic.conflicts(case_id)


def test_a_removed_members_key_opens_no_change_written_after_the_removal(clinic):
    folder, ana, beto, cruz = clinic
    case_id = _share(cruz, folder)
    beto.sync(folder)
    ana.sync(folder)
    on_ana = _case_on(ana)
    beto_vault = beto.session.vault()
    beto_private = beto_vault.clinic._identity()[2]
    beto_id = beto.session.clinic._clinic().member_id
    ana.session.clinic.remove(folder, beto_id)
    ana.session.cases.save_answer(on_ana, "facility_name", "Written after the removal")
    ana.sync(folder)
    cruz.sync(folder)
    assert cruz.session.cases.answers(case_id)["facility_name"] == "Written after the removal"
    # Beto's laptop takes in nothing new…
    report = beto.sync(folder)
    assert report.applied == 0
    on_beto = _case_on(beto)
    assert "facility_name" not in beto.session.cases.answers(on_beto)
    # …and no key copy of the new epoch opens with Beto's key, even read by hand.
    token = ana.session.vault().clinic.token(on_ana)
    assert not key_path(folder, token, 2, beto_id).exists()
    for copy in (folder / "cases" / token / "keys").glob("0002.*.json"):
        body = read_envelope(copy, "case_key")["body"]
        aad = cc.canonical({"token": token, "epoch": 2, "to": body["to"]})
        with pytest.raises(cc.CannotOpen):
            cc.open_key(beto_private, body, aad)


def test_the_shared_folder_holds_no_client_value(clinic):
    folder, _ana, beto, cruz = clinic
    _share(cruz, folder)
    beto.sync(folder)
    needles = [FAMILY.encode(), A_NUMBER.encode(), b"QUISPE", b"Mamani"]
    for path in folder.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert not any(n in data for n in needles), path
        assert not any(n.decode().lower() in str(path).lower() for n in needles)


def test_counsels_choices_and_review_reach_counsels_other_laptops(clinic):
    from tests.conftest import write_every_point

    folder, ana, beto, cruz = clinic
    case_id = _share(cruz, folder)
    beto.sync(folder)
    ana.sync(folder)
    on_beto, on_ana = _case_on(beto), _case_on(ana)
    packets = beto.session.packets
    packets.set_paragraph_override(on_beto, "intro", "Counsel's own opening.")
    packets.set_pro_se(on_beto, True)
    bases = [b.id for b in beto.session.cases.analysis(on_beto).legal_bases][:1]
    packets.choose_legal_bases(on_beto, bases)
    write_every_point(beto.session, on_beto)
    packets.mark_reviewed(on_beto)
    beto.sync(folder)
    report = ana.sync(folder)
    assert report.refused == []
    theirs = ana.session.packets
    assert theirs.paragraph_overrides(on_ana) == packets.paragraph_overrides(on_beto)
    inputs = theirs.inputs(on_ana)
    assert inputs.pro_se and inputs.legal_bases == tuple(bases)
    review = theirs.review_state(on_ana)  # the same answers and choices: the review holds
    assert review is not None and review["by"] == beto.session.person.display_name
    # An answer changed anywhere voids it everywhere, as on one laptop.
    cruz.sync(folder)
    cruz.session.cases.save_answer(case_id, "facility_name", "Moved to Dodge County")
    cruz.sync(folder)
    ana.sync(folder)
    assert theirs.review_state(on_ana) is None
    # A review written on a volunteer's laptop (by hand, past the window's permission check)
    # is refused by the others: vouching for a packet is counsel's alone.
    from intake_app.store import clinic_log
    from intake_app.store.repositories import transaction

    conn = cruz.session.vault().conn
    with transaction(conn):
        clinic_log.note(conn, case_id, "#review", {"by": "x", "at": "y", "fingerprint": "z"})
    cruz.sync(folder)
    refused = ana.sync(folder).refused
    assert refused and refused[0][1] == "a packet choice made on a laptop that is not counsel's"


def test_documents_travel_whole_and_are_attached_only_when_complete(clinic, tmp_path, monkeypatch):
    from intake_app.store import clinic as clinic_module
    from intake_app.store import documents as documents_module
    from tests.evidence.conftest import pdf_bytes

    # Small chunks and a small budget: one document spans several change files.
    monkeypatch.setattr(documents_module, "CHUNK_SIZE", 8 * 1024)
    monkeypatch.setattr(clinic_module, "CONTENT_BUDGET", 20 * 1024)
    folder, _ana, beto, cruz = clinic
    case_id = _share(cruz, folder)
    big = tmp_path / "records.pdf"
    big.write_bytes(pdf_bytes(60, marker="RECORD " * 40))
    small = tmp_path / "letter.pdf"
    small.write_bytes(pdf_bytes(1))
    first = cruz.session.documents.attach(case_id, big, category="detainee_medical")
    second = cruz.session.documents.attach(case_id, small, category="detainee_medical")
    cruz.session.documents.update(second.id, title="Carta del médico")
    cruz.sync(folder)
    token = cruz.session.vault().clinic.token(case_id)
    author = cruz.session.vault().clinic.member_id
    files = sorted((folder / "cases" / token / author).glob("*.seg"))
    assert len(files) >= 3  # the big document spans change files
    # Only the first half has arrived: nothing half-attached is ever shown.
    held = files[len(files) // 2 :]
    for path in held:
        path.rename(path.with_suffix(".held"))
    beto.sync(folder)
    on_beto = _case_on(beto)
    attached = {d.id for d in beto.session.documents.list(on_beto)}
    assert first.id not in attached
    for path in held:
        path.with_suffix(".held").rename(path)
    beto.sync(folder)
    theirs = {d.id: d for d in beto.session.documents.list(on_beto)}
    assert set(theirs) == {first.id, second.id}
    assert beto.session.documents.read(first.id) == big.read_bytes()
    assert theirs[second.id].title == "Carta del médico"
    # Deleted on one laptop, gone on the other.
    cruz.session.documents.delete(first.id)
    cruz.sync(folder)
    beto.sync(folder)
    assert [d.id for d in beto.session.documents.list(on_beto)] == [second.id]


def test_a_bundle_of_a_shared_case_carries_no_clinic_key(clinic, tmp_path):
    """A case bundle moves the case, never its clinic key, versions or waiting changes."""
    from tests.clinic.conftest import laptop

    folder, _ana, _beto, cruz = clinic
    case_id = _share(cruz, folder)
    cruz.session.cases.save_answer(case_id, "facility_name", "Broadview")  # waits in the outbox
    words, _report = cruz.session.transfer.export_bundle(case_id, tmp_path / "c.amparo-case")
    elsewhere = laptop(tmp_path, "elsewhere")
    report = elsewhere.session.transfer.import_bundle(tmp_path / "c.amparo-case", words)
    conn = elsewhere.session.vault().conn
    for table in ("shared_cases", "case_keys", "answer_versions", "clinic_outbox"):
        assert conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0, table
    assert elsewhere.session.cases.answers(report.case_id)["facility_name"] == "Broadview"
    assert elsewhere.session.audit_problems() == []


def test_an_english_rendering_travels_with_its_answer(clinic):
    """A Spanish interview's English renderings (`<id>@en`) reach counsel's laptop, so the
    letters counsel prints there carry them (issue 17)."""
    folder, _ana, beto, cruz = clinic
    case_id = _share(cruz, folder)
    cruz.session.cases.save_answer(case_id, "family_hardship", "No pueden pagar la renta.")
    cruz.session.cases.save_answer(case_id, "family_hardship@en", "They cannot pay the rent.")
    cruz.sync(folder)
    beto.sync(folder)
    answers = beto.session.cases.answers(_case_on(beto))
    assert answers["family_hardship"] == "No pueden pagar la renta."
    assert answers["family_hardship@en"] == "They cannot pay the rent."
