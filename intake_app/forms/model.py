"""The form model: frozen dataclasses for a loaded questionnaire, with id lookups built once."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from intake_app.forms.conditions import Condition

FALLBACK_LANGUAGE = "en"

QUESTION_TYPES = (
    "text",
    "long_text",
    "number",
    "money",
    "date",
    "time",
    "yes_no",
    "choice",
    "multi_choice",
    "a_number",
    "phone",
    "email",
    "us_state",
    "zip_code",
    "group",
)
CHOICE_TYPES = frozenset({"choice", "multi_choice"})
NUMBER_TYPES = frozenset({"number", "money"})
TODAY = "today"


@dataclass(frozen=True)
class Text:
    """One piece of text in every language of the form: `{en: "…", es: "…"}`."""

    values: Mapping[str, str]

    def __post_init__(self) -> None:
        object.__setattr__(self, "values", dict(self.values))

    def get(self, lang: str) -> str:
        """The text in `lang`, or in English when the form has no such language."""
        text = self.values.get(lang)
        if text is None:
            text = self.values.get(FALLBACK_LANGUAGE, "")
        return text

    def format(self, lang: str, **params: Any) -> str:
        """The text in `lang` with its `{placeholders}` filled."""
        return self.get(lang).format_map(params)

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(self.values)

    def __hash__(self) -> int:
        return hash(tuple(sorted(self.values.items())))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Text):
            return NotImplemented
        return dict(self.values) == dict(other.values)


@dataclass(frozen=True)
class Help:
    why: Text
    how: Text


@dataclass(frozen=True)
class Choice:
    id: str
    label: Text


@dataclass(frozen=True)
class FieldBound:
    """A date bound taken from another answer (`min: {field: detainee_birth_date}`).

    `same_item` is true when both questions are in the same group: the bound then comes
    from the same item.
    """

    field: str
    same_item: bool = False


# A number for number/money; for dates an ISO "YYYY-MM-DD" string, TODAY, or a FieldBound.
Bound = int | float | str | FieldBound


@dataclass(frozen=True)
class Question:
    """A question, or (type "group") a repeating group whose `questions` are asked per item."""

    id: str
    type: str
    label: Text
    help: Help
    required: bool = False
    show_if: Condition | None = None
    choices: tuple[Choice, ...] = ()
    min: Bound | None = None
    max: Bound | None = None
    allow_unknown: bool = False
    # A name, place, address or number: reads the same in every language (structure.py).
    proper_name: bool = False
    item_label: Text | None = None
    add_label: Text | None = None
    max_items: int | None = None
    questions: tuple[Question, ...] = ()
    group: str | None = None
    section: str = ""
    line: int = field(default=0, compare=False)
    choice_ids: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "choice_ids", frozenset(c.id for c in self.choices))

    @property
    def is_group(self) -> bool:
        return self.type == "group"

    @property
    def needs_english(self) -> bool:
        """Free text in the family's words: an interview not held in English keeps an English
        rendering of it beside the original (`<id>@en`), and English documents use only that."""
        return self.type in ("text", "long_text") and not self.proper_name

    def choice(self, choice_id: str) -> Choice | None:
        for choice in self.choices:
            if choice.id == choice_id:
                return choice
        return None


# The answer key of a question's English rendering, written by the volunteer or interpreter:
# `child_diagnosis@en` beside `child_diagnosis` (in a group, inside the item).
ENGLISH_SUFFIX = "@en"


def english_key(question_id: str) -> str:
    return question_id + ENGLISH_SUFFIX


@dataclass(frozen=True)
class Section:
    id: str
    title: Text
    questions: tuple[Question, ...]
    intro: Text | None = None
    show_if: Condition | None = None
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Form:
    """A loaded questionnaire. Lookups by id are dictionaries built once, at construction."""

    id: str
    version: int
    languages: tuple[str, ...]
    title: Text
    sections: tuple[Section, ...]
    path: str = field(default="", compare=False)
    _by_id: Mapping[str, Question] = field(init=False, repr=False, compare=False)
    _order: tuple[Question, ...] = field(init=False, repr=False, compare=False)
    _group_of: Mapping[str, Question] = field(init=False, repr=False, compare=False)
    _section_of: Mapping[str, Section] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        order: list[Question] = []
        group_of: dict[str, Question] = {}
        section_of: dict[str, Section] = {}
        for section in self.sections:
            for question in section.questions:
                order.append(question)
                section_of[question.id] = section
                for child in question.questions:
                    order.append(child)
                    group_of[child.id] = question
                    section_of[child.id] = section
        object.__setattr__(self, "_order", tuple(order))
        object.__setattr__(self, "_by_id", {q.id: q for q in order})
        object.__setattr__(self, "_group_of", group_of)
        object.__setattr__(self, "_section_of", section_of)

    def question(self, question_id: str) -> Question:
        """The question (or group) with this id; KeyError if the form has none."""
        try:
            return self._by_id[question_id]
        except KeyError:
            raise KeyError(f"form {self.id!r} has no question {question_id!r}") from None

    def has_question(self, question_id: str) -> bool:
        return question_id in self._by_id

    def english_of(self, answer_key: str) -> Question | None:
        """The question a `<id>@en` key renders in English, or None for any other key."""
        if not answer_key.endswith(ENGLISH_SUFFIX):
            return None
        question = self._by_id.get(answer_key[: -len(ENGLISH_SUFFIX)])
        return question if question is not None and question.needs_english else None

    def questions(self) -> tuple[Question, ...]:
        """Every question in document order; a group comes just before its own questions."""
        return self._order

    def group_of(self, question_id: str) -> Question | None:
        """The repeating group a question belongs to, or None for a top-level question."""
        self.question(question_id)
        return self._group_of.get(question_id)

    def section_of(self, question_id: str) -> Section:
        self.question(question_id)
        return self._section_of[question_id]

    def section(self, section_id: str) -> Section:
        for section in self.sections:
            if section.id == section_id:
                return section
        raise KeyError(f"form {self.id!r} has no section {section_id!r}")

    def __iter__(self) -> Iterator[Section]:
        return iter(self.sections)
