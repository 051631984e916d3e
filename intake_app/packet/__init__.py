"""The humanitarian-release packet, built with ReportLab in memory."""

from intake_app.packet.build import (
    build_counsel_review,
    build_counsel_review_docx,
    build_packet,
    build_packet_docx,
    build_physician_letters,
    build_physician_letters_docx,
    build_take_home,
    build_take_home_docx,
    chosen_bases,
    filing_text,
    open_points,
    paragraphs_with_points,
    write_packet,
)
from intake_app.packet.check import check_packet_blocks
from intake_app.packet.editing import EditableBlock, editable_blocks
from intake_app.packet.encrypt import encrypt_docx, encrypt_output, encrypt_pdf
from intake_app.packet.errors import PacketError
from intake_app.packet.inputs import SIGNER_ROLES, ExhibitDocument, PacketInputs, Signer
from intake_app.packet.loader import load_packet_blocks
from intake_app.packet.offices import FieldOffice, load_offices, match_office

__all__ = [
    "SIGNER_ROLES",
    "EditableBlock",
    "ExhibitDocument",
    "FieldOffice",
    "PacketError",
    "PacketInputs",
    "Signer",
    "build_counsel_review",
    "build_counsel_review_docx",
    "build_packet",
    "build_packet_docx",
    "build_physician_letters",
    "build_physician_letters_docx",
    "build_take_home",
    "build_take_home_docx",
    "check_packet_blocks",
    "chosen_bases",
    "editable_blocks",
    "encrypt_docx",
    "encrypt_output",
    "encrypt_pdf",
    "filing_text",
    "load_offices",
    "load_packet_blocks",
    "match_office",
    "open_points",
    "paragraphs_with_points",
    "write_packet",
]
