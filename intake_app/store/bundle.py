"""One case, carried between vaults: every row that belongs to it, in an encrypted bundle.

Which rows belong to a case is read from the schema, not listed here: the case's row, every
table with a `case_id` column, every table whose foreign key points into those (a document's
chunks), the case's settings (`case.<id>.…`), and the people those rows name (so the audit
trail still says who did what; they arrive as former members, with no key slot). A newer
table that follows the same conventions travels without a change to this module.

The payload, inside the encrypted envelope of `bundle_stream`, is a sequence of records:
`M` + length + manifest (JSON: case id, tables and columns, row counts), `R` + table index +
tagged values, and `E` + length + trailer (JSON: row counts again). Import runs in one
transaction: a record that fails to authenticate or to parse, or counts that disagree, roll
everything back.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import secrets
import struct
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from intake_app.domain.errors import BundleDamaged, BundleError, BundleTooNew, NotABundle
from intake_app.domain.inputs import NotRegular, open_regular
from intake_app.store import bundle_stream as stream
from intake_app.store import schema
from intake_app.store.bundle_model import PRIVATE_PEOPLE_COLUMNS, BundleReport, Table
from intake_app.store.kdf import KdfParams
from intake_app.store.keyslots import fsync_dir
from intake_app.store.repositories import transaction

CONTENT_FORMAT = "amparo-case-bundle-content"
PERSON_COLUMNS = ("person_id", "created_by", "updated_by", "detail")
MAX_MANIFEST_BYTES = 1_000_000


def tables_of(conn) -> dict[str, Table]:
    result = {}
    for name, sql in conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ):
        info = sorted(conn.execute(f'PRAGMA table_info("{name}")'))
        pk = tuple(r[1] for r in sorted(info, key=lambda r: r[5]) if r[5])
        rowid = "without rowid" not in (sql or "").lower()
        alias = pk[0] if rowid and len(pk) == 1 and _is_integer(info, pk[0]) else None
        fks = tuple((r[3], r[2], r[4]) for r in conn.execute(f'PRAGMA foreign_key_list("{name}")'))
        result[name] = Table(name, tuple(r[1] for r in info), pk, alias, fks)
    return result


def _is_integer(info: list, column: str) -> bool:
    return any(r[1] == column and str(r[2]).upper() == "INTEGER" for r in info)


# A case's place in this laptop's clinic network (its key, its versions, what waits to be sent)
# stays with this vault: a bundle carries the case, not another clinic's keys.
LOCAL_TABLES = frozenset({"shared_cases", "case_keys", "answer_versions"})


def case_selection(tables: dict[str, Table], case_id: str) -> list[tuple[Table, str, tuple]]:
    """(table, WHERE clause, parameters) for every row of the case, parents before children."""
    chosen: dict[str, tuple[str, tuple]] = {"cases": ("id = ?", (case_id,))}
    for name in sorted(tables):
        if name in LOCAL_TABLES or name.startswith("clinic_"):
            continue
        if name != "cases" and "case_id" in tables[name].columns:
            chosen[name] = ("case_id = ?", (case_id,))
    changed = True
    while changed:
        changed = False
        for name in sorted(set(tables) - set(chosen) - {"people", "settings"}):
            if name in LOCAL_TABLES or name.startswith("clinic_"):
                continue
            for column, parent, parent_column in tables[name].fks:
                if parent in chosen and parent != "people":
                    key = parent_column or tables[parent].pk[0]
                    where, params = chosen[parent]
                    sub = f'SELECT "{key}" FROM "{parent}" WHERE {where}'
                    chosen[name] = (f'"{column}" IN ({sub})', params)
                    changed = True
                    break
    prefix = f"case.{case_id}."
    if "settings" in tables:
        chosen["settings"] = ("substr(key, 1, ?) = ?", (len(prefix), prefix))
    order = _parents_first(tables, list(chosen))
    return [(tables[name], *chosen[name]) for name in order]


def _parents_first(tables: dict[str, Table], names: list[str]) -> list[str]:
    ordered: list[str] = []
    pending = sorted(names, key=lambda n: (n != "cases", n))
    while pending:
        for name in pending:
            parents = {p for _c, p, _pc in tables[name].fks if p in names and p != name}
            if parents <= set(ordered):
                ordered.append(name)
                pending.remove(name)
                break
        else:
            ordered.extend(pending)  # a cycle: keep the rest in name order
            break
    return ordered


def _people_named(conn, selection: list[tuple[Table, str, tuple]]) -> list[str]:
    ids: set[str] = set()
    for table, where, params in selection:
        columns = {c for c, parent, _pc in table.fks if parent == "people"}
        columns |= set(PERSON_COLUMNS) & set(table.columns)
        for column in sorted(columns):
            sql = f'SELECT DISTINCT "{column}" FROM "{table.name}" WHERE {where}'
            ids |= {row[0] for row in conn.execute(sql, params) if isinstance(row[0], str)}
    return sorted(ids)


# --- export ----------------------------------------------------------------------------------


def _records(conn, case_id: str) -> tuple[dict[str, Any], Iterator[bytes]]:
    tables = tables_of(conn)
    selection = case_selection(tables, case_id)
    people = _people_named(conn, selection)
    marks = ",".join("?" * len(people))
    person_table = tables["people"]
    person_columns = tuple(c for c in person_table.columns if c not in PRIVATE_PEOPLE_COLUMNS)
    plan = [(person_table, person_columns, f"id IN ({marks})", tuple(people))]
    plan += [(t, t.columns, where, params) for t, where, params in selection]
    counts = {
        t.name: conn.execute(f'SELECT count(*) FROM "{t.name}" WHERE {where}', params).fetchone()[0]
        for t, _cols, where, params in plan
    }
    manifest = {
        "format": CONTENT_FORMAT,
        "version": stream.VERSION,
        "schema_version": schema.SCHEMA_VERSION,
        "case_id": case_id,
        "exported_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "tables": [{"name": t.name, "columns": list(cols)} for t, cols, _w, _p in plan],
        "counts": counts,
    }

    def generate() -> Iterator[bytes]:
        yield b"M" + _sized(json.dumps(manifest).encode("utf-8"))
        for index, (table, columns, where, params) in enumerate(plan):
            names = ", ".join(f'"{c}"' for c in columns)
            order = ", ".join(f'"{c}"' for c in table.pk) or "rowid"
            sql = f'SELECT {names} FROM "{table.name}" WHERE {where} ORDER BY {order}'
            for row in conn.iterate(sql, params):
                yield b"R" + struct.pack(">H", index) + b"".join(map(stream.encode_value, row))
        yield b"E" + _sized(json.dumps({"counts": counts}).encode("utf-8"))

    return manifest, generate()


def _sized(data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + data


def export_case(vault, case_id: str, out: Path, passphrase: str, params: KdfParams) -> BundleReport:
    """Write the case's bundle to `out` (via a temporary name), then read it back to verify."""
    out = Path(out)
    if not out.parent.is_dir():
        raise BundleError(f"no folder {out.parent}")
    header = stream.new_header(params.check())
    key = stream.bundle_key(header, passphrase)
    partial = out.with_name(f".{out.name}.partial-{secrets.token_hex(6)}")
    try:
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh, transaction(vault.conn):
            manifest, records = _records(vault.conn, case_id)
            writer = stream.ChunkWriter(fh, header, key)
            for record in records:
                writer.write(record)
            writer.close()
            fh.flush()
            os.fsync(fh.fileno())
        with partial.open("rb") as fh:
            read_header, raw = stream.read_header(fh)
            reader = stream.RecordReader(stream.read_chunks(fh, read_header, raw, key))
            _verify_only(reader, manifest)
        os.replace(partial, out)
        fsync_dir(out.parent)
    except OSError as exc:
        raise BundleError(str(exc)) from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.remove(partial)
    return BundleReport(case_id, manifest["counts"], out.stat().st_size)


