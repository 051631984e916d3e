"""Documents: attach (checked, streamed into the vault), list, edit, order, read, as evidence."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from intake_app.domain import permissions
from intake_app.domain.documents import DocumentRecord

if TYPE_CHECKING:
    from intake_app.evidence import CheckedFile, Limits
    from intake_app.packet.model import Exhibit
    from intake_app.session.core import Session

log = logging.getLogger("intake_app.session")
READ_SIZE = 256 * 1024


def exhibit_tabs() -> list[Exhibit]:
    """The packet's tabs, in order: the categories a document can be filed under."""
    from intake_app.packet.loader import load_packet_blocks

    return list(load_packet_blocks()["exhibits"].exhibits)


class Documents:
    """The session's documents (`session.documents`): a case's exhibits, in the vault."""

    def __init__(self, session: Session) -> None:
        self._session = session

    def limits(self) -> Limits:
        from intake_app.evidence import Limits

        return Limits.from_environment()

    def check_file(self, path: Path | str) -> CheckedFile:
        """Check a file without the vault (safe to run off the GUI thread); raises DocumentError."""
        from intake_app.evidence import inspect_file

        return inspect_file(path, self.limits())

    def attach(
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

        self._session.require(permissions.ATTACH)
        vault = self._session.vault()
        self._session.cases.get(case_id)
        path = Path(path)
        fields = self._checked_fields(
            category=category,
            language=language,
            evidence_id=evidence_id,
            date_received=date_received or dt.date.today().isoformat(),
            translation=translation or default_translation(language),
        )
        checked = checked or self.check_file(path)
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
                    thumbnail_png(fh, checked.file_type, self.limits().max_pixels),
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

    def list(self, case_id: str) -> list[DocumentRecord]:
        """The case's documents in packet order: by tab, then as arranged within the tab."""
        self._session.cases.get(case_id)
        order = {tab.id: n for n, tab in enumerate(exhibit_tabs())}
        rows = self._session.vault().documents(case_id)
        return sorted(rows, key=lambda d: (order.get(d.category, len(order)), d.position))

    def get(self, doc_id: str) -> DocumentRecord:
        return self._session.vault().document(doc_id)

    def update(self, doc_id: str, **fields: Any) -> DocumentRecord:
        """Change metadata (category, title, evidence_id, supports, provided_by, language,
        date_received, translation); the file itself never changes."""
        vault = self._session.vault()
        checked = self._checked_fields(**fields)
        return vault.update_document(doc_id, **checked)

    def reorder(self, case_id: str, category: str, ordered_ids: list[str]) -> None:
        """The order of one tab's documents in the packet (drag and drop in the app)."""
        self._session.vault().reorder_documents(case_id, category, list(ordered_ids))

    def delete(self, doc_id: str) -> None:
        self._session.vault().delete_document(doc_id)

    def open(self, doc_id: str) -> BinaryIO:
        """A seekable reader over the document's bytes, fetched from the vault as read.
        Belongs to the thread that holds the vault (the GUI thread in the app)."""
        return self._session.vault().open_document(doc_id)

    def read(self, doc_id: str) -> bytes:
        with self.open(doc_id) as fh:
            return fh.read()

    def thumbnail(self, doc_id: str) -> bytes | None:
        return self._session.vault().document_thumbnail(doc_id)

    def set_thumbnail(self, doc_id: str, png: bytes | None) -> None:
        self._session.vault().set_document_thumbnail(doc_id, png)

    # --- the analysis and the packet see what is attached ---------------------------------

    def attached_evidence(self, case_id: str) -> frozenset[str]:
        """Evidence ids answered by the case's documents (tag, or the tab's only evidence)."""
        from intake_app.packet.loader import load_packet_blocks
        from intake_app.packet.plan import covered_evidence

        docs = self._session.vault().documents(case_id)
        if not docs:
            return frozenset()  # and the tab file need not be read
        return covered_evidence(
            load_packet_blocks()["exhibits"], ((d.category, d.evidence_id) for d in docs)
        )

    def exhibit_refs(self, case_id: str) -> dict[str, str]:
        """Each document's place in the packet: {document id: "C-2"}."""
        from intake_app.packet.build import prepare

        planned = prepare(self._session.packets.inputs(case_id)).planned
        return {doc.id: ex.ref(n) for ex in planned for n, doc in enumerate(ex.documents)}


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
