"""A case as the case list shows it: plain values read from a few answers."""

from __future__ import annotations

from dataclasses import dataclass

from intake_app.domain.records import CaseRow

# Answers the case list shows; read straight from the vault without running the form.
SUMMARY_FIELDS = ("detainee_family_names", "detainee_given_names", "a_number", "facility_name")


@dataclass(frozen=True)
class CaseSummary:
    """A case as the case list shows it, in plain values."""

    id: str
    family_names: str
    given_names: str
    a_number: str
    facility: str
    status: str
    interview_language: str
    answered: int
    required: int
    updated_at: str

    @property
    def display_name(self) -> str:
        return display_name(self.family_names, self.given_names)


def display_name(family_names: str, given_names: str) -> str:
    """`LAST, First`, the way ICE and the courts index people."""
    if family_names and given_names:
        return f"{family_names.upper()}, {given_names}"
    return (family_names.upper() or given_names).strip()


def case_summary(row: CaseRow) -> CaseSummary:
    s = row.summary
    return CaseSummary(
        id=row.id,
        family_names=str(s.get("detainee_family_names", "")),
        given_names=str(s.get("detainee_given_names", "")),
        a_number=str(s.get("a_number", "")),
        facility=str(s.get("facility_name", "")),
        status=row.status,
        interview_language=row.interview_language,
        answered=row.progress_answered,
        required=row.progress_required,
        updated_at=row.updated_at,
    )
