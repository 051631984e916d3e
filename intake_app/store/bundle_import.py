"""Writing a bundle's rows into a vault: new ids where they collide, people as former members."""

from __future__ import annotations

import datetime as dt
import json
import secrets
from collections.abc import Callable
from typing import Any

from intake_app.domain.errors import BundleDamaged, BundleTooNew
from intake_app.store import audit_chain
from intake_app.store.bundle_model import PRIVATE_PEOPLE_COLUMNS, BundleReport, Table
from intake_app.store.connection import IntegrityError


class CaseImporter:
    """Inserts rows inside the caller's transaction; `finish()` checks and audits the import."""

    def __init__(
        self,
        vault,
        tables: dict[str, Table],
        manifest: dict[str, Any],
        new_case_id: Callable[[], str],
        accept_case: Callable[[dict[str, Any]], None] | None = None,
    ) -> None:
        self.vault = vault
        self.accept_case = accept_case
        self.conn = vault.conn
        self.tables = tables
        self.manifest = manifest
        self.layout: list[tuple[Table, list[str]]] = []
        for entry in manifest["tables"]:
            table = tables.get(entry["name"])
            if table is None or not set(entry["columns"]) <= set(table.columns):
                raise BundleTooNew(f"table {entry['name']!r} is not in this vault's schema")
            if entry["name"] == "people" and "id" not in entry["columns"]:
                raise BundleDamaged("people without ids")
            self.layout.append((table, list(entry["columns"])))
        self.original = manifest["case_id"]
        self.case_id = self.original
        if self._exists("cases", "id", self.original):
            self.case_id = new_case_id()
        # Old id -> new id, per table, for text keys that already exist in this vault.
        self.renamed: dict[str, dict[str, str]] = {"cases": {self.original: self.case_id}}
        self.counts: dict[str, int] = {}
        self.legacy_packet: str | None = None
        # The keys this import inserted, per table: a row may refer only to its own case's rows
        # (a chunk naming another case's document would change that case's exhibit).
        self.inserted: dict[str, set[Any]] = {}

    def _exists(self, table: str, column: str, value: Any) -> bool:
        sql = f'SELECT 1 FROM "{table}" WHERE "{column}" = ?'
        return self.conn.execute(sql, (value,)).fetchone() is not None

    def add(self, index: int, values: list[Any]) -> None:
        table, columns = self.layout[index]
        row = dict(zip(columns, values, strict=True))
        self.counts[table.name] = self.counts.get(table.name, 0) + 1
        if table.name == "people":
            self._add_person(row)
            return
        if table.name == "audit_log":
            # The case's history continues this vault's hash chain (store/audit_chain.py).
            row = self._renamed_row(table, row)
            audit_chain.append(
                self.conn,
                row.get("at"),
                row.get("person_id"),
                row.get("case_id"),
                row.get("action"),
                row.get("detail"),
            )
            return
        if table.name == "settings":
            row = self._setting(row)
            if row["key"] == f"case.{self.case_id}.packet":
                self.legacy_packet = row["value_json"]  # a bundle from before schema 4
                return
        else:
            row = self._renamed_row(table, row)
        names = ", ".join(f'"{c}"' for c in row)
        marks = ", ".join("?" * len(row))
        sql = f'INSERT INTO "{table.name}" ({names}) VALUES ({marks})'
        try:
            self.conn.execute(sql, tuple(row.values()))
        except IntegrityError as exc:  # a constraint the rows break: we did not write them
            raise BundleDamaged(f"a row of {table.name} does not fit") from exc

    def _add_person(self, row: dict[str, Any]) -> None:
        """Someone named in the case's history: kept as a former member, with no key slot."""
        if self._exists("people", "id", row["id"]):
            return
        row = {k: v for k, v in row.items() if k not in PRIVATE_PEOPLE_COLUMNS}
        row["removed_at"] = dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")
        names = ", ".join(f'"{c}"' for c in row)
        marks = ", ".join("?" * len(row))
        try:
            self.conn.execute(f"INSERT INTO people ({names}) VALUES ({marks})", tuple(row.values()))
        except IntegrityError as exc:
            raise BundleDamaged("a person in the bundle does not fit") from exc

    def _renamed_row(self, table: Table, row: dict[str, Any]) -> dict[str, Any]:
        if table.rowid_alias:
            row.pop(table.rowid_alias, None)  # a counter of the other vault; this one renumbers
        if table.name == "cases":
            row["id"] = self.case_id
            if self.accept_case is not None:
                self.accept_case(dict(row))  # the session's say: a form this app knows
            return row
        if "case_id" in row:
            if row["case_id"] != self.original:
                raise BundleDamaged("a row belongs to another case")
            row["case_id"] = self.case_id
        for column, parent, _parent_column in table.fks:
            if column in row and parent != "cases" and parent in self.renamed:
                row[column] = self.renamed[parent].get(row[column], row[column])
            if (
                column in row
                and row[column] is not None
                and parent not in ("cases", "people")
                and row[column] not in self.inserted.get(parent, ())
            ):
                raise BundleDamaged(f"a row of {table.name} refers to a row of another case")
        if len(table.pk) == 1 and not table.rowid_alias:
            (key,) = table.pk
            value = row.get(key)
            if isinstance(value, str) and self._exists(table.name, key, value):
                # The importing vault assigns the id; the bundle's never overwrites a row.
                fresh = secrets.token_hex(max(8, len(value) // 2))
                self.renamed.setdefault(table.name, {})[value] = fresh
                row[key] = fresh
            self.inserted.setdefault(table.name, set()).add(row.get(key))
        return row

    def _setting(self, row: dict[str, Any]) -> dict[str, Any]:
        old_prefix = f"case.{self.original}."
        key = row.get("key")
        if not isinstance(key, str) or not key.startswith(old_prefix):
            raise BundleDamaged("a setting that is not the case's")
        row["key"] = f"case.{self.case_id}." + key[len(old_prefix) :]
        return row

    def _legacy_packet_state(self) -> None:
        """A bundle made before packet state had its own tables carries it as a setting: its
        fields go into the typed rows, by name (never by rewriting text)."""
        try:
            state = json.loads(self.legacy_packet or "{}")
        except (json.JSONDecodeError, RecursionError) as exc:
            raise BundleDamaged("the case's packet setting is not JSON") from exc
        if not isinstance(state, dict):
            raise BundleDamaged("the case's packet setting is not a mapping")
        review = state.get("review") if isinstance(state.get("review"), dict) else None
        if review and not self._exists("people", "id", review.get("person_id")):
            review = {**review, "person_id": None}
        overrides = state.get("overrides") if isinstance(state.get("overrides"), dict) else {}
        try:
            self.conn.execute(
                "INSERT INTO packet_state (case_id, legal_bases_json, relief_json, roads_json, "
                "pro_se, reviewed_by, review_name, review_at, review_fingerprint) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    self.case_id,
                    None if state.get("legal_bases") is None else json.dumps(state["legal_bases"]),
                    json.dumps(state.get("relief", [])),
                    json.dumps(state.get("roads", [])),
                    1 if state.get("pro_se") else 0,
                    (review or {}).get("person_id"),
                    (review or {}).get("by"),
                    (review or {}).get("at"),
                    (review or {}).get("fingerprint"),
                ),
            )
            self.conn.executemany(
                "INSERT INTO paragraph_overrides (case_id, block_key, text) VALUES (?, ?, ?)",
                [(self.case_id, str(k), v) for k, v in overrides.items() if isinstance(v, str)],
            )
        except IntegrityError as exc:
            raise BundleDamaged("the case's packet setting does not fit") from exc

    def finish(self) -> BundleReport:
        if self.counts != {k: v for k, v in self.manifest["counts"].items() if v}:
            raise BundleDamaged("row counts disagree")
        if self.legacy_packet is not None:
            self._legacy_packet_state()
        if self.conn.execute("PRAGMA foreign_key_check").fetchall():
            raise BundleDamaged("the bundle's rows refer to rows it does not carry")
        if not self._exists("cases", "id", self.case_id):
            raise BundleDamaged("the bundle carries no case row")
        renamed = self.original if self.case_id != self.original else None
        self.vault._audit("case_bundle_imported", self.case_id, renamed)
        return BundleReport(self.case_id, dict(self.counts), original_case_id=self.original)
