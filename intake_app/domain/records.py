"""Plain records that cross layers: people, roles, case statuses and case rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ROLES = ("volunteer", "attorney", "admin")
CASE_STATUSES = ("intake", "attorney_review", "ready", "submitted", "decided")
INTERVIEW_LANGUAGES = ("es", "en")

Answers = dict[str, Any]


@dataclass(frozen=True)
class Person:
    id: str
    display_name: str
    role: str


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
