"""A document attached to a case, as every layer sees it (the file's bytes stay in the vault)."""

from __future__ import annotations

from dataclasses import dataclass

# Metadata a person may change after attaching; the file itself never changes.
EDITABLE_FIELDS = (
    "category",
    "title",
    "evidence_id",
    "supports",
    "provided_by",
    "language",
    "date_received",
    "translation",
)


@dataclass(frozen=True)
class DocumentRecord:
    """One attached document: where it goes in the packet, what it shows, and the file's facts.

    `category` is the exhibit tab id (forms/packet/exhibits.yaml); `evidence_id` the analysis'
    evidence it answers, when known; `file_name` is client data (a name may identify a family)
    and is shown in the app and the CLI listing only, never logged.
    """

    id: str
    case_id: str
    category: str
    position: int
    kind: str  # "pdf" | "image"
    media_type: str
    file_name: str
    title: str
    evidence_id: str | None
    supports: str
    provided_by: str
    language: str
    date_received: str | None  # ISO date
    translation: str  # "not_needed" | "needed" | "attached"
    size: int
    sha256: str
    pages: int
    width: int | None
    height: int | None
    created_at: str
