"""Value types typed in an interview (A-number, phone, state, ZIP, dates…): normalize and format."""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from functools import lru_cache
from typing import Any

from intake_app.domain.dates import read_stored
from intake_app.domain.problems import ValueProblem  # callers import it from here

MAX_TEXT_LENGTH = 10_000
DEFAULT_PHONE_REGION = "US"


def normalize_text(raw: Any, max_length: int = MAX_TEXT_LENGTH) -> str:
    """Trimmed text in NFC, so an accent typed as two code points compares and counts as one."""
    if not isinstance(raw, str):
        raise ValueProblem("format")
    text = unicodedata.normalize("NFC", raw.strip())
    if len(text) > max_length:
        raise ValueProblem("too_long", max=max_length)
    return text


# --- A-number -----------------------------------------------------------------------------------

_A_NUMBER = re.compile(r"\s*(?:[Aa]\s*[#:.\-]?)?\s*([0-9][0-9 .\-]*[0-9])\s*\Z")


def normalize_a_number(raw: Any) -> str:
    """`A123-456-789`, `a 12345678`… → 9 digits; an 8-digit number gets its leading 0."""
    if isinstance(raw, int) and not isinstance(raw, bool):
        raw = str(raw)
    if not isinstance(raw, str):
        raise ValueProblem("format")
    match = _A_NUMBER.match(raw)
    if match is None:
        raise ValueProblem("format")
    digits = re.sub(r"[ .\-]", "", match.group(1))
    if len(digits) not in (8, 9):
        raise ValueProblem("format")
    return digits.rjust(9, "0")


def format_a_number(value: str) -> str:
    """`012345678` → `A012-345-678`, the way ICE prints it."""
    digits = normalize_a_number(value)
    return f"A{digits[:3]}-{digits[3:6]}-{digits[6:]}"


# --- Phone --------------------------------------------------------------------------------------


def _phonenumbers():
    # Imported on first use: its metadata costs start-up time the unlock screen does not need.
    import phonenumbers

    return phonenumbers


def normalize_phone(raw: Any, region: str = DEFAULT_PHONE_REGION) -> str:
    """Any way of writing a phone number → E.164; US numbers may be typed without +1."""
    if not isinstance(raw, str) or not raw.strip():
        raise ValueProblem("format")
    return _normalize_phone(raw.strip(), region)


# Parsing costs tens of microseconds; the engine re-checks every stored number on each answer.
@lru_cache(maxsize=4096)
def _normalize_phone(raw: str, region: str) -> str:
    phonenumbers = _phonenumbers()
    try:
        number = phonenumbers.parse(raw, region)
    except phonenumbers.NumberParseException:
        raise ValueProblem("format") from None
    national = str(number.national_number)
    # Mexico dropped the mobile "1" after +52 in 2019; families still write it.
    if number.country_code == 52 and len(national) == 11 and national.startswith("1"):
        number.national_number = int(national[1:])
    # NANP numbers are checked strictly; elsewhere the library's ranges lag behind what
    # carriers hand out, and a real number must not be refused for that.
    strict = number.country_code == 1
    if not phonenumbers.is_valid_number(number) and (
        strict or not phonenumbers.is_possible_number(number)
    ):
        raise ValueProblem("format")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def format_phone(value: str) -> str:
    """National format for US numbers (`(312) 555-0100`), international for the rest."""
    phonenumbers = _phonenumbers()
    try:
        number = phonenumbers.parse(value, DEFAULT_PHONE_REGION)
    except phonenumbers.NumberParseException:
        return value
    if phonenumbers.region_code_for_number(number) == "US":
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


# --- US state -----------------------------------------------------------------------------------

US_STATES: dict[str, str] = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "FL": "Florida", "GA": "Georgia",
    "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois", "IN": "Indiana", "IA": "Iowa",
    "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana", "ME": "Maine", "MD": "Maryland",
    "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota", "MS": "Mississippi",
    "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada", "NH": "New Hampshire",
    "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York", "NC": "North Carolina",
    "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon", "PA": "Pennsylvania",
    "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota", "TN": "Tennessee",
    "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia", "WA": "Washington",
    "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming", "DC": "District of Columbia",
    "PR": "Puerto Rico", "GU": "Guam", "VI": "U.S. Virgin Islands", "AS": "American Samoa",
    "MP": "Northern Mariana Islands",
}  # fmt: skip

# Spanish names a family may give, besides the English ones.
_SPANISH_STATE_NAMES = {
    "Carolina del Norte": "NC", "Carolina del Sur": "SC", "Dakota del Norte": "ND",
    "Dakota del Sur": "SD", "Nueva York": "NY", "Nueva Jersey": "NJ", "Nuevo México": "NM",
    "Nuevo Hampshire": "NH", "Pensilvania": "PA", "Luisiana": "LA", "Misuri": "MO",
    "Hawái": "HI", "Virginia Occidental": "WV", "Distrito de Columbia": "DC",
    "Islas Vírgenes": "VI", "Islas Vírgenes de los Estados Unidos": "VI",
    "Samoa Americana": "AS", "Islas Marianas del Norte": "MP", "Tennesí": "TN", "Misisipi": "MS",
    "Oregón": "OR", "Kansas": "KS", "Míchigan": "MI", "Washington D.C.": "DC",
    "Washington DC": "DC",
}  # fmt: skip


