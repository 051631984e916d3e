"""An attached PDF's active content never reaches the packet: its pages are drawn, not run —
no JavaScript, launch or submit actions, embedded files or annotations cross over."""

from __future__ import annotations

import io

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    StreamObject,
    TextStringObject,
)

from intake_app.packet import ExhibitDocument, build_packet
from tests.evidence.conftest import pdf_bytes
from tests.packet.conftest import persona_inputs

ACTIVE = ("/JS", "/JavaScript", "/Launch", "/EmbeddedFile", "/EmbeddedFiles", "/AA", "/OpenAction")


def _js(code: str) -> DictionaryObject:
    return DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Action"),
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject(code),
        }
    )


def _hostile_pdf() -> bytes:
    """A one-page letter that tries everything: scripts on open and on the page, a link that
    launches a program, a file attachment, and a script tucked into the page's resources."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes(1, "LETTER"))))
    page = writer.pages[0]
    page[NameObject("/AA")] = DictionaryObject(
        {NameObject("/O"): writer._add_object(_js("app.alert(1)"))}
    )
    launch = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Rect"): ArrayObject([FloatObject(0)] * 4),
            NameObject("/A"): DictionaryObject(
                {
                    NameObject("/S"): NameObject("/Launch"),
                    NameObject("/F"): TextStringObject("calc.exe"),
                }
            ),
        }
    )
    page[NameObject("/Annots")] = ArrayObject([writer._add_object(launch)])
    resources = page["/Resources"].get_object()
    resources[NameObject("/Properties")] = DictionaryObject(
        {NameObject("/MC0"): DictionaryObject({NameObject("/JS"): TextStringObject("x()")})}
    )
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(_js("this.print()"))
    writer.add_attachment("payload.exe", b"MZ not really")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _active_keys(pdf: bytes) -> set[str]:
    reader = PdfReader(io.BytesIO(pdf))
    found: set[str] = set()
    for number in range(1, len(reader.xref_objStm) + max(reader.trailer["/Size"], 1)):
        try:
            obj = reader.get_object(number)
        except Exception:  # a free slot
            continue
        if isinstance(obj, (DictionaryObject, StreamObject)):
            found |= {key for key in obj if key in ACTIVE}
            found |= {str(v) for v in obj.values() if str(v) in ("/JavaScript", "/Launch")}
    return found


def test_the_hostile_pdf_really_carries_active_content():
    assert {"/JS", "/AA", "/EmbeddedFiles"} <= _active_keys(_hostile_pdf())


def test_a_bound_exhibit_carries_no_script_launch_or_embedded_file():
    data = _hostile_pdf()
    document = ExhibitDocument(
        id="hostile",
        category="identity",
        kind="pdf",
        media_type="application/pdf",
        pages=1,
        title="Letter",
        open=lambda: io.BytesIO(data),
    )
    packet = build_packet(persona_inputs("chicago_father_daughter_leukemia", documents=(document,)))
    text = " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(packet)).pages)
    assert "LETTER-1" in text  # the page itself is bound, drawn
    assert _active_keys(packet) == set()
