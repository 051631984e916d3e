"""Documents of the session: attach (checked, streamed into the vault), list, edit, order, bind."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from intake_app.domain import permissions
from intake_app.domain.documents import DocumentRecord

if TYPE_CHECKING:
    from intake_app.analysis import Analysis
    from intake_app.evidence import CheckedFile, Limits
    from intake_app.packet import PacketInputs
    from intake_app.packet.model import Exhibit

log = logging.getLogger("intake_app.session")
READ_SIZE = 256 * 1024


def exhibit_tabs() -> list[Exhibit]:
    """The packet's tabs, in order: the categories a document can be filed under."""
    from intake_app.packet import load_packet_blocks

    return list(load_packet_blocks()["exhibits"].exhibits)


class DocumentsMixin:
    """Mixed into Session; relies on its vault, cases, analysis and packet inputs."""

    def document_limits(self) -> Limits:
        from intake_app.evidence import Limits

        return Limits.from_environment()

    def check_document_file(self, path: Path | str) -> CheckedFile:
        """Check a file without the vault (safe to run off the GUI thread); raises DocumentError."""
        from intake_app.evidence import inspect_file

        return inspect_file(path, self.document_limits())

    def attach_document(
        self,
        case_id: str,
        path: Path | str,
        *,
        category: str,
        language: str = "en",
        title: str = "",
        evidence_id: str | None = None,
        supports: str = "",
        provided_by: str = "",
        date_received: str | None = None,
        translation: str | None = None,
        checked: CheckedFile | None = None,
    ) -> DocumentRecord:
        """Check the file (unless `checked` is given), then copy it into the vault in chunks.

        All or nothing: a refused file, a read error or a file that changed since it was
        checked leaves no trace in the vault. Returns the stored document.
        """
        from intake_app.evidence import PDF, default_translation, thumbnail_png

        self._require_permission(permissions.ATTACH)
        vault = self._require()
        self.case(case_id)
        path = Path(path)
        fields = self._checked_fields(
            category=category,
            language=language,
            evidence_id=evidence_id,
            date_received=date_received or dt.date.today().isoformat(),
            translation=translation or default_translation(language),
        )
        checked = checked or self.check_document_file(path)
        import secrets  # hmac and OpenSSL load on the first attachment, not at start-up

        meta = {
            "id": secrets.token_hex(8),
            "case_id": case_id,
            "kind": checked.kind,
            "media_type": checked.media_type,
            "file_name": path.name,
            "title": title.strip() or self._default_title(category, evidence_id),
            "supports": supports.strip(),
            "provided_by": provided_by.strip(),
            "pages": checked.pages,
            "width": checked.width,
            "height": checked.height,
            **fields,
        }
        record = vault.add_document(meta, _blocks(path, checked))
        if checked.kind != PDF:
            with vault.open_document(record.id) as fh:
                vault.set_document_thumbnail(
                    record.id,
                    thumbnail_png(fh, checked.file_type, self.document_limits().max_pixels),
                )
        log.info("document attached (%s, %d pages)", checked.media_type, checked.pages)
        return record

    def _checked_fields(self, **fields: Any) -> dict[str, Any]:
        """Metadata values checked against the tabs, the evidence ids and the vocabularies."""
        from intake_app.analysis import default_rules
        from intake_app.evidence import TRANSLATION_STATES, is_language_code

        tabs = {tab.id: tab for tab in exhibit_tabs()}
        if "category" in fields and fields["category"] not in tabs:
            raise ValueError(f"unknown category {fields['category']!r}")
        evidence_id = fields.get("evidence_id")
        if evidence_id == "":
            fields["evidence_id"] = None
        elif evidence_id is not None and evidence_id not in default_rules().evidence:
            raise ValueError(f"unknown evidence id {evidence_id!r}")
        if "language" in fields and not is_language_code(fields["language"]):
            raise ValueError(f"not a language code: {fields['language']!r}")
        if "translation" in fields and fields["translation"] not in TRANSLATION_STATES:
            raise ValueError(f"unknown translation state {fields['translation']!r}")
        if fields.get("date_received"):
            fields["date_received"] = dt.date.fromisoformat(fields["date_received"]).isoformat()
        return fields

    def _default_title(self, category: str, evidence_id: str | None) -> str:
        from intake_app.analysis import default_rules

        if evidence_id:
            return default_rules().evidence[evidence_id].name.get("en", evidence_id)
        tab = next(t for t in exhibit_tabs() if t.id == category)
        return tab.short.get("en", category)

    def documents(self, case_id: str) -> list[DocumentRecord]:
        """The case's documents in packet order: by tab, then as arranged within the tab."""
        self.case(case_id)
        order = {tab.id: n for n, tab in enumerate(exhibit_tabs())}
        rows = self._require().documents(case_id)
        return sorted(rows, key=lambda d: (order.get(d.category, len(order)), d.position))

    def document(self, doc_id: str) -> DocumentRecord:
        return self._require().document(doc_id)

    def update_document(self, doc_id: str, **fields: Any) -> DocumentRecord:
        """Change metadata (category, title, evidence_id, supports, provided_by, language,
        date_received, translation); the file itself never changes."""
        vault = self._require()
        checked = self._checked_fields(**fields)
        return vault.update_document(doc_id, **checked)

    def reorder_documents(self, case_id: str, category: str, ordered_ids: list[str]) -> None:
        """The order of one tab's documents in the packet (drag and drop in the app)."""
        self._require().reorder_documents(case_id, category, list(ordered_ids))

    def delete_document(self, doc_id: str) -> None:
        self._require().delete_document(doc_id)

    def open_document(self, doc_id: str) -> BinaryIO:
        """A seekable reader over the document's bytes, fetched from the vault as read.
        Belongs to the thread that holds the vault (the GUI thread in the app)."""
        return self._require().open_document(doc_id)

    def read_document(self, doc_id: str) -> bytes:
        with self.open_document(doc_id) as fh:
            return fh.read()

    def document_thumbnail(self, doc_id: str) -> bytes | None:
        return self._require().document_thumbnail(doc_id)

    def set_document_thumbnail(self, doc_id: str, png: bytes | None) -> None:
        self._require().set_document_thumbnail(doc_id, png)

    # --- the analysis and the packet see what is attached ---------------------------------

    def attached_evidence(self, case_id: str) -> frozenset[str]:
        """Evidence ids answered by the case's documents (tag, or the tab's only evidence)."""
        from intake_app.packet.loader import load_packet_blocks
        from intake_app.packet.plan import covered_evidence

        docs = self._require().documents(case_id)
        if not docs:
            return frozenset()  # and the tab file need not be read
        return covered_evidence(
            load_packet_blocks()["exhibits"], ((d.category, d.evidence_id) for d in docs)
        )

    def analysis(self, case_id: str, today: dt.date | None = None) -> Analysis:
        """The analysis, with evidence that attached documents answer counted as obtained."""
        found = super().analysis(case_id, today=today)  # type: ignore[misc]
        attached = self.attached_evidence(case_id)
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

    def packet_inputs(self, case_id: str, *, in_memory: bool = False, **kw: Any) -> PacketInputs:
        """The packet's inputs with the attached documents. Their readers fetch from the vault
        as the packet is written; `in_memory=True` copies them first, for a build that runs
        off the thread holding the vault (the app's preview)."""
        from intake_app.packet import ExhibitDocument

        inputs = super().packet_inputs(case_id, **kw)  # type: ignore[misc]
        docs = []
        for record in self.documents(case_id):
            if in_memory:
                data = self.read_document(record.id)
                opener = _memory_opener(data)
            else:
                opener = _vault_opener(self._require(), record.id)
            docs.append(
                ExhibitDocument(
                    id=record.id,
                    category=record.category,
                    kind=record.kind,
                    media_type=record.media_type,
                    pages=record.pages,
                    title=record.title,
                    open=opener,
                    language=record.language,
                    evidence_id=record.evidence_id,
                    supports=record.supports,
                    translation=record.translation,
                )
            )
        return dataclasses.replace(inputs, documents=tuple(docs))

    def exhibit_refs(self, case_id: str) -> dict[str, str]:
        """Each document's place in the packet: {document id: "C-2"}."""
        from intake_app.packet.build import prepare

        planned = prepare(self.packet_inputs(case_id)).planned
        return {doc.id: ex.ref(n) for ex in planned for n, doc in enumerate(ex.documents)}

    def write_packet(self, case_id: str, out: BinaryIO, **kw: Any) -> int:
        """Write the packet straight to a stream (a file): exhibits are read from the vault
        page by page, so memory stays flat however much the exhibits weigh."""
        from intake_app.packet import write_packet

        self._require_permission(permissions.EXPORT_PACKET)
        written = write_packet(self.packet_inputs(case_id, **kw), out)
        self._require().audit("packet_built", case_id)
        return written

    def _packet_fingerprint(self, case_id: str, state: dict[str, Any]) -> str:
        """Counsel's review also covers the documents: attaching or changing one voids it."""
        base = super()._packet_fingerprint(case_id, state)  # type: ignore[misc]
        docs = self._require().documents(case_id)
        if not docs:
            return base
        material = repr([dataclasses.astuple(d) for d in docs]).encode("utf-8")
        import hashlib  # OpenSSL's digests load on first use, not with the unlock screen

        return hashlib.sha256(base.encode() + material).hexdigest()


def _blocks(path: Path, checked: CheckedFile) -> Iterator[bytes]:
    """The file in blocks; raises FileChanged at the end when it is not what was checked."""
    import hashlib

    from intake_app.evidence import FileChanged, FileUnreadable
    from intake_app.evidence.inspect import open_regular

    digest = hashlib.sha256()
    size = 0
    try:
        with open_regular(path) as fh:
            while block := fh.read(READ_SIZE):
                size += len(block)
                if size > checked.size:
                    raise FileChanged()
                digest.update(block)
                yield block
    except OSError as exc:
        raise FileUnreadable(type(exc).__name__) from exc
    if size != checked.size or digest.hexdigest() != checked.sha256:
        raise FileChanged()


def _memory_opener(data: bytes):
    return lambda: io.BytesIO(data)


def _vault_opener(vault, doc_id: str):
    return lambda: vault.open_document(doc_id)
