"""The UI language: `_()`, `ngettext()`, `N_()` over Babel catalogs, and Babel date formatting."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from functools import cache
from gettext import GNUTranslations, NullTranslations

from intake_app.paths import translations_dir

SUPPORTED_LANGUAGES = ("en", "es")
DEFAULT_LANGUAGE = "en"

_LANGUAGE_NAMES = {"en": "English", "es": "Español"}

_current = DEFAULT_LANGUAGE
_listeners: list[Callable[[str], None]] = []


@cache
def _catalog(language: str) -> NullTranslations:
    """Compile the .po (no build step); the compiled catalog, interface words only, is reused
    from the definitions cache while the .po is unchanged."""
    po_path = translations_dir() / language / "LC_MESSAGES" / "messages.po"
    if language == "en" or not po_path.exists():
        return NullTranslations()
    from intake_app.compiled import cached

    compiled = cached("catalog", [po_path], lambda: _compile_po(po_path, language), extra=language)
    return GNUTranslations(io.BytesIO(compiled))


def _compile_po(po_path, language: str) -> bytes:
    # Babel is imported on first use: English start-up does not pay for it.
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po_path.open("rb") as fh:
        catalog = read_po(fh, locale=language)
    buf = io.BytesIO()
    write_mo(buf, catalog)
    return buf.getvalue()


def language_name(code: str) -> str:
    """A language's name in that language ("Español"), as people look for it."""
    return _LANGUAGE_NAMES[code]


def current_language() -> str:
    return _current


def set_language(language: str) -> None:
    global _current
    if language not in SUPPORTED_LANGUAGES:
        raise ValueError(f"unsupported language: {language!r}")
    _current = language
    for listener in list(_listeners):
        listener(language)


def on_language_changed(listener: Callable[[str], None]) -> None:
    _listeners.append(listener)


def remove_language_listener(listener: Callable[[str], None]) -> None:
    """Windows unsubscribe when destroyed, so a switch never reaches a deleted widget."""
    if listener in _listeners:
        _listeners.remove(listener)


def gettext_in(language: str, message: str) -> str:
    return _catalog(language).gettext(message)


def _(message: str) -> str:
    return _catalog(_current).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _catalog(_current).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark for extraction only; translate later with _()."""
    return message


def format_date(value: dt.date, language: str | None = None, fmt: str = "long") -> str:
    """`4 de marzo de 2026` / `March 4, 2026`."""
    from babel.dates import format_date as _babel_format_date

    return _babel_format_date(value, format=fmt, locale=language or _current)
