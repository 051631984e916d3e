"""Replaces the contributed phonenumbers hook: its number metadata, without the optional tables.

Amparo parses, validates and formats numbers; the geocoder, carrier and time-zone tables
(about 40 MB) are never imported, and build.spec excludes them.
"""

from PyInstaller.utils.hooks import collect_submodules

UNUSED = ("geocoder", "geodata", "carrier", "carrierdata", "timezone", "tzdata")

hiddenimports = collect_submodules(
    "phonenumbers",
    filter=lambda name: not name.startswith(tuple(f"phonenumbers.{part}" for part in UNUSED)),
)
