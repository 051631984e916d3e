"""What a case bundle's export and import share: a table as the bundle sees it, the columns of
a person that never travel, and the report of one move."""

from __future__ import annotations

from dataclasses import dataclass

# A member's key material and removal stay in their own vault: the person arrives as a name.
PRIVATE_PEOPLE_COLUMNS = ("public_key", "removed_at")


@dataclass(frozen=True)
class Table:
    """What the bundle needs to know of one table, read from SQLite's own description."""

    name: str
    columns: tuple[str, ...]
    pk: tuple[str, ...]
    rowid_alias: str | None  # an INTEGER PRIMARY KEY: renumbered on import
    fks: tuple[tuple[str, str, str | None], ...]  # (column, parent table, parent column)


@dataclass(frozen=True)
class BundleReport:
    case_id: str
    counts: dict[str, int]
    size: int = 0
    original_case_id: str = ""
