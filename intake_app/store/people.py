"""The vault's people rows: who works in it, their role and title, public key, and removal."""

from __future__ import annotations

import base64
import datetime as dt
from typing import Any

from intake_app.domain.errors import PersonNotFound
from intake_app.domain.records import ROLES, TITLES, Person

_COLUMNS = "id, display_name, role, title, removed_at"


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")


def check_role(role: str, title: str = "") -> None:
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")
    if title not in TITLES or (title and role != "attorney"):
        raise ValueError(f"title {title!r} does not go with role {role!r}")


class PeopleRows:
    """Mixed into the Vault: reading and writing people (the key slots live in vault.py)."""

    conn: Any
    roster: Any  # membership.Roster, or None in a vault from before signed membership

    def people(self, include_removed: bool = True) -> list[Person]:
        """The vault's people with the role, title and status the signed membership gives them;
        a row no signed entry vouches for is not listed (membership_problems names it)."""
        found = []
        for row in self.table_people(include_removed=True):
            person = self._as_signed(row)
            if person is not None and (include_removed or person.active):
                found.append(person)
        return found

    def table_people(self, include_removed: bool = True) -> list[Person]:
        """The people table as written, which any member holding the vault key could edit."""
        sql = f"SELECT {_COLUMNS} FROM people"
        if not include_removed:
            sql += " WHERE removed_at IS NULL"
        return [Person(*row) for row in self.conn.execute(sql + " ORDER BY created_at, id")]

    def get_person(self, person_id: str) -> Person:
        row = self.conn.execute(
            f"SELECT {_COLUMNS} FROM people WHERE id = ?", (person_id,)
        ).fetchone()
        if row is None:
            raise PersonNotFound(person_id)
        return self._as_signed(Person(*row)) or Person(*row)

    def _as_signed(self, row: Person) -> Person | None:
        roster = getattr(self, "roster", None)
        if roster is None:
            return row
        member = roster.members.get(row.id)
        if member is None:
            # Someone named in an imported case's history is kept as a former member.
            return row if row.removed_at is not None else None
        removed_at = None if member.active else (row.removed_at or "removed")
        return Person(row.id, member.name, member.role, member.title, removed_at)

    def _insert_person(self, person: Person, public_key: bytes | None) -> None:
        """Inside the caller's transaction."""
        self.conn.execute(
            "INSERT INTO people (id, display_name, role, title, created_at, public_key) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (
                person.id,
                person.display_name,
                person.role,
                person.title,
                _now(),
                _b64(public_key) if public_key else None,
            ),
        )

    def table_public_keys(self) -> dict[str, bytes]:
        """Every active row's X25519 public key as the people table holds it (not signed)."""
        rows = self.conn.execute(
            "SELECT id, public_key FROM people WHERE removed_at IS NULL AND public_key IS NOT NULL"
        )
        return {person_id: base64.b64decode(key) for person_id, key in rows}

    def removed_people_ids(self) -> set[str]:
        rows = self.conn.execute("SELECT id FROM people WHERE removed_at IS NOT NULL")
        return {row[0] for row in rows}

    def _set_public_key(self, person_id: str, public_key: bytes) -> None:
        self.conn.execute(
            "UPDATE people SET public_key = ? WHERE id = ?", (_b64(public_key), person_id)
        )

    def _mark_removed(self, person_id: str) -> None:
        self.conn.execute("UPDATE people SET removed_at = ? WHERE id = ?", (_now(), person_id))


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")
