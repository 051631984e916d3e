"""The vault's rows: people, cases, answers (one commit each), audit log and settings."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from contextlib import contextmanager
from typing import Any

from intake_app.domain.errors import CaseNotFound
from intake_app.domain.records import AnswerDraft, AuditEntry, CaseRow, Person
from intake_app.store import audit_chain, clinic_log


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")


@contextmanager
def transaction(conn):
    """One committed transaction; rolled back whole on any error."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class Repositories:
    """Row access for an open vault; every public write is its own committed transaction."""

    def __init__(self, conn, person: Person) -> None:
        self.conn = conn
        self.person = person

    # --- audit -----------------------------------------------------------------------------

    def audit(self, action: str, case_id: str | None = None, detail: str | None = None) -> None:
        with transaction(self.conn):
            self._audit(action, case_id, detail)

    def _audit(self, action: str, case_id: str | None, detail: str | None = None) -> None:
        # Actions (and details: a person's id, a count) are chosen by code, never typed values.
        audit_chain.append(self.conn, _now(), self.person.id, case_id, action, detail)

    def audit_problems(self) -> list[int]:
        """Entries of the audit log whose hash chain breaks (edited, or one removed)."""
        return audit_chain.problems(self.conn)

    def audit_entries(self, case_id: str | None = None, limit: int = 1000) -> list[AuditEntry]:
        sql = (
            "SELECT a.at, a.person_id, p.display_name, a.case_id, a.action, a.detail, "
            "s.display_name FROM audit_log a "
            "LEFT JOIN people p ON p.id = a.person_id "
            "LEFT JOIN people s ON s.id = a.detail"
        )
        params: tuple = ()
        if case_id is not None:
            sql += " WHERE a.case_id = ?"
            params = (case_id,)
        sql += " ORDER BY a.id DESC LIMIT ?"
        return [AuditEntry(*row) for row in self.conn.execute(sql, (*params, limit))]

    # --- cases -----------------------------------------------------------------------------

    def create_case(
        self,
        case_id: str,
        interview_language: str,
        form_id: str,
        form_version: int,
        progress: tuple[int, int] = (0, 0),
    ) -> CaseRow:
        self.import_case(
            case_id, interview_language, form_id, form_version, {}, progress, action="case_created"
        )
        return self.get_case(case_id)

    def import_case(
        self,
        case_id: str,
        interview_language: str,
        form_id: str,
        form_version: int,
        answers: dict[str, Any],
        progress: tuple[int, int] = (0, 0),
        action: str = "case_imported",
    ) -> None:
        """A whole case in one transaction: either every answer lands or none does."""
        now = _now()
        with transaction(self.conn):
            self.conn.execute(
                "INSERT INTO cases (id, status, interview_language, form_id, form_version, "
                "created_at, updated_at, created_by, progress_answered, progress_required) "
                "VALUES (?, 'intake', ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    case_id,
                    interview_language,
                    form_id,
                    form_version,
                    now,
                    now,
                    self.person.id,
                    *progress,
                ),
            )
            self.conn.executemany(
                "INSERT INTO answers (case_id, question_id, value_json, updated_at, updated_by) "
                "VALUES (?, ?, ?, ?, ?)",
                [(case_id, qid, _dumps(v), now, self.person.id) for qid, v in answers.items()],
            )
            self._audit(action, case_id)

    def _case_row(self, row: tuple, summary: dict[str, Any] | None = None) -> CaseRow:
        return CaseRow(*row, summary=summary or {})

    def case_count(self) -> int:
        return self.conn.execute("SELECT count(*) FROM cases").fetchone()[0]

    def case_exists(self, case_id: str) -> bool:
        return (
            self.conn.execute("SELECT 1 FROM cases WHERE id = ?", (case_id,)).fetchone() is not None
        )

    _CASE_COLUMNS = (
        "id, status, interview_language, form_id, form_version, created_at, updated_at, "
        "progress_answered, progress_required"
    )

    def get_case(self, case_id: str) -> CaseRow:
        row = self.conn.execute(
            f"SELECT {self._CASE_COLUMNS} FROM cases WHERE id = ?", (case_id,)
        ).fetchone()
        if row is None:
            raise CaseNotFound(case_id)
        return self._case_row(row)

    def list_cases(self, summary_fields: Iterable[str] = ()) -> list[CaseRow]:
        """Every case, newest change first, with the chosen answers for the case list."""
        fields = tuple(summary_fields)
        if not fields:
            return [
                self._case_row(row)
                for row in self.conn.execute(
                    f"SELECT {self._CASE_COLUMNS} FROM cases ORDER BY updated_at DESC, id"
                )
            ]
        # One pivoting query: each summary answer becomes a column, decoded by SQLite itself
        # (`->> '$'`), so thousands of cases cost one pass and no per-row JSON parsing.
        pivot = "".join(
            ", max(CASE WHEN a.question_id = ? THEN a.value_json ->> '$' END)" for _ in fields
        )
        columns = ", ".join(f"c.{name.strip()}" for name in self._CASE_COLUMNS.split(","))
        sql = (
            f"SELECT {columns}{pivot} FROM cases c "
            "LEFT JOIN answers a ON a.case_id = c.id"
            + f" AND a.question_id IN ({','.join('?' * len(fields))})"
            + " GROUP BY c.id ORDER BY c.updated_at DESC, c.id"
        )
        width = len(self._CASE_COLUMNS.split(","))
        rows = []
        for row in self.conn.execute(sql, (*fields, *fields)):
            summary = {f: v for f, v in zip(fields, row[width:], strict=True) if v is not None}
            rows.append(self._case_row(row[:width], summary))
        return rows

    def set_case_fields(self, case_id: str, **fields: Any) -> None:
        allowed = {"status", "interview_language"}
        unknown = set(fields) - allowed
        if unknown:
            raise ValueError(f"cannot set {sorted(unknown)}")
        self.get_case(case_id)
        assignments = ", ".join(f"{name} = ?" for name in fields)
        with transaction(self.conn):
            self.conn.execute(
                f"UPDATE cases SET {assignments}, updated_at = ? WHERE id = ?",
                (*fields.values(), _now(), case_id),
            )
            self._audit("case_" + "_".join(sorted(fields)) + "_changed", case_id)
            for name, value in fields.items():
                clinic_log.note(self.conn, case_id, clinic_log.field_key(name), value)

    def set_progress(self, case_id: str, answered: int, required: int) -> None:
        """The case list's cached progress, after answers arrived from elsewhere."""
        with transaction(self.conn):
            self.conn.execute(
                "UPDATE cases SET progress_answered = ?, progress_required = ? WHERE id = ?",
                (answered, required, case_id),
            )

    def delete_case(self, case_id: str) -> None:
        self.get_case(case_id)
        with transaction(self.conn):
            self.conn.execute("DELETE FROM answers WHERE case_id = ?", (case_id,))
            self.conn.execute("DELETE FROM cases WHERE id = ?", (case_id,))
            self._audit("case_deleted", case_id)

    # --- answers ---------------------------------------------------------------------------

    def answers(self, case_id: str) -> dict[str, Any]:
        self.get_case(case_id)
        return {
            qid: json.loads(value)
            for qid, value in self.conn.execute(
                "SELECT question_id, value_json FROM answers WHERE case_id = ? "
                "ORDER BY question_id",
                (case_id,),
            )
        }

    def save_draft(
        self, case_id: str, question_id: str, item_index: int, typed: str, problem: str
    ) -> None:
        """Keep a refused value as typed (one per question and group item)."""
        with transaction(self.conn):
            self.conn.execute(
                "INSERT INTO answer_drafts (case_id, question_id, item_index, typed, problem) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (case_id, question_id, item_index) "
                "DO UPDATE SET typed = excluded.typed, problem = excluded.problem",
                (case_id, question_id, item_index, typed, problem),
            )

    def clear_draft(self, case_id: str, question_id: str, item_index: int) -> None:
        with transaction(self.conn):
            self.conn.execute(
                "DELETE FROM answer_drafts WHERE case_id = ? AND question_id = ? "
                "AND item_index = ?",
                (case_id, question_id, item_index),
            )

    def drafts(self, case_id: str) -> list[AnswerDraft]:
        rows = self.conn.execute(
            "SELECT question_id, item_index, typed, problem FROM answer_drafts "
            "WHERE case_id = ? ORDER BY question_id, item_index",
            (case_id,),
        )
        return [AnswerDraft(*row) for row in rows]

    def save_answer(
        self,
        case_id: str,
        question_id: str,
        value: Any,
        progress: tuple[int, int] | None = None,
    ) -> None:
        """Save one answer (None clears it) in its own committed transaction; a refused value
        kept for the question (answer_drafts) goes with it: the answer supersedes it."""
        now = _now()
        with transaction(self.conn):
            self.conn.execute(
                "DELETE FROM answer_drafts WHERE case_id = ? AND question_id = ? "
                "AND item_index = -1",
                (case_id, question_id),
            )
            if value is None:
                self.conn.execute(
                    "DELETE FROM answers WHERE case_id = ? AND question_id = ?",
                    (case_id, question_id),
                )
            else:
                self.conn.execute(
                    "INSERT INTO answers (case_id, question_id, value_json, updated_at, "
                    "updated_by) VALUES (?, ?, ?, ?, ?) ON CONFLICT (case_id, question_id) "
                    "DO UPDATE SET value_json = excluded.value_json, "
                    "updated_at = excluded.updated_at, updated_by = excluded.updated_by",
                    (case_id, question_id, _dumps(value), now, self.person.id),
                )
            if progress is None:
                changed = self.conn.execute(
                    "UPDATE cases SET updated_at = ? WHERE id = ?", (now, case_id)
                ).rowcount
            else:
                changed = self.conn.execute(
                    "UPDATE cases SET updated_at = ?, progress_answered = ?, "
                    "progress_required = ? WHERE id = ?",
                    (now, *progress, case_id),
                ).rowcount
            if changed != 1:
                raise CaseNotFound(case_id)
            # A shared case's change waits, in this same transaction, to be published.
            clinic_log.note(self.conn, case_id, question_id, value)

    # --- settings (clinic profile and the like; inside the vault, never in QSettings) -------

    def get_setting(self, key: str, default: Any = None) -> Any:
        row = self.conn.execute("SELECT value_json FROM settings WHERE key = ?", (key,)).fetchone()
        return default if row is None else json.loads(row[0])

    def set_setting(self, key: str, value: Any) -> None:
        with transaction(self.conn):
            self.conn.execute(
                "INSERT INTO settings (key, value_json) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value_json = excluded.value_json",
                (key, _dumps(value)),
            )

    # --- counsel's packet state for a case (typed rows that go with the case) ----------------

    def packet_state(self, case_id: str) -> dict[str, Any]:
        """{"legal_bases": [...] (absent: the suggestions), "relief", "roads", "pro_se",
        "overrides": {block key: text}, "review": {by, person_id, at, fingerprint} or absent}."""
        state: dict[str, Any] = {}
        row = self.conn.execute(
            "SELECT legal_bases_json, relief_json, roads_json, pro_se, reviewed_by, review_name, "
            "review_at, review_fingerprint FROM packet_state WHERE case_id = ?",
            (case_id,),
        ).fetchone()
        if row is not None:
            bases, relief, roads, pro_se, person_id, name, at, fingerprint = row
            if bases is not None:
                state["legal_bases"] = json.loads(bases)
            state["relief"] = json.loads(relief)
            state["roads"] = json.loads(roads)
            state["pro_se"] = bool(pro_se)
            if fingerprint is not None:
                state["review"] = {
                    "by": name or "",
                    "person_id": person_id,
                    "at": at or "",
                    "fingerprint": fingerprint,
                }
        overrides = self.conn.execute(
            "SELECT block_key, text FROM paragraph_overrides WHERE case_id = ? ORDER BY block_key",
            (case_id,),
        ).fetchall()
        if overrides:
            state["overrides"] = dict(overrides)
        return state

    def save_packet_state(self, case_id: str, state: dict[str, Any]) -> None:
        """Replace the case's packet state, all of it in one transaction."""
        self.get_case(case_id)
        review = state.get("review") or {}
        bases = state.get("legal_bases")
        with transaction(self.conn):
            # Only a shared case's packet choices are compared and noted for the clinic.
            shared = clinic_log.is_shared(self.conn, case_id)
            before = clinic_log.packet_values(self.conn, case_id) if shared else {}
            self.conn.execute(
                "INSERT OR REPLACE INTO packet_state (case_id, legal_bases_json, relief_json, "
                "roads_json, pro_se, reviewed_by, review_name, review_at, review_fingerprint) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    case_id,
                    None if bases is None else _dumps(list(bases)),
                    _dumps(list(state.get("relief", ()))),
                    _dumps(list(state.get("roads", ()))),
                    1 if state.get("pro_se") else 0,
                    review.get("person_id"),
                    review.get("by"),
                    review.get("at"),
                    review.get("fingerprint"),
                ),
            )
            self.conn.execute("DELETE FROM paragraph_overrides WHERE case_id = ?", (case_id,))
            self.conn.executemany(
                "INSERT INTO paragraph_overrides (case_id, block_key, text) VALUES (?, ?, ?)",
                [(case_id, key, text) for key, text in state.get("overrides", {}).items()],
            )
            # A shared case's packet choices reach counsel's other laptops like its answers.
            if shared:
                clinic_log.note_packet_changes(self.conn, case_id, before)

    def delete_settings_with_prefix(self, prefix: str) -> None:
        with transaction(self.conn):
            self.conn.execute(
                "DELETE FROM settings WHERE substr(key, 1, ?) = ?", (len(prefix), prefix)
            )

    # --- checks ----------------------------------------------------------------------------

    def integrity_problems(self) -> list[str]:
        """Empty when both SQLite's and SQLCipher's integrity checks are clean."""
        problems = [r[0] for r in self.conn.execute("PRAGMA integrity_check") if r[0] != "ok"]
        problems += [r[0] for r in self.conn.execute("PRAGMA cipher_integrity_check")]
        return problems

    def checkpoint(self) -> None:
        """Copy the WAL into the vault file and empty it: pages freed (and zeroed, secure_delete)
        by a deletion replace their old contents in the file at once."""
        self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def pragma(self, name: str) -> Any:
        """Read-only view of a pragma, for the crypto-policy tests."""
        if name not in {
            "temp_store",
            "synchronous",
            "foreign_keys",
            "cipher_version",
            "application_id",
            "user_version",
            "journal_mode",
            "locking_mode",
            "secure_delete",
        }:
            raise ValueError(name)
        return self.conn.execute(f"PRAGMA {name}").fetchone()[0]
