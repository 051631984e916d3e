"""First pass of the loader: the shape of every node (keys, ids, types, texts) into drafts."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from intake_app.forms.model import (
    CHOICE_TYPES,
    NUMBER_TYPES,
    QUESTION_TYPES,
    TODAY,
    Choice,
    Help,
    Text,
)
from intake_app.forms.texts import check_text
from intake_app.forms.yamlsource import (
    Report,
    is_bool,
    item_line,
    key_line,
    line_of,
    value_line,
)

ID_PATTERN = re.compile(r"[a-z][a-z0-9_]*\Z")
_LANGUAGE = re.compile(r"[a-z]{2,3}\Z")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")

TOP_KEYS = ("form", "version", "languages", "title", "sections")
SECTION_KEYS = ("id", "title", "intro", "show_if", "questions")
QUESTION_KEYS = ("id", "type", "label", "help", "required", "show_if")
GROUP_KEYS = ("item_label", "add_label", "max_items", "questions")
CHOICE_KEYS = ("id", "label")
HELP_KEYS = ("why", "how")
_BOUND_TYPES = NUMBER_TYPES | {"date"}
_ALL_QUESTION_KEYS = (
    *QUESTION_KEYS,
    "choices",
    "min",
    "max",
    "allow_unknown",
    "proper_name",
    *GROUP_KEYS,
)
# Free text that reads the same in every language (a name, a place, an address, a number):
# printed as typed. Every other text answer of an interview not held in English needs an
# English rendering before an English document may use it.
_PROPER_NAME_TYPES = frozenset({"text", "long_text"})


@dataclass
class RawBound:
    """A min/max whose kind is checked; `field` bounds are resolved in the second pass."""

    value: int | float | str | None
    field: str | None
    line: int


@dataclass
class Draft:
    """A section or question as read, before conditions are compiled and objects frozen."""

    kind: str  # "section" or "question"
    id: str
    line: int
    pos: int
    section: str
    group: str | None = None
    type: str = ""
    attrs: dict[str, Any] = field(default_factory=dict)
    show_if: Any = None
    show_if_line: int = 0
    bounds: dict[str, RawBound] = field(default_factory=dict)
    children: list[Draft] = field(default_factory=list)


@dataclass
class Skeleton:
    form_id: str
    version: int
    languages: tuple[str, ...]
    title: Text | None
    sections: list[Draft]
    drafts: dict[str, Draft]


class StructureChecker:
    """Walks the parsed YAML once, reporting every shape problem it can find."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self.languages: tuple[str, ...] | None = None
        self.drafts: dict[str, Draft] = {}
        self.pos = 0

    def check(self, root: Mapping[str, Any]) -> Skeleton:
        self._keys(root, TOP_KEYS, "the form")
        form_id = self._id(root, "form", "the form") or ""
        version = root.get("version")
        if "version" not in root:
            self.report(line_of(root, 1), "the form has no 'version'")
        elif isinstance(version, bool) or not isinstance(version, int) or version < 1:
            self.report(value_line(root, "version"), "version must be a whole number, 1 or more")
        self.languages = self._languages(root)
        title = self._text(root, "title", "the form")
        sections: list[Draft] = []
        raw_sections = self._list(root, "sections", "the form")
        for index, raw in enumerate(raw_sections):
            draft = self._section(raw, item_line(raw_sections, index))
            if draft is not None:
                sections.append(draft)
        return Skeleton(
            form_id=form_id,
            version=version if isinstance(version, int) else 0,
            languages=self.languages or ("en",),
            title=title,
            sections=sections,
            drafts=self.drafts,
        )

    # --- nodes -----------------------------------------------------------------------------

    def _section(self, raw: Any, line: int) -> Draft | None:
        if not isinstance(raw, Mapping):
            self.report(line, "a section must be a mapping with id, title and questions")
            return None
        line = line_of(raw, line)
        section_id = self._id(raw, "id", f"the section at line {line}")
        where = f"section '{section_id}'" if section_id else f"the section at line {line}"
        self._keys(raw, SECTION_KEYS, where)
        draft = Draft("section", section_id or "", line, self._next_pos(), section_id or "")
        self._register(draft)
        draft.attrs["title"] = self._text(raw, "title", where)
        draft.attrs["intro"] = self._text(raw, "intro", where, required=False)
        self._show_if(raw, draft)
        questions = self._list(raw, "questions", where)
        for index, child in enumerate(questions):
            question = self._question(child, item_line(questions, index), draft.id, None)
            if question is not None:
                draft.children.append(question)
        return draft

    def _question(self, raw: Any, line: int, section: str, group: str | None) -> Draft | None:
        if not isinstance(raw, Mapping):
            self.report(line, "a question must be a mapping with id, type, label and help")
            return None
        line = line_of(raw, line)
        question_id = self._id(raw, "id", f"the question at line {line}")
        where = f"question '{question_id}'" if question_id else f"the question at line {line}"
        kind = self._type(raw, where)
        draft = Draft("question", question_id or "", line, self._next_pos(), section, group)
        draft.type = kind or ""
        self._register(draft)
        self._question_keys(raw, kind, where)
        draft.attrs["label"] = self._text(raw, "label", where)
        draft.attrs["help"] = self._help(raw, where)
        draft.attrs["required"] = self._bool(raw, "required", where)
        self._show_if(raw, draft)
        if kind in CHOICE_TYPES:
            draft.attrs["choices"] = self._choices(raw, where, kind)
        if kind == "yes_no":
            draft.attrs["allow_unknown"] = self._bool(raw, "allow_unknown", where)
        if kind in _PROPER_NAME_TYPES:
            draft.attrs["proper_name"] = self._bool(raw, "proper_name", where)
        if kind in _BOUND_TYPES:
            for key in ("min", "max"):
                if key in raw:
                    bound = self._bound(raw, key, kind, where)
                    if bound is not None:
                        draft.bounds[key] = bound
            self._bounds_in_order(draft, where)
        if kind == "group":
            self._group(raw, draft, where, group)
        return draft

    def _group(self, raw: Mapping[str, Any], draft: Draft, where: str, parent: str | None) -> None:
        if parent is not None:
            self.report(draft.line, f"groups cannot be nested: {where} is inside group '{parent}'")
        draft.attrs["item_label"] = self._text(raw, "item_label", where)
        draft.attrs["add_label"] = self._text(raw, "add_label", where)
        if "max_items" in raw:
            value = raw["max_items"]
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                self.report(value_line(raw, "max_items"), "max_items must be a whole number ≥ 1")
            else:
                draft.attrs["max_items"] = int(value)
        questions = self._list(raw, "questions", where)
        for index, child in enumerate(questions):
            line = item_line(questions, index)
            question = self._question(child, line, draft.section, draft.id or "?")
            if question is not None:
                draft.children.append(question)

    # --- pieces ----------------------------------------------------------------------------

    def _next_pos(self) -> int:
        self.pos += 1
        return self.pos

    def _register(self, draft: Draft) -> None:
        if not draft.id:
            return
        first = self.drafts.get(draft.id)
        if first is not None:
            self.report(draft.line, f"duplicate id '{draft.id}' (first used at line {first.line})")
            return
        self.drafts[draft.id] = draft

    def _keys(self, raw: Mapping[str, Any], allowed: Sequence[str], where: str) -> None:
        for key in raw:
            if key not in allowed and not is_bool(key):
                known = ", ".join(allowed)
                self.report(
                    key_line(raw, key), f"unknown key '{key}' in {where}; known keys: {known}"
                )

    def _question_keys(self, raw: Mapping[str, Any], kind: str | None, where: str) -> None:
        for key in raw:
            if is_bool(key) or key in QUESTION_KEYS:
                continue
            line = key_line(raw, key)
            if key not in _ALL_QUESTION_KEYS:
                known = ", ".join(_ALL_QUESTION_KEYS)
                self.report(line, f"unknown key '{key}' in {where}; known keys: {known}")
            elif kind is None:
                continue  # the type is wrong or missing: that is the error to fix first
            elif key == "choices" and kind not in CHOICE_TYPES:
                self.report(
                    line, f"choices are only for choice and multi_choice ({where} is {kind})"
                )
            elif key in ("min", "max") and kind not in _BOUND_TYPES:
                self.report(
                    line, f"{key} is only for number, money and date questions ({where} is {kind})"
                )
            elif key == "allow_unknown" and kind != "yes_no":
                self.report(line, f"allow_unknown is only for yes_no questions ({where} is {kind})")
            elif key == "proper_name" and kind not in _PROPER_NAME_TYPES:
                self.report(line, f"proper_name is only for text questions ({where} is {kind})")
            elif key in GROUP_KEYS and kind != "group":
                self.report(line, f"{key} is only for groups ({where} is {kind})")

    def _id(self, raw: Mapping[str, Any], key: str, where: str) -> str | None:
        if key not in raw:
            self.report(line_of(raw, 1), f"{where} has no '{key}'")
            return None
        value = raw[key]
        if is_bool(value):
            return None
        line = value_line(raw, key)
        if not isinstance(value, str) or ID_PATTERN.match(value) is None:
            self.report(
                line, f"bad id {value!r} in {where}: use snake_case (a-z, 0-9, _; a letter first)"
            )
            return None
        return value

    def _type(self, raw: Mapping[str, Any], where: str) -> str | None:
        if "type" not in raw:
            self.report(line_of(raw), f"{where} has no 'type'")
            return None
        kind = raw["type"]
        if kind not in QUESTION_TYPES or not isinstance(kind, str):
            self.report(
                value_line(raw, "type"),
                f"unknown question type {kind!r} for {where}; types: {', '.join(QUESTION_TYPES)}",
            )
            return None
        return kind

    def _languages(self, raw: Mapping[str, Any]) -> tuple[str, ...] | None:
        value = raw.get("languages")
        line = value_line(raw, "languages", line_of(raw, 1))
        if "languages" not in raw:
            self.report(line, "the form has no 'languages'")
            return None
        if not isinstance(value, list) or not value:
            self.report(line, 'languages must be a list such as ["en", "es"]')
            return None
        langs: list[str] = []
        for index, lang in enumerate(value):
            lang_line = item_line(value, index, line)
            if is_bool(lang):
                return None
            if not isinstance(lang, str) or _LANGUAGE.match(lang) is None:
                self.report(lang_line, f"bad language code {lang!r} (two or three letters)")
                return None
            if lang in langs:
                self.report(lang_line, f"language '{lang}' is listed twice")
                return None
            langs.append(lang)
        if "en" not in langs:
            self.report(line, "languages must include 'en': it is what every text falls back to")
            return None
        return tuple(langs)

    def _text(
        self, raw: Mapping[str, Any], key: str, where: str, required: bool = True
    ) -> Text | None:
        return check_text(raw, key, where, self.languages, self.report, required)

    def _help(self, raw: Mapping[str, Any], where: str) -> Help | None:
        if "help" not in raw:
            self.report(line_of(raw), f"{where} has no 'help' (help.why and help.how)")
            return None
        node = raw["help"]
        line = key_line(raw, "help")
        if not isinstance(node, Mapping):
            self.report(line, f"help of {where} must be a mapping with 'why' and 'how'")
            return None
        self._keys(node, HELP_KEYS, f"the help of {where}")
        why = check_text(node, "why", f"help of {where}", self.languages, self.report)
        how = check_text(node, "how", f"help of {where}", self.languages, self.report)
        if why is None or how is None:
            return None
        return Help(why=why, how=how)

    def _bool(self, raw: Mapping[str, Any], key: str, where: str) -> bool:
        if key not in raw:
            return False
        value = raw[key]
        if not is_bool(value):
            self.report(value_line(raw, key), f"{key} of {where} must be true or false")
            return False
        return bool(value)

    def _list(self, raw: Mapping[str, Any], key: str, where: str) -> list[Any]:
        if key not in raw:
            self.report(line_of(raw, 1), f"{where} has no '{key}'")
            return []
        value = raw[key]
        if not isinstance(value, list) or not value:
            self.report(key_line(raw, key), f"{key} of {where} must be a non-empty list")
            return []
        return value

    def _choices(self, raw: Mapping[str, Any], where: str, kind: str) -> tuple[Choice, ...]:
        if "choices" not in raw:
            self.report(line_of(raw), f"{where} is a {kind} question but has no choices")
            return ()
        value = raw["choices"]
        if not isinstance(value, list) or not value:
            self.report(key_line(raw, "choices"), f"choices of {where} must be a non-empty list")
            return ()
        choices: list[Choice] = []
        seen: dict[str, int] = {}
        for index, item in enumerate(value):
            line = item_line(value, index)
            if not isinstance(item, Mapping):
                self.report(line, f"a choice of {where} must be a mapping with id and label")
                continue
            line = line_of(item, line)
            self._keys(item, CHOICE_KEYS, f"a choice of {where}")
            choice_id = self._id(item, "id", f"the choice at line {line}")
            label = self._text(item, "label", f"choice '{choice_id}' of {where}")
            if choice_id is None:
                continue
            if choice_id in seen:
                self.report(
                    line,
                    f"duplicate choice id '{choice_id}' in {where}"
                    f" (first at line {seen[choice_id]})",
                )
                continue
            seen[choice_id] = line
            if label is not None:
                choices.append(Choice(choice_id, label))
        return tuple(choices)

    def _bound(self, raw: Mapping[str, Any], key: str, kind: str, where: str) -> RawBound | None:
        value = raw[key]
        line = value_line(raw, key)
        if is_bool(value):
            return None
        if kind in NUMBER_TYPES:
            if isinstance(value, int | float):
                return RawBound(value, None, line)
            self.report(line, f"{key} of {where} must be a number")
            return None
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            return RawBound(value.isoformat(), None, line)
        if value == TODAY:
            return RawBound(TODAY, None, line)
        if isinstance(value, str) and _ISO_DATE.match(value):
            try:
                return RawBound(dt.date.fromisoformat(value).isoformat(), None, line)
            except ValueError:
                pass
        if isinstance(value, Mapping) and list(value) == ["field"]:
            name = value["field"]
            if isinstance(name, str):
                return RawBound(None, name, line)
        self.report(
            line, f'{key} of {where} must be "today", a date "YYYY-MM-DD", or {{field: a_date_id}}'
        )
        return None

    def _bounds_in_order(self, draft: Draft, where: str) -> None:
        low, high = draft.bounds.get("min"), draft.bounds.get("max")
        if low is None or high is None or low.value is None or high.value is None:
            return
        if TODAY in (low.value, high.value):
            return
        if low.value > high.value:  # type: ignore[operator]
            self.report(high.line, f"min of {where} is greater than its max")

    def _show_if(self, raw: Mapping[str, Any], draft: Draft) -> None:
        if "show_if" in raw:
            draft.show_if = raw["show_if"]
            draft.show_if_line = value_line(raw, "show_if")
