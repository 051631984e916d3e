"""`session.documents`: a case's exhibits attached, listed by tab, edited, read and counted."""

from __future__ import annotations

import pytest

from intake_app.session.documents import exhibit_tabs
from tests.evidence.conftest import pdf_bytes


def test_attach_list_edit_reorder_read_and_delete(admin, tmp_path):
    session, case_id = admin
    files = []
    for n, name in enumerate(("b.pdf", "a.pdf")):
        path = tmp_path / name
        path.write_bytes(pdf_bytes(n + 1, marker=name))
        files.append(path)
    first = session.documents.attach(case_id, files[0], category="child_medical")
    second = session.documents.attach(
        case_id, files[1], category="child_medical", title="  Informe "
    )
    listed = session.documents.list(case_id)
    assert [d.id for d in listed] == [first.id, second.id]
    assert second.title == "Informe" and first.pages == 1 and second.pages == 2
    session.documents.reorder(case_id, "child_medical", [second.id, first.id])
    assert [d.id for d in session.documents.list(case_id)] == [second.id, first.id]
    session.documents.update(first.id, title="Carta del médico", language="es")
    assert session.documents.get(first.id).title == "Carta del médico"
    with pytest.raises(ValueError, match="unknown category"):
        session.documents.update(first.id, category="nonsense")
    assert session.documents.read(first.id) == files[0].read_bytes()
    session.documents.delete(first.id)
    assert [d.id for d in session.documents.list(case_id)] == [second.id]


def test_an_attached_document_counts_as_evidence_in_the_analysis(admin, tmp_path):
    session, case_id = admin
    missing = {n.id for n in session.cases.analysis(case_id).missing_evidence}
    tab, evidence_id = next(
        (tab, e) for tab in exhibit_tabs() for e in tab.evidence if e in missing
    )
    path = tmp_path / "proof.pdf"
    path.write_bytes(pdf_bytes(1))
    session.documents.attach(case_id, path, category=tab.id, evidence_id=evidence_id)
    assert evidence_id in session.documents.attached_evidence(case_id)
    after = {n.id for n in session.cases.analysis(case_id).missing_evidence}
    assert after == missing - {evidence_id}
    # The packet sees it too: the exhibit reference of the new document in its tab.
    (ref,) = session.documents.exhibit_refs(case_id).values()
    assert ref.split("-")[0].isalpha()