def _verify_only(reader: stream.RecordReader, manifest: dict[str, Any]) -> None:
    if _manifest(reader) != manifest:
        raise BundleError("the written bundle does not read back the same")
    for _index, _values in _rows(reader, manifest):
        pass


# --- import ----------------------------------------------------------------------------------


def _manifest(reader: stream.RecordReader) -> dict[str, Any]:
    if reader.read(1) != b"M":
        raise BundleDamaged("the bundle does not start with its manifest")
    manifest = _json_record(reader)
    tables = manifest.get("tables")
    if manifest.get("format") != CONTENT_FORMAT or not isinstance(tables, list):
        raise BundleDamaged("not a case bundle's manifest")
    if not isinstance(manifest.get("case_id"), str) or not manifest["case_id"]:
        raise BundleDamaged("the manifest names no case")
    for table in tables:
        if not isinstance(table, dict) or not isinstance(table.get("name"), str):
            raise BundleDamaged("bad table in the manifest")
        columns = table.get("columns")
        if not isinstance(columns, list) or not all(isinstance(c, str) for c in columns):
            raise BundleDamaged("bad columns in the manifest")
    if not isinstance(manifest.get("counts"), dict):
        raise BundleDamaged("no counts in the manifest")
    return manifest


def _json_record(reader: stream.RecordReader) -> dict[str, Any]:
    (length,) = struct.unpack(">I", reader.read(4))
    if length > MAX_MANIFEST_BYTES:
        raise BundleDamaged("record too large")
    try:
        value = json.loads(reader.read(length).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise BundleDamaged("record is not JSON") from exc
    if not isinstance(value, dict):
        raise BundleDamaged("record is not an object")
    return value


def _rows(reader: stream.RecordReader, manifest: dict[str, Any]) -> Iterator[tuple[int, list]]:
    """Every row record; then the end record, its counts, and that nothing follows it."""
    names = [t["name"] for t in manifest["tables"]]
    widths = [len(t["columns"]) for t in manifest["tables"]]
    seen = dict.fromkeys(names, 0)
    while True:
        tag = reader.read(1)
        if tag == b"E":
            trailer = _json_record(reader)
            break
        if tag != b"R":
            raise BundleDamaged("unknown record")
        (index,) = struct.unpack(">H", reader.read(2))
        if index >= len(widths):
            raise BundleDamaged("row of an unknown table")
        seen[names[index]] += 1
        yield index, [stream.decode_value(reader) for _ in range(widths[index])]
    if not reader.at_end():
        raise BundleDamaged("data after the end record")
    if trailer.get("counts") != manifest["counts"] or seen != manifest["counts"]:
        raise BundleDamaged("row counts disagree")


def import_case(
    vault,
    path: Path,
    passphrase: str,
    new_case_id: Callable[[], str],
    accept_case: Callable[[dict[str, Any]], None] | None = None,
    check_imported: Callable[[str], None] | None = None,
) -> BundleReport:
    """Import the bundle's case whole, or raise and import nothing. `check_imported(case_id)`
    runs inside the same transaction once every row is in: what it refuses rolls back."""
    from intake_app.store.bundle_import import CaseImporter

    try:
        source = open_regular(path)
    except NotRegular as exc:
        raise NotABundle("not a regular file") from exc
    with source as fh:
        header, raw = stream.read_header(fh)
        key = stream.bundle_key(header, passphrase)
        reader = stream.RecordReader(stream.read_chunks(fh, header, raw, key))
        manifest = _manifest(reader)  # the first chunk: a wrong passphrase stops here
        if manifest.get("schema_version", 0) > schema.SCHEMA_VERSION:
            raise BundleTooNew(str(manifest.get("schema_version")))
        with transaction(vault.conn):
            importer = CaseImporter(
                vault, tables_of(vault.conn), manifest, new_case_id, accept_case
            )
            for index, values in _rows(reader, manifest):
                importer.add(index, values)
            report = importer.finish()
            if check_imported is not None:
                check_imported(report.case_id)
            return report