def _fold(name: str) -> str:
    """Lower case, no accents, no dots, single spaces: how names are compared."""
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.replace(".", "").casefold().split())


_STATE_LOOKUP: dict[str, str] = {
    **{_fold(code): code for code in US_STATES},
    **{_fold(name): code for code, name in US_STATES.items()},
    **{_fold(name): code for name, code in _SPANISH_STATE_NAMES.items()},
}


def normalize_us_state(raw: Any) -> str:
    """`il`, `Illinois`, `Nueva York` → USPS code; the 50 states, DC and five territories."""
    if not isinstance(raw, str):
        raise ValueProblem("format")
    code = _STATE_LOOKUP.get(_fold(raw))
    if code is None:
        raise ValueProblem("format")
    return code


# --- ZIP, email ---------------------------------------------------------------------------------

_ZIP = re.compile(r"\s*(\d{5})(?:[\s\-]?(\d{4}))?\s*\Z")
_EMAIL = re.compile(r"[^@\s]+@[^@\s.]+(?:\.[^@\s.]+)+\Z")


def normalize_zip(raw: Any) -> str:
    """`60601`, `60601-1234` (also typed `606011234` or `60601 1234`)."""
    if isinstance(raw, int) and not isinstance(raw, bool):
        raw = f"{raw:05d}"
    if not isinstance(raw, str):
        raise ValueProblem("format")
    match = _ZIP.match(raw)
    if match is None:
        raise ValueProblem("format")
    five, four = match.groups()
    return f"{five}-{four}" if four else five


def normalize_email(raw: Any) -> str:
    """A sanity check only: something@domain.tld, no spaces; real checking is sending mail."""
    if not isinstance(raw, str):
        raise ValueProblem("format")
    text = raw.strip()
    if len(text) > 254 or _EMAIL.match(text) is None:
        raise ValueProblem("format")
    local, _, domain = text.rpartition("@")
    return f"{local}@{domain.lower()}"


# --- Dates, times, numbers ----------------------------------------------------------------------

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_TIME = re.compile(r"\s*(\d{1,2})[:.h](\d{2})\s*(?:([ap])\.?\s*m\.?)?\s*\Z", re.IGNORECASE)


@lru_cache(maxsize=4096)
def _iso_date(text: str) -> str:
    if _ISO_DATE.match(text) is None:
        raise ValueProblem("format")
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise ValueProblem("format") from None


def normalize_date(raw: Any) -> str:
    """A date (or `YYYY-MM-DD` text) → `YYYY-MM-DD`; a month and year, a year, or either of
    them "about" stays as known (`2012-03`, `2012`, `~2012`: domain/dates.py)."""
    if isinstance(raw, dt.datetime):
        return raw.date().isoformat()
    if isinstance(raw, dt.date):
        return raw.isoformat()
    if not isinstance(raw, str):
        raise ValueProblem("format")
    text = raw.strip()
    if _ISO_DATE.match(text):
        return _iso_date(text)
    partial = read_stored(text)
    if partial is None:
        raise ValueProblem("format")
    return partial.stored()


def normalize_time(raw: Any) -> str:
    """`9:05`, `21:05`, `9:05 pm`, `9.05 p.m.` → `HH:MM` on a 24-hour clock."""
    if isinstance(raw, dt.time):
        return f"{raw.hour:02d}:{raw.minute:02d}"
    if not isinstance(raw, str):
        raise ValueProblem("format")
    match = _TIME.match(raw)
    if match is None:
        raise ValueProblem("format")
    hour, minute, half = int(match.group(1)), int(match.group(2)), match.group(3)
    if half:
        if not 1 <= hour <= 12:
            raise ValueProblem("format")
        hour = hour % 12 + (12 if half.lower() == "p" else 0)
    if hour > 23 or minute > 59:
        raise ValueProblem("format")
    return f"{hour:02d}:{minute:02d}"


_GROUPED = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d*)?\Z")


def parse_number(raw: Any) -> int | float:
    """`1,200.50`, `$300`, `12,5` → a number. A comma before exactly three digits groups
    thousands; any other comma is a decimal comma, as many Spanish speakers write it."""
    if isinstance(raw, bool):
        raise ValueProblem("format")
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float):
        if not math.isfinite(raw):
            raise ValueProblem("format")
        return int(raw) if raw.is_integer() and abs(raw) < 2**53 else raw
    if not isinstance(raw, str):
        raise ValueProblem("format")
    text = raw.strip().replace("$", "").replace(" ", "").replace("\u00a0", "")
    if text.upper().endswith("USD"):
        text = text[:-3]
    if _GROUPED.match(text):
        text = text.replace(",", "")
    elif text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", text):
        raise ValueProblem("format")
    number = float(text)
    if "." not in text:
        return int(text)
    return int(number) if number.is_integer() and abs(number) < 2**53 else number
