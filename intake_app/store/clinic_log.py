"""A shared case's local changes, noted in the same transaction as the change itself.

Each change carries a hybrid logical clock (wall milliseconds, a counter, the member id: ordered
the same on every laptop, even with clocks that disagree) and the version it replaced (`base`),
so two edits made after the same version can be told apart from one made after the other.
"""

from __future__ import annotations

import json
import time
from typing import Any

CASE_FIELDS = ("status", "interview_language")  # merged like answers, as "@status"…
# Counsel's packet state, merged the same way: "#legal_bases", "#relief", "#roads", "#pro_se",
# "#review" (who vouched, when, for which fingerprint), and "~<block key>" per edited paragraph.
PACKET_FIELDS = ("legal_bases", "relief", "roads", "pro_se", "review")
PACKET_PREFIX = "#"
OVERRIDE_PREFIX = "~"


DOCUMENT_PREFIX = "%"
# What travels of a document's row (its content travels once, in chunks, by id).
DOCUMENT_FIELDS = (
    "category",
    "position",
    "kind",
    "media_type",
    "file_name",
    "title",
    "evidence_id",
    "supports",
    "provided_by",
    "language",
    "date_received",
    "translation",
    "size",
    "sha256",
    "pages",
    "width",
    "height",
    "created_at",
    "chunk_size",
    "chunk_count",
)


def document_values(conn, document_id: str) -> dict[str, Any] | None:
    row = conn.execute(
        f"SELECT {', '.join(DOCUMENT_FIELDS)} FROM documents WHERE id = ?", (document_id,)
    ).fetchone()
    return None if row is None else dict(zip(DOCUMENT_FIELDS, row, strict=True))


def note_document(conn, case_id: str, document_id: str, with_content: bool = False) -> None:
    """A document added, described anew, moved or deleted (inside the caller's transaction);
    a new one's content follows in chunks when the outbox is sealed."""
    if not is_shared(conn, case_id):
        return
    note(conn, case_id, DOCUMENT_PREFIX + document_id, document_values(conn, document_id))
    if with_content:
        conn.execute(
            "INSERT INTO clinic_outbox (case_id, change_json) VALUES (?, ?)",
            (case_id, json.dumps({"kind": "content_ref", "doc": document_id, "from": 0})),
        )


def is_counsels(key: str) -> bool:
    """A change only counsel's laptops may make (and only theirs are accepted)."""
    return key.startswith((PACKET_PREFIX, OVERRIDE_PREFIX))


def packet_values(conn, case_id: str) -> dict[str, Any]:
    """The case's packet state as merge keys and plain values (absent: not set)."""
    found: dict[str, Any] = {}
    row = conn.execute(
        "SELECT legal_bases_json, relief_json, roads_json, pro_se, review_name, review_at, "
        "review_fingerprint FROM packet_state WHERE case_id = ?",
        (case_id,),
    ).fetchone()
    if row is not None:
        bases, relief, roads, pro_se, name, at, fingerprint = row
        found["#legal_bases"] = None if bases is None else json.loads(bases)
        found["#relief"] = json.loads(relief)
        found["#roads"] = json.loads(roads)
        found["#pro_se"] = bool(pro_se)
        found["#review"] = (
            None if fingerprint is None else {"by": name, "at": at, "fingerprint": fingerprint}
        )
    for key, text in conn.execute(
        "SELECT block_key, text FROM paragraph_overrides WHERE case_id = ?", (case_id,)
    ):
        found[OVERRIDE_PREFIX + key] = text
    return found


def note_packet_changes(conn, case_id: str, before: dict[str, Any]) -> None:
    """Note every packet value that differs from `before` (inside the caller's transaction)."""
    after = packet_values(conn, case_id)
    defaults = {"#relief": [], "#roads": [], "#pro_se": False}
    for key in sorted(set(before) | set(after)):
        old = before.get(key, defaults.get(key))
        new = after.get(key, defaults.get(key))
        if old != new:
            note(conn, case_id, key, new)


def field_key(field: str) -> str:
    return "@" + field


def format_hlc(wall: int, counter: int, member_id: str) -> str:
    return f"{wall:013d}.{counter:06d}.{member_id}"


def parse_hlc(text: str) -> tuple[int, int]:
    wall, counter, _member = text.split(".", 2)
    return int(wall), int(counter)


def tick(conn, remote: str | None = None) -> str:
    """The next clock value for this member: after everything it has made or seen."""
    row = conn.execute(
        "SELECT member_id, hlc_wall, hlc_counter FROM clinic_identity WHERE only = 1"
    ).fetchone()
    member_id, wall, counter = row
    now = int(time.time() * 1000)
    seen = parse_hlc(remote) if remote else (0, 0)
    new_wall = max(now, wall, seen[0])
    if new_wall == wall and new_wall == seen[0]:
        counter = max(counter, seen[1]) + 1
    elif new_wall == wall:
        counter += 1
    elif new_wall == seen[0]:
        counter = seen[1] + 1
    else:
        counter = 0
    conn.execute(
        "UPDATE clinic_identity SET hlc_wall = ?, hlc_counter = ? WHERE only = 1",
        (new_wall, counter),
    )
    return format_hlc(new_wall, counter, member_id)


def is_shared(conn, case_id: str) -> bool:
    return (
        conn.execute("SELECT 1 FROM shared_cases WHERE case_id = ?", (case_id,)).fetchone()
        is not None
    )


def note(conn, case_id: str, key: str, value: Any, kind: str = "answer") -> None:
    """Record a local change to a shared case (inside the caller's transaction): its new
    version, and the change waiting in the outbox to be published."""
    if not is_shared(conn, case_id):
        return
    row = conn.execute(
        "SELECT hlc FROM answer_versions WHERE case_id = ? AND question_id = ?", (case_id, key)
    ).fetchone()
    base = row[0] if row else None
    hlc = tick(conn)
    conn.execute(
        "INSERT INTO answer_versions (case_id, question_id, hlc, base) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (case_id, question_id) DO UPDATE SET hlc = excluded.hlc, "
        "base = excluded.base",
        (case_id, key, hlc, base),
    )
    change = {"kind": kind, "q": key, "value": value, "hlc": hlc, "base": base}
    conn.execute(
        "INSERT INTO clinic_outbox (case_id, change_json) VALUES (?, ?)",
        (case_id, json.dumps(change, ensure_ascii=False, separators=(",", ":"))),
    )
