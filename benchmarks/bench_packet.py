"""Packet speed: the persona's packet against bare ReportLab setting the same text, same styles."""

from __future__ import annotations

import datetime as dt
import io
import json
import statistics
import time
from pathlib import Path
from typing import Any

from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer

from intake_app.analysis import analyze
from intake_app.forms import engine
from intake_app.forms.loader import load_forms
from intake_app.packet import PacketInputs, Signer, build_packet
from intake_app.packet.build import packet_story
from intake_app.packet.layout import MARGIN
from intake_app.packet.pdf_render import flowables
from intake_app.packet.styles import letter_styles
from intake_app.paths import forms_dir

RATIO_GOAL = 1.3
SECONDS_GOAL = 1.0
REPEATS = 9
TODAY = dt.date(2026, 3, 4)
PERSONA = (
    Path(__file__).resolve().parent.parent
    / "tests"
    / "personas"
    / "chicago_father_daughter_leukemia.json"
)
CLINIC = {
    "name": "Lakeshore Immigrant Legal Clinic",
    "address": ["1450 W. Cermak Road, Suite 210", "Chicago, IL 60608"],
    "phone": "+13125550100",
    "email": "intake@lakeshore-clinic.example",
    "delivery_method": "electronic mail and first-class mail",
}


def _inputs() -> PacketInputs:
    data = json.loads(PERSONA.read_text(encoding="utf-8"))
    form = load_forms(forms_dir())["humanitarian_release"]
    visible = engine.visible_answers(form, data["answers"])
    return PacketInputs(
        form,
        visible,
        analyze(visible, today=TODAY),
        "C-BENCH1",
        data["interview_language"],
        CLINIC,
        Signer(visible["attorney_name"], visible["attorney_role"]),
        today=TODAY,
    )


def _flatten(items: list[Any]) -> list[Any]:
    out = []
    for f in items:
        inner = getattr(f, "_content", None)
        out += _flatten(inner) if isinstance(inner, list) else [f]
    return out


def _same_text(inputs: PacketInputs) -> list[tuple[str, Any, Any]]:
    """Every paragraph (markup, style, bullet) and page break of the packet, in order."""
    plan = []
    for f in _flatten(flowables(packet_story(inputs), letter_styles())):
        if isinstance(f, Paragraph):
            plan.append(("p", f.text, f.style, getattr(f, "bulletText", None)))
        elif isinstance(f, PageBreak):
            plan.append(("break", None, None, None))
        elif isinstance(f, Spacer):
            plan.append(("gap", f.height, None, None))
    return plan


def _bare(plan: list[tuple[str, Any, Any, Any]]) -> bytes:
    """Plain ReportLab: the same paragraphs and styles, no packet machinery around them."""
    story: list[Any] = []
    for kind, text, style, bullet in plan:
        if kind == "p":
            story.append(Paragraph(text, style, bulletText=bullet))
        elif kind == "break":
            story.append(PageBreak())
        else:
            story.append(Spacer(1, text))
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN, bottomMargin=MARGIN
    )
    doc.build(story)
    return buffer.getvalue()


def _time(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def run() -> list[dict[str, Any]]:
    inputs = _inputs()
    plan = _same_text(inputs)
    build_packet(inputs)  # warm: fonts registered, paragraph files read
    _bare(plan)
    ours, bare = [], []
    for _ in range(REPEATS):  # interleaved, so machine noise hits both alike
        ours.append(_time(lambda: build_packet(inputs)))
        bare.append(_time(lambda: _bare(plan)))
    measured, baseline = statistics.median(ours), statistics.median(bare)
    ratio = measured / baseline
    return [
        {
            "name": "packet build vs bare ReportLab (same text, same styles)",
            "measured": f"{measured * 1000:.0f} ms",
            "baseline": f"{baseline * 1000:.0f} ms",
            "ratio": round(ratio, 3),
            "goal": f"ratio <= {RATIO_GOAL}",
            "met": ratio <= RATIO_GOAL,
        },
        {
            "name": "packet build, absolute (persona, 27 pages)",
            "measured": f"{measured * 1000:.0f} ms",
            "baseline": None,
            "ratio": None,
            "goal": f"< {SECONDS_GOAL:g} s",
            "met": measured < SECONDS_GOAL,
        },
    ]
