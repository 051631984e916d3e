"""Which exhibits a case's packet holds, their tab letters, and what each still lacks."""

from __future__ import annotations

import string
from dataclasses import dataclass

from intake_app.analysis.conditions import Context, evaluate
from intake_app.analysis.model import Analysis, EvidenceNeed
from intake_app.packet.model import BlockDoc, Exhibit

GENERATED, IN_HAND, MISSING, PARTIAL, TO_COLLECT = (
    "generated",
    "in_hand",
    "missing",
    "partial",
    "to_collect",
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


def tab_letter(index: int) -> str:
    """A, B, … Z, then AA, BB, … as binders are labelled."""
    letters = string.ascii_uppercase
    return letters[index % 26] * (index // 26 + 1)


def plan_exhibits(exhibits: BlockDoc, analysis: Analysis, ctx: Context) -> list[PlannedExhibit]:
    """The exhibits this case needs, in file order, lettered A, B, …"""
    needs: dict[str, EvidenceNeed] = {n.id: n for n in analysis.needed_evidence}
    planned: list[PlannedExhibit] = []
    for spec in exhibits.exhibits:
        if spec.when is not None and not evaluate(spec.when, ctx):
            continue
        needed = [needs[e] for e in spec.evidence if e in needs]
        if not (spec.always or spec.generated or needed):
            continue
        items = tuple(
            Item(n.id, n.name_in("en"), IN_HAND if n.obtained else MISSING) for n in needed
        )
        planned.append(PlannedExhibit(spec, tab_letter(len(planned)), items, _status(spec, items)))
    return planned


def _status(spec: Exhibit, items: tuple[Item, ...]) -> str:
    if spec.generated:
        return GENERATED
    if not items:
        return TO_COLLECT
    states = {item.status for item in items}
    if states == {IN_HAND}:
        return IN_HAND
    return MISSING if states == {MISSING} else PARTIAL
