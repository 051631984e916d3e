"""Retention: which closed cases are past the clinic's period, and erasing them in one go."""

from __future__ import annotations

from intake_app.store.repositories import transaction


def cases_closed_before(vault, statuses: tuple[str, ...], cutoff: str) -> list[str]:
    """Ids of cases in a closed status whose last change is older than `cutoff` (ISO, UTC)."""
    marks = ",".join("?" * len(statuses))
    rows = vault.conn.execute(
        f"SELECT id FROM cases WHERE status IN ({marks}) AND updated_at < ? ORDER BY id",
        (*statuses, cutoff),
    )
    return [row[0] for row in rows]


def purge_cases(vault, case_ids: list[str]) -> int:
    """Delete the cases (documents and chunks follow by ON DELETE CASCADE) and their settings in
    one transaction, audited as one `cases_purged` entry with the count; then checkpoint so the
    zeroed pages (secure_delete) replace the old ones in the file."""
    if not case_ids:
        return 0
    with transaction(vault.conn):
        for case_id in case_ids:
            prefix = f"case.{case_id}."
            vault.conn.execute("DELETE FROM answers WHERE case_id = ?", (case_id,))
            vault.conn.execute("DELETE FROM cases WHERE id = ?", (case_id,))
            vault.conn.execute(
                "DELETE FROM settings WHERE substr(key, 1, ?) = ?", (len(prefix), prefix)
            )
        vault._audit("cases_purged", None, str(len(case_ids)))
    vault.checkpoint()
    return len(case_ids)
