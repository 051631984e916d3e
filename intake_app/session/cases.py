"""Cases: create, list, answer, analyse, move along, delete, and import or export as a file."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from intake_app.case_file import CaseFile, read_case_file
from intake_app.domain import permissions
from intake_app.domain.errors import CaseFileError
from intake_app.domain.records import CASE_STATUSES, INTERVIEW_LANGUAGES, CaseRow
from intake_app.session.summary import SUMMARY_FIELDS, CaseSummary, case_summary

if TYPE_CHECKING:
    from intake_app.analysis import Analysis
    from intake_app.session.core import Session

DEFAULT_FORM_ID = "humanitarian_release"
_CASE_ID_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread
# A refused value is kept as typed up to this length (the longest answer a form allows).
MAX_DRAFT_CHARS = 10_000


def _engine():
    # The questionnaire engine (and its YAML parser) loads when a case is first touched, so the
    # unlock window appears without waiting for it.
    from intake_app.forms import engine

    return engine


class Cases:
    """The session's cases (`session.cases`); answers of open cases are kept for progress."""

    def __init__(self, session: Session) -> None:
        self._session = session
        # The open cases' answers, so progress can be recomputed without a read per save.
        self._answers: dict[str, dict[str, Any]] = {}

    def forget(self, case_id: str | None = None) -> None:
        """Drop kept answers: one case's (deleted, re-imported) or all (the vault locked)."""
        if case_id is None:
            self._answers.clear()
        else:
            self._answers.pop(case_id, None)

    def create(self, interview_language: str = "es", form_id: str = DEFAULT_FORM_ID) -> str:
        vault = self._session.vault()
        self._session.require(permissions.INTERVIEW)
        _check_language(interview_language)
        form = self._session.form(form_id)
        case_id = self.new_id()
        prog = _engine().progress(form, {})
        vault.create_case(
            case_id, interview_language, form.id, form.version, (prog.answered, prog.required)
        )
        return case_id

    def new_id(self) -> str:
        import secrets  # hashlib and hmac load here, not on the unlock screen

        vault = self._session.vault()
        while True:
            case_id = "C-" + "".join(secrets.choice(_CASE_ID_ALPHABET) for _ in range(6))
            if not vault.case_exists(case_id):
                return case_id

    def list(self) -> list[CaseSummary]:
        rows = self._session.vault().list_cases(SUMMARY_FIELDS)
        return [case_summary(row) for row in rows]

    def get(self, case_id: str) -> CaseRow:
        return self._session.vault().get_case(case_id)

    def answers(self, case_id: str) -> dict[str, Any]:
        if case_id not in self._answers:
            self._answers[case_id] = self._session.vault().answers(case_id)
        return dict(self._answers[case_id])

    def open(self, case_id: str) -> dict[str, Any]:
        answers = self.answers(case_id)
        self._session.vault().audit("case_opened", case_id)
        return answers

    def save_answer(self, case_id: str, question_id: str, value: Any) -> None:
        """Persist one answer (None clears it); returns once it is committed to disk."""
        vault = self._session.vault()
        row = vault.get_case(case_id)
        form = self._session.form(row.form_id)
        if form.english_of(question_id) is None:
            form.question(question_id)  # raises KeyError for an id the form does not have
        answers = self.answers(case_id)
        if value is None or value == "" or value == []:
            answers.pop(question_id, None)
            value = None
        else:
            answers[question_id] = value
        prog = _engine().progress(form, answers)
        vault.save_answer(case_id, question_id, value, (prog.answered, prog.required))
        self._answers[case_id] = answers

    def save_draft(
        self, case_id: str, question_id: str, item_index: int, typed: str, problem: str
    ) -> None:
        """Keep what was typed and refused, as typed (encrypted like every answer), so that
        it survives a section change and a lock and is listed on the review until corrected."""
        vault = self._session.vault()
        form = self._session.form(vault.get_case(case_id).form_id)
        form.question(question_id)  # raises KeyError for an id the form does not have
        vault.save_draft(case_id, question_id, item_index, typed[:MAX_DRAFT_CHARS], problem[:60])

    def clear_draft(self, case_id: str, question_id: str, item_index: int) -> None:
        self._session.vault().clear_draft(case_id, question_id, item_index)

    def drafts(self, case_id: str) -> list:
        """The refused values kept for a case (`AnswerDraft`s)."""
        return self._session.vault().drafts(case_id)

    def refresh_progress(self, case_id: str) -> None:
        """Recount a case's progress for the case list (after answers came from elsewhere)."""
        row = self.get(case_id)
        prog = _engine().progress(self._session.form(row.form_id), self.answers(case_id))
        self._session.vault().set_progress(case_id, prog.answered, prog.required)

    def visible_answers(self, case_id: str) -> dict[str, Any]:
        form = self._session.form(self.get(case_id).form_id)
        return _engine().visible_answers(form, self.answers(case_id))

    def analysis(self, case_id: str, today: dt.date | None = None) -> Analysis:
        """Factors, findings, red flags, legal bases and missing evidence for one case, with
        evidence that attached documents answer counted as obtained."""
        # Imported here: the rules load only when a case is analysed, not at start-up.
        from intake_app.analysis import analyze

        found = analyze(self.visible_answers(case_id), today=today)
        attached = self._session.documents.attached_evidence(case_id)
        if not attached:
            return found
        needed = tuple(
            dataclasses.replace(n, obtained=True) if n.id in attached else n
            for n in found.needed_evidence
        )
        return dataclasses.replace(
            found,
            needed_evidence=needed,
            missing_evidence=tuple(n for n in needed if not n.obtained),
        )

    def set_status(self, case_id: str, status: str) -> None:
        """Move a case along: intake → attorney_review → ready → submitted → decided. A case
        submitted or decided is closed, and the retention purge counts from its last change."""
        self._session.require(permissions.INTERVIEW)
        if status not in CASE_STATUSES:
            raise ValueError(f"unknown status {status!r}")
        self._session.vault().set_case_fields(case_id, status=status)

    def set_interview_language(self, case_id: str, language: str) -> None:
        _check_language(language)
        self._session.vault().set_case_fields(case_id, interview_language=language)

    def delete(self, case_id: str) -> None:
        """Erase a case: its rows go (documents with them), and secure_delete zeroes the freed
        pages, which a checkpoint then writes over the old ones in the vault file."""
        vault = self._session.vault()
        self._session.require(permissions.INTERVIEW)
        # Its packet state (counsel's review, choices and edited paragraphs) goes with it, in the
        # same transaction (ON DELETE CASCADE).
        vault.delete_case(case_id)
        vault.checkpoint()
        self._answers.pop(case_id, None)

    # --- as a file -------------------------------------------------------------------------

    def import_file(self, path: Path) -> str:
        """Import a case JSON file whole, or raise CaseFileError and import nothing."""
        vault = self._session.vault()
        self._session.require(permissions.INTERVIEW)
        case_file = read_case_file(path)
        form = self._session.forms().get(case_file.form_id)
        if form is None:
            raise CaseFileError(f"{path}: unknown form {case_file.form_id!r}")
        if case_file.form_version != form.version:
            raise CaseFileError(
                f"{path}: form version {case_file.form_version} does not match "
                f"{form.id} version {form.version}"
            )
        # What people type ("20-845-612", "Illinois", a local phone number) goes through the
        # window's normalisation; a value it cannot read refuses the whole file.
        answers, problems = _engine().normalize_case_answers(form, case_file.answers)
        if problems:
            raise CaseFileError(f"{path}: " + "; ".join(problems[:10]))
        case_id = self.new_id()
        prog = _engine().progress(form, answers)
        vault.import_case(
            case_id,
            case_file.interview_language,
            form.id,
            form.version,
            answers,
            (prog.answered, prog.required),
        )
        return case_id

    def answer_issues(self, case_id: str, today: dt.date | None = None) -> list:
        """What still needs checking in a case's visible answers: required answers missing and
        values out of range (an arrest dated in the future), as the engine's Issues."""
        row = self.get(case_id)
        return _engine().validate(self._session.form(row.form_id), self.answers(case_id), today)

    def export_file(self, case_id: str, out: Path) -> None:
        """Write a case as plaintext JSON. Callers must warn: this file is not encrypted.
        Moving a case out of the vault is counsel's call, as for an encrypted bundle."""
        self._session.require(permissions.TRANSFER_CASE)
        row = self.get(case_id)
        case_file = CaseFile(
            row.form_id, row.form_version, row.interview_language, self.answers(case_id)
        )
        data = case_file.to_json().encode("utf-8")
        self._session.write_output(out, data)
        self._session.vault().audit("case_exported_plaintext", case_id)


def _check_language(language: str) -> None:
    if language not in INTERVIEW_LANGUAGES:
        raise ValueError(f"unsupported interview language {language!r}")
