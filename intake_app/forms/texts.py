"""Checking form text nodes: every declared language present, no others, same {placeholders}."""

from __future__ import annotations

import string
from collections.abc import Mapping
from typing import Any

from intake_app.forms.model import Text
from intake_app.forms.yamlsource import Report, is_bool, key_line, line_of, value_line

_FORMATTER = string.Formatter()


def placeholders(text: str) -> set[str]:
    """The `{names}` in a text; ValueError for an unbalanced brace."""
    return {name for _, name, _, _ in _FORMATTER.parse(text) if name is not None}


def check_text(
    parent: Mapping[str, Any],
    key: str,
    where: str,
    languages: tuple[str, ...] | None,
    report: Report,
    required: bool = True,
) -> Text | None:
    """The Text under `parent[key]`, or None after reporting what is wrong with it.

    `languages` None means the form's own list was unusable: only the shape is checked.
    """
    line = key_line(parent, key, line_of(parent))
    if key not in parent:
        if required:
            report(line_of(parent), f"{where} has no '{key}'")
        return None
    node = parent[key]
    if is_bool(node):
        return None  # reported as an unquoted boolean
    if not isinstance(node, Mapping):
        example = ", ".join(f'{lang}: "…"' for lang in languages or ("en", "es"))
        report(line, f"{key} of {where} must be a text in each language: {{{example}}}")
        return None
    ok = True
    values: dict[str, str] = {}
    for lang, text in node.items():
        text_line = value_line(node, lang, line)
        if languages is not None and lang not in languages:
            report(
                key_line(node, lang, line),
                f"{key} of {where} has a text in '{lang}', which is not one of the form's"
                f" languages ({', '.join(languages)})",
            )
            ok = False
        elif is_bool(text):
            ok = False
        elif not isinstance(text, str):
            report(text_line, f"{key} of {where} in '{lang}' must be quoted text")
            ok = False
        elif not text.strip():
            report(text_line, f"{key} of {where} is empty in '{lang}'")
            ok = False
        else:
            values[str(lang)] = text
    for lang in languages or ():
        if lang not in node:
            report(line, f"{key} of {where} has no '{lang}' text")
            ok = False
    if not ok:
        return None
    if not _same_placeholders(node, values, key, where, line, report):
        return None
    return Text(values)


def _same_placeholders(
    node: Mapping[str, Any],
    values: dict[str, str],
    key: str,
    where: str,
    line: int,
    report: Report,
) -> bool:
    found: dict[str, set[str]] = {}
    for lang, text in values.items():
        try:
            found[lang] = placeholders(text)
        except ValueError:
            report(
                value_line(node, lang, line),
                f"{key} of {where} in '{lang}' has an unbalanced {{ or }} (write {{{{ for a brace)",
            )
            return False
    langs = list(found)
    if not langs:
        return True
    first = langs[0]
    for lang in langs[1:]:
        if found[lang] != found[first]:
            report(
                value_line(node, lang, line),
                f"{key} of {where}: placeholders differ between languages:"
                f" {first} has {_show(found[first])}, {lang} has {_show(found[lang])}",
            )
            return False
    return True


def _show(names: set[str]) -> str:
    return ", ".join("{" + n + "}" for n in sorted(names)) if names else "none"
