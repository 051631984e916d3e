"""Plain records that cross layers: people, roles, case statuses and case rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ROLES = ("volunteer", "attorney", "admin")
# A title refines how a person signs; it grants nothing beyond their role (see permissions.py).
TITLES = ("", "accredited_representative")
CASE_STATUSES = ("intake", "attorney_review", "ready", "submitted", "decided")
INTERVIEW_LANGUAGES = ("es", "en")

Answers = dict[str, Any]


@dataclass(frozen=True)
class Person:
    """Someone who works in the vault; `removed_at` is set once their key slot is gone (their
    row stays so the audit log can still name them)."""

    id: str
    display_name: str
    role: str
    title: str = ""
    removed_at: str | None = None

    @property
    def active(self) -> bool:
        return self.removed_at is None


@dataclass(frozen=True)
class AnswerDraft:
    """What was typed for a question and refused (`problem` is the form's code): kept as
    typed, shown again in its field and listed on the review, until it is corrected."""

    question_id: str
    item_index: int  # -1 outside a repeating group
    typed: str
    problem: str


@dataclass(frozen=True)
class CaseRow:
    """One case as the case list shows it; `summary` holds a few chosen answers."""

    id: str
    status: str
    interview_language: str
    form_id: str
    form_version: int
    created_at: str
    updated_at: str
    progress_answered: int = 0
    progress_required: int = 0
    summary: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class AuditEntry:
    at: str
    person_id: str | None
    person_name: str | None
    case_id: str | None
    action: str
    # Chosen by code, never typed by a person: the person added or removed, a count of cases.
    detail: str | None = None
    subject_name: str | None = None
