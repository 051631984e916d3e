"""The ERO field-office directory (`resources/field_offices.yaml`) and matching an answer to it."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from intake_app.packet.errors import PacketError
from intake_app.paths import resources_dir

_KEYS = {"id", "name", "city", "aliases", "address", "verify"}
_NOISE = re.compile(r"\b(field office|oficina de campo|ero|ice|office|oficina|de)\b")


@dataclass(frozen=True)
class FieldOffice:
    id: str
    name: str
    city: str
    address: tuple[str, ...]
    aliases: tuple[str, ...] = ()
    verify: bool = False


def directory_path() -> Path:
    return resources_dir() / "field_offices.yaml"


def match_key(text: str) -> str:
    """Case, accents, punctuation and the words "field office", "ERO", "ICE" ignored."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    folded = re.sub(r"[^a-z0-9 ]+", " ", folded.replace("st.", "saint").replace("st ", "saint "))
    return " ".join(_NOISE.sub(" ", folded).split())


@lru_cache(maxsize=4)
def load_offices(path: str | None = None) -> tuple[FieldOffice, ...]:
    """Every office in the directory; a malformed entry is a PacketError with its line."""
    file = Path(path) if path else directory_path()
    try:
        doc = YAML(typ="rt").load(file.read_text(encoding="utf-8"))
    except (OSError, YAMLError) as exc:
        raise PacketError(file, None, f"cannot be read ({exc})") from exc
    items = doc.get("field_offices") if isinstance(doc, dict) else None
    if not isinstance(items, list):
        raise PacketError(file, 1, "expected a 'field_offices:' list")
    offices = []
    for i, item in enumerate(items):
        line = items.lc.item(i)[0] + 1
        if not isinstance(item, dict) or not {"id", "name", "city", "address"} <= set(item):
            raise PacketError(file, line, "an office needs id, name, city and address")
        unknown = set(item) - _KEYS
        if unknown:
            raise PacketError(file, line, f"unknown key '{sorted(unknown)[0]}'")
        address = item["address"]
        if not isinstance(address, list) or not all(isinstance(a, str) for a in address):
            raise PacketError(file, line, "address is a list of lines")
        offices.append(
            FieldOffice(
                str(item["id"]),
                str(item["name"]),
                str(item["city"]),
                tuple(str(a) for a in address),
                tuple(str(a) for a in item.get("aliases", ())),
                bool(item.get("verify", False)),
            )
        )
    return tuple(offices)


def match_office(
    answer: str | None, offices: tuple[FieldOffice, ...] | None = None
) -> FieldOffice | None:
    """The office an interview's `field_office` answer names, or None when none fits."""
    if not answer or not answer.strip():
        return None
    wanted = match_key(answer)
    if not wanted:
        return None
    for office in offices if offices is not None else load_offices():
        names = (office.id.replace("_", " "), office.name, office.city, *office.aliases)
        if wanted in {match_key(name) for name in names}:
            return office
    return None
