"""The detention-facility directory (`resources/detention_facilities.yaml`): for a habeas
petition, the federal district, the circuit and the immediate custodian, as dated data."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from intake_app.packet.errors import PacketError
from intake_app.packet.offices import match_key
from intake_app.paths import resources_dir

_REQUIRED = ("id", "name", "city", "district", "circuit", "custodian", "verified")
_KEYS = {*_REQUIRED, "aliases", "field_office", "verify"}


@dataclass(frozen=True)
class Facility:
    id: str
    name: str
    city: str
    district: str
    circuit: str
    custodian: str
    verified: dt.date
    aliases: tuple[str, ...] = ()
    field_office: str | None = None
    verify: bool = False


def directory_path() -> Path:
    return resources_dir() / "detention_facilities.yaml"


@lru_cache(maxsize=4)
def load_facilities(path: str | None = None) -> tuple[Facility, ...]:
    """Every facility in the directory; a malformed entry is a PacketError with its line."""
    file = Path(path) if path else directory_path()
    try:
        doc = YAML(typ="rt").load(file.read_text(encoding="utf-8"))
    except (OSError, YAMLError) as exc:
        raise PacketError(file, None, f"cannot be read ({exc})") from exc
    items = doc.get("facilities") if isinstance(doc, dict) else None
    if not isinstance(items, list):
        raise PacketError(file, 1, "expected a 'facilities:' list")
    out = []
    for i, item in enumerate(items):
        line = items.lc.item(i)[0] + 1
        if not isinstance(item, dict) or not set(_REQUIRED) <= set(item):
            raise PacketError(file, line, f"a facility needs {', '.join(_REQUIRED)}")
        unknown = set(item) - _KEYS
        if unknown:
            raise PacketError(file, line, f"unknown key '{sorted(unknown)[0]}'")
        try:
            verified = dt.date.fromisoformat(str(item["verified"]))
        except ValueError as exc:
            raise PacketError(file, line, "verified is a date, YYYY-MM-DD") from exc
        out.append(
            Facility(
                str(item["id"]),
                str(item["name"]),
                str(item["city"]),
                str(item["district"]),
                str(item["circuit"]),
                str(item["custodian"]),
                verified,
                tuple(str(a) for a in item.get("aliases", ())),
                str(item["field_office"]) if item.get("field_office") else None,
                bool(item.get("verify", False)),
            )
        )
    return tuple(out)


def match_facility(
    answer: str | None, facilities: tuple[Facility, ...] | None = None
) -> Facility | None:
    """The facility an interview's `facility_name` answer names, or None."""
    if not answer or not answer.strip():
        return None
    wanted = match_key(answer)
    for facility in facilities if facilities is not None else load_facilities():
        if wanted in {match_key(name) for name in (facility.name, *facility.aliases)}:
            return facility
    return None
