"""Word drafts: the persona's packet as DOCX against bare python-docx writing the same paragraphs
in the same Word styles; and every output of the persona with the most roads, in both formats,
each under a second."""

from __future__ import annotations

import io
import statistics
import time
from typing import Any

import docx

from benchmarks.bench_packet import _inputs
from intake_app.packet import (
    build_counsel_review,
    build_counsel_review_docx,
    build_packet,
    build_packet_docx,
    build_physician_letters,
    build_physician_letters_docx,
    build_take_home,
    build_take_home_docx,
)
from intake_app.packet.roads import build_road, build_road_docx, roads

RATIO_GOAL = 1.5
SECONDS_GOAL = 1.0
REPEATS = 9


def _same_paragraphs(data: bytes) -> list[tuple[str, str]]:
    """(Word style, text) of every paragraph our draft holds."""
    return [(p.style.name, p.text) for p in docx.Document(io.BytesIO(data)).paragraphs]


def _bare(paragraphs: list[tuple[str, str]]) -> bytes:
    """Plain python-docx: the same paragraphs in the same styles, saved to memory."""
    document = docx.Document()
    for style, text in paragraphs:
        document.add_paragraph(text, style=style)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _time(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def _every_output(inputs) -> list[tuple[str, Any]]:
    builders: list[tuple[str, Any]] = [
        ("packet PDF", build_packet),
        ("packet DOCX", build_packet_docx),
        ("counsel review PDF", build_counsel_review),
        ("counsel review DOCX", build_counsel_review_docx),
        ("physician letters PDF", build_physician_letters),
        ("physician letters DOCX", build_physician_letters_docx),
        ("family sheet PDF", build_take_home),
        ("family sheet DOCX", build_take_home_docx),
    ]
    for road in roads(inputs):
        if road.available:
            builders.append((f"{road.id} PDF", lambda i, r=road.id: build_road(i, r)))
            builders.append((f"{road.id} DOCX", lambda i, r=road.id: build_road_docx(i, r)))
    return builders


def run() -> list[dict[str, Any]]:
    inputs = _inputs()
    paragraphs = _same_paragraphs(build_packet_docx(inputs))  # warm: fonts, files, templates
    _bare(paragraphs)
    ours, bare = [], []
    for _ in range(REPEATS):  # interleaved, so machine noise hits both alike
        ours.append(_time(lambda: build_packet_docx(inputs)))
        bare.append(_time(lambda: _bare(paragraphs)))
    measured, baseline = statistics.median(ours), statistics.median(bare)
    ratio = measured / baseline
    rows = [
        {
            "name": f"packet DOCX vs bare python-docx (same {len(paragraphs)} paragraphs, styles)",
            "measured": f"{measured * 1000:.0f} ms",
            "baseline": f"{baseline * 1000:.0f} ms",
            "ratio": round(ratio, 3),
            "goal": f"ratio <= {RATIO_GOAL}",
            "met": ratio <= RATIO_GOAL,
        }
    ]
    from tests.packet.conftest import persona_inputs  # the persona with the most roads

    michigan = persona_inputs("leukemia_traffic_stop_michigan")
    outputs = _every_output(michigan)
    times = {name: min(_time(lambda b=b: b(michigan)) for _ in range(3)) for name, b in outputs}
    slowest = max(times, key=times.get)
    rows.append(
        {
            "name": f"every output of a persona, both formats ({len(times)}); slowest: {slowest}",
            "measured": f"{times[slowest] * 1000:.0f} ms",
            "baseline": None,
            "ratio": None,
            "goal": f"each < {SECONDS_GOAL:g} s",
            "met": times[slowest] < SECONDS_GOAL,
        }
    )
    return rows
