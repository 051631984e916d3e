"""Which exhibits a case's packet holds, their tab letters, and what each still lacks."""

from __future__ import annotations

import string
from collections.abc import Iterable
from dataclasses import dataclass, replace

from intake_app.analysis.conditions import Context, evaluate
from intake_app.analysis.model import Analysis, EvidenceNeed
from intake_app.packet.inputs import ExhibitDocument
from intake_app.packet.model import BlockDoc, Exhibit

GENERATED, IN_HAND, MISSING, PARTIAL, TO_COLLECT, ATTACHED = (
    "generated",
    "in_hand",
    "missing",
    "partial",
    "to_collect",
    "attached",
)


@dataclass(frozen=True)
class Item:
    """One document inside an exhibit and whether it is in hand."""

    evidence_id: str
    name: str
    status: str


@dataclass(frozen=True)
class PlannedExhibit:
    spec: Exhibit
    letter: str
    items: tuple[Item, ...]
    status: str
    documents: tuple[ExhibitDocument, ...] = ()

    def ref(self, index: int) -> str:
        """The document's reference in the packet: "C-2" for the second document of tab C."""
        return f"{self.letter}-{index + 1}"


def document_evidence(exhibit: Exhibit, evidence_id: str | None) -> str | None:
    """The evidence a document answers: its own tag, or its tab's only kind of evidence."""
    if evidence_id:
        return evidence_id
    return exhibit.evidence[0] if len(exhibit.evidence) == 1 else None


def covered_evidence(
    exhibits: BlockDoc, documents: Iterable[tuple[str, str | None]]
) -> frozenset[str]:
    """Evidence ids answered by attached documents, given as (category, evidence_id) pairs."""
    specs = {spec.id: spec for spec in exhibits.exhibits}
    found = set()
    for category, evidence_id in documents:
        spec = specs.get(category)
        covered = document_evidence(spec, evidence_id) if spec else evidence_id
        if covered:
            found.add(covered)
    return frozenset(found)


def tab_letter(index: int) -> str:
    """A, B, … Z, then AA, BB, … as binders are labelled."""
    letters = string.ascii_uppercase
    return letters[index % 26] * (index // 26 + 1)


def relettered(planned: list[PlannedExhibit]) -> list[PlannedExhibit]:
    """The same exhibits lettered A, B, … again (after some were left out)."""
    return [replace(p, letter=tab_letter(n)) for n, p in enumerate(planned)]


def plan_exhibits(
    exhibits: BlockDoc,
    analysis: Analysis,
    ctx: Context,
    documents: tuple[ExhibitDocument, ...] = (),
) -> list[PlannedExhibit]:
    """The exhibits this case needs, in file order, lettered A, B, …

    A tab with attached documents is always in, whatever its condition: someone chose to
    attach them. Documents of a tab the file does not know go to a last tab of their own.
    """
    needs: dict[str, EvidenceNeed] = {n.id: n for n in analysis.needed_evidence}
    by_tab: dict[str, list[ExhibitDocument]] = {}
    for doc in documents:
        by_tab.setdefault(doc.category, []).append(doc)
    known = {spec.id for spec in exhibits.exhibits}
    extra = [
        Exhibit(tab, {"en": "Other documents"}, {"en": "Other documents"})
        for tab in by_tab
        if tab not in known
    ]
    planned: list[PlannedExhibit] = []
    for spec in (*exhibits.exhibits, *extra):
        docs = tuple(by_tab.get(spec.id, ()))
        if not docs and spec.when is not None and not evaluate(spec.when, ctx):
            continue
        needed = [needs[e] for e in spec.evidence if e in needs]
        if not (spec.always or spec.generated or needed or docs):
            continue
        attached = {document_evidence(spec, d.evidence_id) for d in docs}
        items = tuple(Item(n.id, n.name_in("en"), _item_status(n, attached)) for n in needed)
        planned.append(
            PlannedExhibit(
                spec, tab_letter(len(planned)), items, _status(spec, items, bool(docs)), docs
            )
        )
    return planned


def _item_status(need: EvidenceNeed, attached: set[str | None]) -> str:
    if need.id in attached:
        return ATTACHED
    return IN_HAND if need.obtained else MISSING


def _status(spec: Exhibit, items: tuple[Item, ...], has_documents: bool = False) -> str:
    if spec.generated:
        return GENERATED
    if not items:
        return ATTACHED if has_documents else TO_COLLECT
    states = {item.status for item in items}
    if states == {ATTACHED} or (has_documents and states <= {ATTACHED, IN_HAND}):
        return ATTACHED
    if states <= {IN_HAND, ATTACHED}:
        return IN_HAND
    return MISSING if states == {MISSING} and not has_documents else PARTIAL
