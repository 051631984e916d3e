"""Attached documents in the vault: metadata rows and the file as ordered, encrypted chunk rows."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import Any

from intake_app.domain.documents import EDITABLE_FIELDS, DocumentRecord
from intake_app.domain.errors import CaseNotFound, VaultDamaged
from intake_app.store import clinic_log
from intake_app.store.repositories import transaction

CHUNK_SIZE = 256 * 1024
_COLUMNS = (
    "id, case_id, category, position, kind, media_type, file_name, title, evidence_id, "
    "supports, provided_by, language, date_received, translation, size, sha256, pages, "
    "width, height, created_at"
)


class DocumentNotFound(CaseNotFound):
    """No document with that id (it may have been deleted)."""


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")


class DocumentRows:
    """Mixed into the Vault: documents and their chunks; each write is one transaction."""

    conn: Any

    def add_document(self, meta: dict[str, Any], blocks: Iterable[bytes]) -> DocumentRecord:
        """Store a document from an iterable of byte blocks, all or nothing.

        Blocks are re-cut into CHUNK_SIZE rows as they arrive and hashed on the way; any error
        raised by the iterable (a read error, a file that changed) rolls the whole insert back.
        """
        case_id = meta["case_id"]
        with transaction(self.conn):
            if self.conn.execute("SELECT 1 FROM cases WHERE id = ?", (case_id,)).fetchone() is None:
                raise CaseNotFound(case_id)
            position = self.conn.execute(
                "SELECT coalesce(max(position) + 1, 0) FROM documents "
                "WHERE case_id = ? AND category = ?",
                (case_id, meta["category"]),
            ).fetchone()[0]
            self.conn.execute(
                "INSERT INTO documents (id, case_id, category, position, kind, media_type, "
                "file_name, title, evidence_id, supports, provided_by, language, date_received, "
                "translation, pages, width, height, chunk_size, created_at, created_by) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    meta["id"],
                    case_id,
                    meta["category"],
                    position,
                    meta["kind"],
                    meta["media_type"],
                    meta.get("file_name", ""),
                    meta.get("title", ""),
                    meta.get("evidence_id"),
                    meta.get("supports", ""),
                    meta.get("provided_by", ""),
                    meta.get("language", "en"),
                    meta.get("date_received"),
                    meta.get("translation", "not_needed"),
                    meta.get("pages", 1),
                    meta.get("width"),
                    meta.get("height"),
                    CHUNK_SIZE,
                    _now(),
                    self.person.id,
                ),
            )
            digest, size, count = self._write_chunks(meta["id"], blocks)
            self.conn.execute(
                "UPDATE documents SET size = ?, sha256 = ?, chunk_count = ? WHERE id = ?",
                (size, digest, count, meta["id"]),
            )
            self._audit("document_attached", case_id)
            clinic_log.note_document(self.conn, case_id, meta["id"], with_content=True)
        return self.document(meta["id"])

    def _write_chunks(self, doc_id: str, blocks: Iterable[bytes]) -> tuple[str, int, int]:
        digest = hashlib.sha256()
        pending = bytearray()
        size = seq = 0
        insert = "INSERT INTO document_chunks (document_id, seq, data) VALUES (?, ?, ?)"
        for block in blocks:
            digest.update(block)
            size += len(block)
            pending += block
            while len(pending) >= CHUNK_SIZE:
                self.conn.execute(insert, (doc_id, seq, bytes(pending[:CHUNK_SIZE])))
                del pending[:CHUNK_SIZE]
                seq += 1
        if pending:
            self.conn.execute(insert, (doc_id, seq, bytes(pending)))
            seq += 1
        return digest.hexdigest(), size, seq

    def documents(self, case_id: str) -> list[DocumentRecord]:
        """A case's documents in packet order: by tab as given, then position."""
        rows = self.conn.execute(
            f"SELECT {_COLUMNS} FROM documents WHERE case_id = ? "
            "ORDER BY category, position, created_at",
            (case_id,),
        )
        return [DocumentRecord(*row) for row in rows]

    def document(self, doc_id: str) -> DocumentRecord:
        row = self.conn.execute(
            f"SELECT {_COLUMNS} FROM documents WHERE id = ?", (doc_id,)
        ).fetchone()
        if row is None:
            raise DocumentNotFound(doc_id)
        return DocumentRecord(*row)

    def update_document(self, doc_id: str, **fields: Any) -> DocumentRecord:
        unknown = set(fields) - set(EDITABLE_FIELDS)
        if unknown:
            raise ValueError(f"cannot set {sorted(unknown)}")
        current = self.document(doc_id)
        with transaction(self.conn):
            if "category" in fields and fields["category"] != current.category:
                fields["position"] = self.conn.execute(
                    "SELECT coalesce(max(position) + 1, 0) FROM documents "
                    "WHERE case_id = ? AND category = ?",
                    (current.case_id, fields["category"]),
                ).fetchone()[0]
            if fields:
                assignments = ", ".join(f"{name} = ?" for name in fields)
                self.conn.execute(
                    f"UPDATE documents SET {assignments} WHERE id = ?", (*fields.values(), doc_id)
                )
            self._audit("document_changed", current.case_id)
            clinic_log.note_document(self.conn, current.case_id, doc_id)
        return self.document(doc_id)

    def reorder_documents(self, case_id: str, category: str, ordered_ids: list[str]) -> None:
        """Set the order of one tab's documents; ids must be exactly that tab's documents."""
        present = {
            row[0]
            for row in self.conn.execute(
                "SELECT id FROM documents WHERE case_id = ? AND category = ?", (case_id, category)
            )
        }
        if present != set(ordered_ids) or len(ordered_ids) != len(present):
            raise ValueError("the new order must name each document of the tab once")
        with transaction(self.conn):
            self.conn.executemany(
                "UPDATE documents SET position = ? WHERE id = ?",
                [(n, doc_id) for n, doc_id in enumerate(ordered_ids)],
            )
            self._audit("documents_reordered", case_id)
            for doc_id in ordered_ids:
                clinic_log.note_document(self.conn, case_id, doc_id)

    def delete_document(self, doc_id: str) -> None:
        current = self.document(doc_id)
        with transaction(self.conn):
            # The chunks go by cascade; secure_delete overwrites the freed pages.
            self.conn.execute("DELETE FROM documents WHERE id = ?", (doc_id,))
            self._audit("document_deleted", current.case_id)
            clinic_log.note_document(self.conn, current.case_id, doc_id)

    def document_chunk(self, doc_id: str, seq: int) -> bytes:
        row = self.conn.execute(
            "SELECT data FROM document_chunks WHERE document_id = ? AND seq = ?", (doc_id, seq)
        ).fetchone()
        if row is None:
            raise VaultDamaged(f"document chunk {seq} is missing")
        return bytes(row[0])

    def check_document_chunks(self, doc_id: str) -> None:
        """VaultDamaged unless the document has exactly its chunks, numbered 0…n-1, and they
        add up to its size (a bundle from elsewhere may leave one out, or add one)."""
        size, _chunk_size, count = self._layout(doc_id)
        found, low, high, total = self.conn.execute(
            "SELECT count(*), min(seq), max(seq), coalesce(sum(length(data)), 0) "
            "FROM document_chunks WHERE document_id = ?",
            (doc_id,),
        ).fetchone()
        if found != count or (count and (low, high) != (0, count - 1)) or total != size:
            raise VaultDamaged("a document's chunks do not add up")

    def open_document(self, doc_id: str) -> ChunkReader:
        """A seekable, read-only file over the document's chunks, fetched as they are read."""
        size, chunk_size, count = self._layout(doc_id)
        return ChunkReader(lambda seq: self.document_chunk(doc_id, seq), size, chunk_size, count)

    def _layout(self, doc_id: str) -> tuple[int, int, int]:
        row = self.conn.execute(
            "SELECT size, chunk_size, chunk_count FROM documents WHERE id = ?", (doc_id,)
        ).fetchone()
        if row is None:
            raise DocumentNotFound(doc_id)
        return row[0], row[1], row[2]

    def set_document_thumbnail(self, doc_id: str, png: bytes | None) -> None:
        with transaction(self.conn):
            self.conn.execute("UPDATE documents SET thumbnail = ? WHERE id = ?", (png, doc_id))

    def document_thumbnail(self, doc_id: str) -> bytes | None:
        row = self.conn.execute(
            "SELECT thumbnail FROM documents WHERE id = ?", (doc_id,)
        ).fetchone()
        return bytes(row[0]) if row and row[0] is not None else None


