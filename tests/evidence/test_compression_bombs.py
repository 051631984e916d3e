"""PDFs built to inflate into gigabytes are refused while they are checked, counted a block at a
time: nothing is stored, and checking never holds a stream whole."""

from __future__ import annotations

import io
import resource
import zlib

import pytest
from pypdf import PdfWriter
from pypdf.generic import EncodedStreamObject, NameObject

from intake_app.evidence import CompressionBomb, inspect_stream
from tests.evidence.conftest import pdf_bytes

MIB = 1024 * 1024


def _zeros_deflated(mib: int) -> bytes:
    """`mib` MiB of zeros, deflated a block at a time (the test never holds them inflated)."""
    packer = zlib.compressobj(9)
    block = bytes(MIB)
    return b"".join(packer.compress(block) for _ in range(mib)) + packer.flush()


def _pdf_with_streams(sizes_mib: list[int]) -> bytes:
    writer = PdfWriter()
    for size in sizes_mib:
        page = writer.add_blank_page(612, 792)
        stream = EncodedStreamObject()
        stream._data = _zeros_deflated(size)
        stream[NameObject("/Filter")] = NameObject("/FlateDecode")
        page[NameObject("/Contents")] = writer._add_object(stream)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _check(data: bytes):
    return inspect_stream(io.BytesIO(data), len(data))


def test_one_stream_that_inflates_past_the_limit_is_refused():
    bomb = _pdf_with_streams([300])
    assert len(bomb) < 2 * MIB  # 300 MiB of page content from a file this small
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(CompressionBomb):
        _check(bomb)
    grown_mib = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert grown_mib < 100  # counted a block at a time, never held whole


def test_many_streams_that_together_inflate_past_the_limit_are_refused():
    with pytest.raises(CompressionBomb):
        _check(_pdf_with_streams([60] * 10))


def test_an_ordinary_pdf_passes():
    checked = _check(pdf_bytes(3, "SCAN"))
    assert checked.pages == 3
