"""Dates as families know them: a day, a month and year, a year, or "about" any of them.

Stored forms: `2012-03-04`, `2012-03`, `2012`, each with a leading `~` when approximate
(`~2012`). The read-aloud script tells families not to guess, so a year alone is an answer in
its own right, kept and printed as such, never padded into a day nobody said.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from intake_app.domain.problems import ValueProblem

STORED = re.compile(r"(~?)(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?\Z")
_ISO = re.compile(r"(\d{4})-(\d{1,2})(?:-(\d{1,2}))?\Z")
_SLASHED = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})\Z")
_MONTH_YEAR = re.compile(r"(\d{1,2})[/.\-](\d{4})\Z")
_YEAR = re.compile(r"(\d{4})\Z")
_NAMED_MONTH = re.compile(r"([a-z]+)\.?,?\s+(?:de(?:l)?\s+)?(\d{4})\Z")
# "about" as volunteers type it, in English and Spanish (accents folded, case ignored).
_ABOUT = re.compile(
    r"(?:~|about|around|approx(?:imately)?\.?|circa|ca?\.|aprox(?:imadamente)?\.?|"
    r"alrededor\s+de(?:l)?|cerca\s+de(?:l)?|mas\s+o\s+menos|hacia|como)\s*(?:en\s+)?",
)
MONTHS = {
    **{name: n for n, name in enumerate(calendar.month_name) if name},
    **{name[:3]: n for n, name in enumerate(calendar.month_name) if name},
    "enero": 1,
    "febrero": 2,
    "marzo": 3,
    "abril": 4,
    "mayo": 5,
    "junio": 6,
    "julio": 7,
    "agosto": 8,
    "septiembre": 9,
    "setiembre": 9,
    "octubre": 10,
    "noviembre": 11,
    "diciembre": 12,
}
MONTHS = {name.lower(): n for name, n in MONTHS.items()}


@dataclass(frozen=True)
class AnswerDate:
    """A stored date answer: its year, and its month and day when known; approximate or not."""

    year: int
    month: int | None = None
    day: int | None = None
    about: bool = False

    @property
    def exact(self) -> bool:
        return self.day is not None and not self.about

    def earliest(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    def latest(self) -> dt.date:
        """The last day it could be: a duration counted from here is never overstated."""
        month = self.month or 12
        return dt.date(self.year, month, self.day or calendar.monthrange(self.year, month)[1])

    def stored(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
            if self.day is not None:
                text += f"-{self.day:02d}"
        return ("~" if self.about else "") + text


def read_stored(value: object) -> AnswerDate | None:
    """The stored form back as an AnswerDate; None for anything else."""
    if not isinstance(value, str):
        return None
    match = STORED.match(value.strip())
    if match is None:
        return None
    about, year, month, day = match.groups()
    try:
        return _checked(
            int(year), int(month) if month else None, int(day) if day else None, bool(about)
        )
    except ValueProblem:
        return None


def parse_typed(text: str, day_first: bool) -> str:
    """What a volunteer typed → the stored form; ValueProblem("format") when it is no date."""
    folded = _fold(text)
    about = False
    if (match := _ABOUT.match(folded)) and match.end():
        about, folded = True, folded[match.end() :].strip()
    if match := _ISO.match(folded):
        year, month, day = match.groups()
        found = _checked(int(year), int(month), int(day) if day else None, about)
    elif match := _SLASHED.match(folded):
        first, second, year = (int(g) for g in match.groups())
        day, month = (first, second) if day_first else (second, first)
        found = _checked(year, month, day, about)
    elif match := _MONTH_YEAR.match(folded):
        found = _checked(int(match.group(2)), int(match.group(1)), None, about)
    elif match := _YEAR.match(folded):
        found = _checked(int(match.group(1)), None, None, about)
    elif (match := _NAMED_MONTH.match(folded)) and match.group(1) in MONTHS:
        found = _checked(int(match.group(2)), MONTHS[match.group(1)], None, about)
    else:
        raise ValueProblem("format")
    return found.stored()


def _checked(year: int, month: int | None, day: int | None, about: bool) -> AnswerDate:
    if not 1 <= year <= 9999 or (month is not None and not 1 <= month <= 12):
        raise ValueProblem("format")
    if day is not None:
        try:
            dt.date(year, month or 1, day)
        except ValueError:
            raise ValueProblem("format") from None
    return AnswerDate(year, month, day, about)


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", plain)
