"""A PDF written object by object to a stream, so a packet never sits whole in memory."""

from __future__ import annotations

import hashlib
from typing import BinaryIO

from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    EncodedStreamObject,
    IndirectObject,
    NameObject,
    NullObject,
    NumberObject,
    PdfObject,
    StreamObject,
    TextStringObject,
)


class _Counting:
    """Counts the bytes written, for the cross-reference table (the output need not seek)."""

    def __init__(self, out: BinaryIO) -> None:
        self.out = out
        self.offset = 0

    def write(self, data: bytes) -> int:
        self.out.write(data)
        self.offset += len(data)
        return len(data)


def ref(number: int) -> IndirectObject:
    return IndirectObject(number, 0, None)  # type: ignore[arg-type]


class StreamingPdfWriter:
    """Objects go to the output as soon as they are written; only their offsets are kept."""

    def __init__(self, out: BinaryIO) -> None:
        self._out = _Counting(out)
        self._offsets: dict[int, int] = {}
        self._next = 1
        self._digest = hashlib.sha256()
        self.pages_root = self.alloc()
        self.page_refs: list[int] = []
        self._out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")

    def alloc(self) -> int:
        number = self._next
        self._next += 1
        return number

    def write(self, number: int, obj: PdfObject) -> None:
        if number in self._offsets:
            raise ValueError(f"object {number} written twice")
        self._offsets[number] = self._out.offset
        self._out.write(f"{number} 0 obj\n".encode())
        obj.write_to_stream(self._out)  # type: ignore[arg-type]
        self._out.write(b"\nendobj\n")
        self._digest.update(number.to_bytes(8, "big"))

    def add(self, obj: PdfObject) -> int:
        number = self.alloc()
        self.write(number, obj)
        return number

    def add_page(self, number: int, page: DictionaryObject) -> None:
        """Write a page object (allocated earlier, so others could point at it)."""
        page[NameObject("/Type")] = NameObject("/Page")
        page[NameObject("/Parent")] = ref(self.pages_root)
        self.write(number, page)
        self.page_refs.append(number)

    def close(self, info: dict[str, str], outline: int | None = None) -> int:
        """Pages tree, catalog, info, cross-reference table and trailer; returns bytes written."""
        pages = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Pages"),
                NameObject("/Kids"): ArrayObject(ref(n) for n in self.page_refs),
                NameObject("/Count"): NumberObject(len(self.page_refs)),
            }
        )
        self.write(self.pages_root, pages)
        catalog = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Catalog"),
                NameObject("/Pages"): ref(self.pages_root),
            }
        )
        if outline is not None:
            catalog[NameObject("/Outlines")] = ref(outline)
            catalog[NameObject("/PageMode")] = NameObject("/UseOutlines")
        root = self.add(catalog)
        info_id = self.add(
            DictionaryObject({NameObject(k): TextStringObject(v) for k, v in info.items()})
        )
        missing = [n for n in range(1, self._next) if n not in self._offsets]
        for number in missing:  # allocated for a reference that could not be resolved
            self.write(number, NullObject())
        start = self._out.offset
        size = self._next
        lines = [f"xref\n0 {size}\n", "0000000000 65535 f \n"]
        lines += [f"{self._offsets[n]:010d} 00000 n \n" for n in range(1, size)]
        self._out.write("".join(lines).encode())
        file_id = self._digest.hexdigest()[:32]
        self._out.write(
            (
                f"trailer\n<< /Size {size} /Root {root} 0 R /Info {info_id} 0 R "
                f"/ID [<{file_id}> <{file_id}>] >>\nstartxref\n{start}\n%%EOF\n"
            ).encode()
        )
        return self._out.offset


class ObjectCopier:
    """Copies objects of one source PDF into the writer, each once, renumbered as it goes.

    References are queued and written one at a time, so memory holds one object, not the
    document. Page-tree nodes are never followed (they would drag the whole source along).
    """

    SKIPPED_KEYS = frozenset({"/Parent", "/P", "/StructParent", "/StructParents"})
    # Active content never crosses into a packet: scripts, actions (launch, submit, go to
    # another file), embedded files, annotations and forms. A page is drawn, not run.
    ACTIVE_KEYS = frozenset(
        {
            "/JS",
            "/JavaScript",
            "/AA",
            "/A",
            "/OpenAction",
            "/Annots",
            "/AcroForm",
            "/EmbeddedFiles",
            "/EF",
            "/RichMedia",
            "/Launch",
            "/URI",
        }
    )
    ACTIVE_TYPES = frozenset({"/Action", "/EmbeddedFile", "/Filespec", "/Annot"})
    ACTIVE_ACTIONS = frozenset(
        {"/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/GoToR", "/GoToE", "/URI"}
    )

    def __init__(self, writer: StreamingPdfWriter, premapped: dict | None = None) -> None:
        self.writer = writer
        self.map: dict[tuple[int, int], int] = dict(premapped or {})
        self._queue: list[tuple[int, IndirectObject]] = []

    def copy(self, obj: PdfObject | None) -> PdfObject:
        if obj is None:
            return NullObject()
        if isinstance(obj, IndirectObject):
            key = (obj.idnum, obj.generation)
            number = self.map.get(key)
            if number is None:
                number = self.map[key] = self.writer.alloc()
                self._queue.append((number, obj))
            return ref(number)
        if isinstance(obj, (StreamObject, DictionaryObject)) and self.is_active(obj):
            return NullObject()
        if isinstance(obj, StreamObject):
            stream = EncodedStreamObject() if "/Filter" in obj else DecodedStreamObject()
            stream._data = obj._data
            for key, value in obj.items():
                if key != "/Length" and key not in self.SKIPPED_KEYS | self.ACTIVE_KEYS:
                    stream[NameObject(key)] = self.copy(value)
            return stream
        if isinstance(obj, DictionaryObject):
            out = DictionaryObject()
            for key, value in obj.items():
                if key not in self.SKIPPED_KEYS | self.ACTIVE_KEYS:
                    out[NameObject(key)] = self.copy(value)
            return out
        if isinstance(obj, ArrayObject):
            return ArrayObject(self.copy(value) for value in obj)
        return obj

    @classmethod
    def is_active(cls, obj: DictionaryObject) -> bool:
        """An action, an embedded file, a file specification or an annotation."""
        return obj.get("/Type") in cls.ACTIVE_TYPES or obj.get("/S") in cls.ACTIVE_ACTIONS

    def flush(self) -> None:
        """Write every object queued by earlier copies (and what they refer to)."""
        while self._queue:
            number, reference = self._queue.pop()
            try:
                target = reference.get_object()
            except Exception:  # a dangling or broken reference prints as nothing
                target = None
            if isinstance(target, DictionaryObject) and target.get("/Type") in ("/Page", "/Pages"):
                target = None
            self.writer.write(number, self.copy(target))
