"""The humanitarian-release packet, built with ReportLab in memory.

Its names are loaded on first use (PEP 562): a command that only reads the paragraph files does
not pay for ReportLab, pypdf and python-docx."""

from __future__ import annotations

import importlib
from typing import Any

_HOME = {
    "EditableBlock": "intake_app.packet.editing",
    "ExhibitDocument": "intake_app.packet.inputs",
    "FieldOffice": "intake_app.packet.offices",
    "PacketError": "intake_app.packet.errors",
    "PacketInputs": "intake_app.packet.inputs",
    "SIGNER_ROLES": "intake_app.packet.inputs",
    "Signer": "intake_app.packet.inputs",
    "build_counsel_review": "intake_app.packet.build",
    "build_counsel_review_docx": "intake_app.packet.build",
    "build_packet": "intake_app.packet.build",
    "build_packet_docx": "intake_app.packet.build",
    "build_physician_letters": "intake_app.packet.build",
    "build_physician_letters_docx": "intake_app.packet.build",
    "build_take_home": "intake_app.packet.build",
    "build_take_home_docx": "intake_app.packet.build",
    "check_packet_blocks": "intake_app.packet.check",
    "chosen_bases": "intake_app.packet.build",
    "editable_blocks": "intake_app.packet.editing",
    "encrypt_docx": "intake_app.packet.encrypt",
    "encrypt_output": "intake_app.packet.encrypt",
    "encrypt_pdf": "intake_app.packet.encrypt",
    "filing_text": "intake_app.packet.build",
    "load_offices": "intake_app.packet.offices",
    "load_packet_blocks": "intake_app.packet.loader",
    "match_office": "intake_app.packet.offices",
    "open_points": "intake_app.packet.build",
    "paragraphs_with_points": "intake_app.packet.build",
    "write_packet": "intake_app.packet.build",
}

__all__ = sorted(_HOME)


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_HOME])
