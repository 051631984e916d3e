"""The humanitarian-release packet, built with ReportLab in memory."""

from intake_app.packet.build import build_packet, build_take_home, chosen_bases, write_packet
from intake_app.packet.check import check_packet_blocks
from intake_app.packet.editing import EditableBlock, editable_blocks
from intake_app.packet.encrypt import encrypt_pdf
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
    "build_packet",
    "build_take_home",
    "check_packet_blocks",
    "chosen_bases",
    "editable_blocks",
    "encrypt_pdf",
    "load_offices",
    "load_packet_blocks",
    "match_office",
    "write_packet",
]
