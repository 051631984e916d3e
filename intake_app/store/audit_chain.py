"""The audit log as a hash chain: an entry edited or deleted out of the middle shows.

Each entry's `chain` is SHA-256 over the previous entry's `chain` and the entry's own fields.
Whoever holds the vault key can still rewrite the whole chain or cut off its newest entries;
docs/security.md says so. What the chain stops is the quiet edit: a role changed, an entry
removed, a time moved.
"""

from __future__ import annotations

import hashlib
import json

_FIELDS = "id, at, person_id, case_id, action, detail, chain"


def link(previous: str | None, entry_id: int, at, person_id, case_id, action, detail) -> str:
    body = json.dumps(
        [previous or "", entry_id, at, person_id, case_id, action, detail],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def append(conn, at: str, person_id, case_id, action: str, detail) -> None:
    """Insert one entry with its link (inside the caller's transaction)."""
    last = conn.execute("SELECT id, chain FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    entry_id = (last[0] + 1) if last else 1
    chain = link(last[1] if last else None, entry_id, at, person_id, case_id, action, detail)
    conn.execute(
        "INSERT INTO audit_log (id, at, person_id, case_id, action, detail, chain) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (entry_id, at, person_id, case_id, action, detail, chain),
    )


def problems(conn) -> list[int]:
    """Ids of the entries where the chain breaks (altered, or one before them removed).
    Entries from before the chain began (no link) are skipped; once it has begun, an entry
    without its link is a break too."""
    broken: list[int] = []
    previous: str | None = None
    started = False
    for entry_id, at, person_id, case_id, action, detail, chain in conn.execute(
        f"SELECT {_FIELDS} FROM audit_log ORDER BY id"
    ):
        if chain is None:
            if started:
                broken.append(entry_id)
            continue
        if chain != link(previous, entry_id, at, person_id, case_id, action, detail):
            broken.append(entry_id)
        started = True
        previous = chain
    return broken
