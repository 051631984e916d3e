"""Document metadata vocabulary: translation states and language codes."""

from __future__ import annotations

import re

TRANSLATION_STATES = ("not_needed", "needed", "attached")
# Offered first in lists; any other ISO 639 code (e.g. "mam", "quc") is accepted too.
COMMON_LANGUAGES = ("en", "es", "pt", "fr", "ht", "zh", "ar", "ru", "hi", "mam", "quc", "kjb")
_CODE = re.compile(r"^[a-z]{2,3}$")
# Languages of Guatemala that clinics meet and CLDR does not name.
_NAMES = {"mam": "Mam", "kjb": "Q’anjob’al", "acr": "Achi", "cak": "Kaqchikel"}


def language_name(code: str, in_language: str = "en") -> str:
    """A language's name in another language ("Spanish", "español"), or the code itself."""
    from babel import Locale

    try:
        name = Locale.parse(in_language).languages.get(code) or _NAMES.get(code) or code
    except Exception:  # an unknown display locale: the code is still meaningful
        name = _NAMES.get(code, code)
    # English capitalizes language names; Spanish does not.
    return name[:1].upper() + name[1:] if in_language == "en" else name


def is_language_code(code: str) -> bool:
    return bool(_CODE.match(code or ""))


def default_translation(language: str) -> str:
    """Every non-English document needs a certified English translation."""
    return "not_needed" if language == "en" else "needed"
