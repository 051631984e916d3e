"""A case ready to lay out: its facts, its planned exhibits and the paragraph files, and the
view of one document (or of each item of a per-item document) that composing reads."""

from __future__ import annotations

from dataclasses import dataclass

from intake_app.packet.context import CaseFacts, Env
from intake_app.packet.model import BlockDoc
from intake_app.packet.plan import PlannedExhibit


@dataclass
class Prepared:
    """A case ready to lay out: its facts, its exhibits and the paragraph files."""

    facts: CaseFacts
    planned: list[PlannedExhibit]
    docs: dict[str, BlockDoc]

    def env(self, doc_id: str, lang: str = "en", font: str | None = None) -> Env:
        doc = self.docs[doc_id]
        return Env.make(doc, self.facts, lang, font) if font else Env.make(doc, self.facts, lang)

    def items(self, env: Env) -> list[Env]:
        """One environment per item of a per-item document (a physician letter per child)."""
        doc = env.doc
        if doc.for_each is None:
            return [env]
        from intake_app.analysis.conditions import evaluate

        found = env.scope.get(doc.for_each)
        out = []
        for item in found if isinstance(found, list) else ():
            if isinstance(item, dict):
                item_env = env.for_item(item)
                if doc.where is None or evaluate(doc.where, item_env.ctx):
                    out.append(item_env)
        return out