class ChunkReader(io.RawIOBase):
    """read/seek/tell over chunk rows, keeping the few most recent chunks (pypdf seeks a lot)."""

    CACHED = 4

    def __init__(
        self, fetch: Callable[[int], bytes], size: int, chunk_size: int, count: int
    ) -> None:
        super().__init__()
        self._fetch = fetch
        self._size = size
        self._chunk_size = chunk_size
        self._count = count
        self._pos = 0
        self._cache: OrderedDict[int, bytes] = OrderedDict()

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._pos, io.SEEK_END: self._size}[whence]
        target = base + offset
        if target < 0:
            raise ValueError("negative seek position")
        self._pos = target
        return target

    def _chunk(self, seq: int) -> bytes:
        data = self._cache.get(seq)
        if data is None:
            data = self._fetch(seq)
            expected = min(self._chunk_size, self._size - seq * self._chunk_size)
            if len(data) != expected:
                raise VaultDamaged(f"document chunk {seq} has the wrong length")
            self._cache[seq] = data
            if len(self._cache) > self.CACHED:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(seq)
        return data

    def read(self, n: int = -1) -> bytes:
        if self.closed:
            raise ValueError("read of closed file")
        end = self._size if n is None or n < 0 else min(self._size, self._pos + n)
        if self._pos >= end:
            return b""
        parts = []
        pos = self._pos
        while pos < end:
            seq, offset = divmod(pos, self._chunk_size)
            chunk = self._chunk(seq)
            piece = chunk[offset : offset + (end - pos)]
            parts.append(piece)
            pos += len(piece)
        self._pos = pos
        return parts[0] if len(parts) == 1 else b"".join(parts)

    def readall(self) -> bytes:
        return self.read(-1)

    def readinto(self, buffer) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self._cache.clear()
        super().close()
