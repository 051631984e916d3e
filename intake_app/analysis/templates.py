"""Fact templates: finding `{placeholders}` and filling them with answers formatted per language."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from babel.lists import format_list
from babel.numbers import format_currency, format_decimal

from intake_app.analysis.conditions import BETWEEN, between, is_answered, parse_date, since
from intake_app.analysis.model import AUTH_PREFIX, Authority, Placeholder
from intake_app.domain.dates import read_stored
from intake_app.domain.values import US_STATES, ValueProblem, format_a_number, format_phone
from intake_app.forms.values import format_answer_date
from intake_app.i18n import format_date

PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)\}")
FORMATS = (
    "text",
    "date",
    "a_number",
    "money",
    "number",
    "year",
    "phone",
    "us_state",
    "choice",
    "choices",
)
# Money and numbers follow US conventions in both languages: the family lives in the US.
_NUMBER_LOCALES = {"en": "en_US", "es": "es_US"}


def placeholders_in(template: str) -> list[str]:
    return PLACEHOLDER.findall(template)


def stray_braces(template: str) -> bool:
    """True when a brace is left that is not part of a `{name}` placeholder."""
    return "{" in PLACEHOLDER.sub("", template) or "}" in PLACEHOLDER.sub("", template)


@lru_cache(maxsize=1024)
def _date(value: dt.date, lang: str) -> str:
    # Babel's formatter is the slow part of a fact; the same dates recur on every re-analysis.
    return format_date(value, lang)


def _a_number(value: Any) -> str:
    try:
        return format_a_number(str(value))
    except ValueProblem:
        return str(value)


def _choice_label(value: Any, spec: Placeholder, lang: str) -> str:
    label = (spec.labels or {}).get(str(value))
    # An undeclared choice shows its id rather than vanishing, so a reviewer notices the gap.
    return label[lang] if label else str(value)


def raw_value(spec: Placeholder, scope: Mapping[str, Any]) -> Any:
    """What a placeholder reads from the answers: its field, or the years/days between two."""
    if spec.between is not None:
        return between(spec.since, spec.between, scope)
    return scope.get(spec.field)


def format_value(value: Any, spec: Placeholder, lang: str, today: dt.date) -> str | None:
    """The answer as it reads in a sentence, or None when there is nothing to say.

    `value` is `raw_value(spec, scope)`."""
    if spec.since in BETWEEN:
        return None if value is None else str(value)
    if spec.since:
        amount = since(spec.since, value, today)
        return None if amount is None else str(amount)
    if not is_answered(value):
        return None
    locale = _NUMBER_LOCALES.get(lang, lang)
    fmt = spec.format
    if fmt == "date":
        given = read_stored(value)
        if given is not None and not given.exact:
            # A year, a month, or "about": printed as the family gave it, never as a day.
            return format_answer_date(given.stored(), lang)
        parsed = parse_date(value)
        return _date(parsed, lang) if parsed else str(value)
    if fmt == "a_number":
        return _a_number(value)
    if fmt == "money" and isinstance(value, (int, float)):
        return format_currency(value, "USD", locale=locale)
    if fmt == "number" and isinstance(value, (int, float)):
        return format_decimal(value, locale=locale)
    if fmt == "year" and isinstance(value, (int, float)):
        return str(int(value))  # "since 2005", never "since 2,005"
    if fmt == "phone":
        return format_phone(str(value))
    if fmt == "us_state":
        return US_STATES.get(str(value), str(value))
    if fmt == "choice":
        return _choice_label(value, spec, lang)
    if fmt == "choices":
        values = value if isinstance(value, (list, tuple)) else [value]
        return format_list([_choice_label(v, spec, lang) for v in values], locale=locale)
    if isinstance(value, (list, tuple)):
        return format_list([str(v).strip() for v in value], locale=locale)
    return str(value).strip()


DOUBLED_STOP = re.compile(r"(?<!\.)\.\.(?!\.)")


def authority_cite(name: str, authorities: Mapping[str, Authority]) -> str | None:
    """`auth_<id>` as plain text; None when the authority may not be cited (superseded…)."""
    authority = authorities.get(name[len(AUTH_PREFIX) :])
    return authority.plain_cite if authority is not None and authority.printable else None


def fill(
    template: str,
    scope: Mapping[str, Any],
    placeholders: Mapping[str, Placeholder],
    lang: str,
    today: dt.date,
    authorities: Mapping[str, Authority] | None = None,
) -> str | None:
    """The filled sentence, or None when any placeholder has no answer (no half sentences).

    A `[bracketed part]` is left out alone when one of its placeholders has no answer.
    `{auth_<id>}` prints that authority's citation; one that may no longer be cited
    (superseded, rescinded, vacated) leaves the sentence out, like a missing answer."""
    out: list[str] = []
    for i, segment in enumerate(OPTIONAL.split(template)):
        filled = _fill_segment(segment, scope, placeholders, lang, today, authorities or {})
        if filled is None:
            if i % 2 == 0:
                return None
            continue
        out.append(filled)
    # Free-text answers often end with their own full stop; the template adds another.
    return DOUBLED_STOP.sub(".", "".join(out))


OPTIONAL = re.compile(r"\[([^\[\]]*)\]")


def _fill_segment(
    template: str,
    scope: Mapping[str, Any],
    placeholders: Mapping[str, Placeholder],
    lang: str,
    today: dt.date,
    authorities: Mapping[str, Authority],
) -> str | None:
    values: dict[str, str] = {}
    for name in placeholders_in(template):
        if name.startswith(AUTH_PREFIX):
            cite = authority_cite(name, authorities)
            if cite is None:
                return None
            values[name] = cite
            continue
        spec = placeholders[name]
        value = raw_value(spec, scope)
        text = format_value(value, spec, lang, today)
        if text is None:
            return None
        values[name] = text
        template = fit_date_preposition(template, name, spec, value, lang)
    return PLACEHOLDER.sub(lambda m: values[m.group(1)], template)


# "on March 4, 2012" but "in 2012", "in March 2012", "in about 2012"; Spanish "el 4 de marzo",
# "en 2012", and "alrededor de 2012" with no preposition before it.
_DAY_PREPOSITIONS = {"en": ("on", "in", "in"), "es": ("el", "en", "")}


def fit_date_preposition(template: str, name: str, spec: Placeholder, value: Any, lang: str) -> str:
    """The preposition before a date placeholder, fitted to a year or a month alone (the
    template as it is for an exact day, or for any other placeholder)."""
    given = read_stored(value) if spec.format == "date" else None
    if given is None or given.exact:
        return template
    day, loose, approximate = _DAY_PREPOSITIONS.get(lang, _DAY_PREPOSITIONS["en"])
    word = approximate if given.about else loose
    pattern = re.compile(rf"\b({day}|{day.capitalize()}) (?=\{{{name}\}})")

    def fitted(match: re.Match) -> str:
        if not word:
            return ""
        return (word if match.group(1) == day else word.capitalize()) + " "

    return pattern.sub(fitted, template)
