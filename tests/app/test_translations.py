"""Every UI string exists in Spanish: no untranslated, fuzzy or placeholder-mismatched entry."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from intake_app import i18n
from intake_app.paths import bundle_root, translations_dir

PLACEHOLDER = re.compile(r"\{([a-zA-Z_][a-zA-Z0-9_]*)\}")
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}


def _spanish_catalog():
    with (translations_dir() / "es" / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        return read_po(fh, locale="es")


def _ids(message) -> tuple[str, ...]:
    return message.id if isinstance(message.id, tuple) else (message.id,)


def _strings(message) -> tuple[str, ...]:
    return message.string if isinstance(message.string, tuple) else (message.string,)


def _source_messages() -> set[str]:
    found = set()
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
        str(Path(bundle_root()) / "intake_app"),
        method_map=[("**.py", "python")],
        keywords=KEYWORDS,
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def test_every_source_string_is_in_the_spanish_catalog():
    catalog = _spanish_catalog()
    known = {_ids(m)[0] for m in catalog if m.id}
    missing = sorted(_source_messages() - known)
    assert not missing, "run `make i18n-update` and translate: " + "; ".join(missing[:20])


def test_no_spanish_entry_is_untranslated_or_fuzzy():
    catalog = _spanish_catalog()
    bad = [
        _ids(m)[0] for m in catalog if m.id and (m.fuzzy or not all(s.strip() for s in _strings(m)))
    ]
    assert not bad, "untranslated or fuzzy: " + "; ".join(bad[:20])


def test_spanish_placeholders_match_english():
    catalog = _spanish_catalog()
    mismatched = []
    for m in catalog:
        if not m.id:
            continue
        expected = set(PLACEHOLDER.findall(_ids(m)[0]))
        for translated in _strings(m):
            if set(PLACEHOLDER.findall(translated)) != expected:
                mismatched.append(_ids(m)[0])
    assert not mismatched, "placeholders differ: " + "; ".join(mismatched[:20])


def test_switching_language_translates_live_and_back():
    try:
        i18n.set_language("es")
        assert i18n._("Unlock") == "Desbloquear"
        i18n.set_language("en")
        assert i18n._("Unlock") == "Unlock"
    finally:
        i18n.set_language("en")


def test_language_names_are_written_in_their_own_language():
    assert i18n.language_name("es") == "Español"
    assert i18n.language_name("en") == "English"


def test_dates_are_formatted_by_babel_in_each_language():
    import datetime as dt

    day = dt.date(2026, 3, 4)
    assert i18n.format_date(day, "es") == "4 de marzo de 2026"
    assert i18n.format_date(day, "en") == "March 4, 2026"
