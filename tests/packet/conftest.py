"""Shared packet fixtures: personas as PacketInputs, cached builds, and text extraction."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from intake_app.analysis import analyze
from intake_app.forms import engine
from intake_app.forms.loader import load_forms
from intake_app.packet import PacketInputs, Signer, build_packet, build_take_home
from intake_app.paths import forms_dir

PERSONAS = Path(__file__).resolve().parent.parent / "personas"
TODAY = dt.date(2026, 3, 4)
CLINIC = {
    "name": "Lakeshore Immigrant Legal Clinic",
    "address": ["1450 W. Cermak Road, Suite 210", "Chicago, IL 60608"],
    "phone": "+13125550100",
    "email": "intake@lakeshore-clinic.example",
    "contact": "Ana Morales",
    "hours": "Monday to Friday, 9 a.m. to 5 p.m.",
    "delivery_method": "electronic mail and first-class mail",
}
PERSONA_NAMES = sorted(p.stem for p in PERSONAS.glob("*.json"))


@cache
def form():
    return load_forms(forms_dir())["humanitarian_release"]


def persona(name: str) -> dict[str, Any]:
    return json.loads((PERSONAS / f"{name}.json").read_text(encoding="utf-8"))


def inputs_for(answers: dict[str, Any], language: str = "es", **changes: Any) -> PacketInputs:
    """PacketInputs for raw answers: hidden ones dropped, analysis run, fictional clinic."""
    visible = engine.visible_answers(form(), answers)
    fields: dict[str, Any] = {
        "form": form(),
        "answers": visible,
        "analysis": analyze(visible, today=TODAY),
        "case_id": "C-TEST42",
        "interview_language": language,
        "clinic": CLINIC,
        "signer": Signer(
            str(visible.get("attorney_name") or ""), str(visible.get("attorney_role") or "attorney")
        ),
        "today": TODAY,
    }
    fields.update(changes)
    return PacketInputs(**fields)


def persona_inputs(name: str, **changes: Any) -> PacketInputs:
    data = persona(name)
    return inputs_for(data["answers"], data["interview_language"], **changes)


def pages_text(pdf: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]


def flat(text: str) -> str:
    """Whitespace collapsed, so phrases match across line breaks."""
    return re.sub(r"\s+", " ", text)


@cache
def _packet(name: str) -> bytes:
    return build_packet(persona_inputs(name))


@cache
def _take_home(name: str) -> bytes:
    return build_take_home(persona_inputs(name))


@pytest.fixture
def packet() -> Callable[[str], bytes]:
    """The draft packet of a persona, built once per test session."""
    return _packet


@pytest.fixture
def take_home() -> Callable[[str], bytes]:
    return _take_home


@pytest.fixture
def packet_text(packet) -> Callable[[str], str]:
    return lambda name: flat(" ".join(pages_text(packet(name))))
