"""The paragraphs an attorney may edit for one case: their generated text and any override."""

from __future__ import annotations

from dataclasses import dataclass

from intake_app.packet import compose
from intake_app.packet.build import prepare
from intake_app.packet.inputs import PacketInputs

# The documents sent to ICE whose paragraphs are editable, in packet order.
EDITABLE_DOCS = ("cover_letter", "declaration", "sponsor_letter", "translation_certificate")


@dataclass(frozen=True)
class EditableBlock:
    """`key` is what `session.packets.set_paragraph_override` takes; `text` is what Amparo wrote."""

    key: str
    document: str
    heading: str | None
    text: str
    override: str | None = None


def editable_blocks(inputs: PacketInputs) -> list[EditableBlock]:
    """Every paragraph the packet would print for this case, as generated, with overrides."""
    prep = prepare(inputs)
    out = []
    for doc_id in EDITABLE_DOCS:
        env = prep.env(doc_id)
        for part in compose.compose(env, use_overrides=False):
            for piece in part.pieces:
                separator = "\n" if piece.style in ("list", "lines") else "\n\n"
                out.append(
                    EditableBlock(
                        piece.key,
                        doc_id,
                        part.heading_plain,
                        separator.join(piece.plain),
                        inputs.overrides.get(piece.key),
                    )
                )
    return out
