"""The engine: which questions show, what is wrong with the answers, and how far along they are."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from intake_app.domain.dates import read_stored
from intake_app.domain.values import ValueProblem, normalize_date
from intake_app.forms.conditions import Env, is_answered
from intake_app.forms.model import TODAY, FieldBound, Form, Question, Section, english_key
from intake_app.forms.values import normalize

# An item is (its answers, the ids of its questions that are visible in it).
_Item = tuple[Mapping[str, Any], set[str]]
_EMPTY: Mapping[str, Any] = {}


@dataclass(frozen=True)
class Issue:
    """One problem with one answer: a code (see docs/form-format.md), never a sentence.

    `item_index` is the position in the group's list of items for a question inside a group.
    """

    question_id: str
    code: str
    params: dict[str, Any] = field(default_factory=dict)
    item_index: int | None = None


@dataclass(frozen=True)
class Progress:
    """Visible required questions (group items included) and how many of them are answered;
    and every visible question, required or not, and how many of those are answered."""

    answered: int
    required: int
    questions_answered: int = 0
    questions: int = 0

    @property
    def complete(self) -> bool:
        return self.answered >= self.required


class Evaluation:
    """Visibility of every question for one set of answers, worked out in a single pass.

    Conditions only look backwards, so one walk in document order settles everything. Build
    it once per change of answers and ask it everything (the module functions each build one).
    """

    def __init__(self, form: Form, answers: Mapping[str, Any]) -> None:
        self.form = form
        self.answers = answers
        self.visible: set[str] = set()
        self.groups: dict[str, list[_Item]] = {}
        sections: list[Section] = []
        env = Env(answers, self.visible, self.groups)
        for section in form.sections:
            if section.show_if is not None and not section.show_if.evaluate(env):
                continue
            shown = False
            for question in section.questions:
                if question.show_if is not None and not question.show_if.evaluate(env):
                    continue
                shown = True
                self.visible.add(question.id)
                if question.questions:
                    items = answers.get(question.id)
                    rows: list[_Item] = []
                    if isinstance(items, list):
                        for item in items:
                            item = item if isinstance(item, Mapping) else _EMPTY
                            rows.append((item, _item_visibility(question, item, env)))
                    self.groups[question.id] = rows
            if shown:  # a section whose questions are all hidden has nothing to ask
                sections.append(section)
        self.sections: tuple[Section, ...] = tuple(sections)

    def is_visible(self, question_id: str, item: int | None = None) -> bool:
        """Whether a question shows; for a group's question, in item `item`.

        With `item` None a group's question counts as visible when it shows in any item; an
        index past the end asks about a new, empty item.
        """
        group = self.form.group_of(question_id)
        if group is None:
            return question_id in self.visible
        rows = self.groups.get(group.id)
        if rows is None:
            return False
        if item is None:
            return any(question_id in visible for _, visible in rows)
        if 0 <= item < len(rows):
            return question_id in rows[item][1]
        env = Env(self.answers, self.visible, self.groups)
        return question_id in _item_visibility(group, _EMPTY, env)

    def visible_answers(self) -> dict[str, Any]:
        """The answers downstream code may read: visible and answered only.

        Inside groups, each item keeps only its visible answers; items left empty and groups
        left without items are dropped.
        """
        result: dict[str, Any] = {}
        answers = self.answers
        for section in self.sections:
            for question in section.questions:
                if question.id not in self.visible:
                    continue
                if question.questions:
                    kept = []
                    for item, visible in self.groups[question.id]:
                        values = {
                            child.id: _copy(item[child.id])
                            for child in question.questions
                            if child.id in visible and is_answered(item.get(child.id))
                        }
                        _keep_english(values, question.questions, item)
                        if values:
                            kept.append(values)
                    if kept:
                        result[question.id] = kept
                else:
                    value = answers.get(question.id)
                    if is_answered(value):
                        result[question.id] = _copy(value)
                        _keep_english(result, (question,), answers)
        return result

    def validate(self, today: dt.date | None = None) -> list[Issue]:
        """Issues of the visible questions, in document order."""
        checker = _Checker(self, today)
        issues: list[Issue] = []
        answers = self.answers
        for section in self.sections:
            for question in section.questions:
                if question.id not in self.visible:
                    continue
                if question.questions:
                    issues.extend(checker.group(question, answers.get(question.id)))
                else:
                    issues.extend(checker.check(question, answers.get(question.id)))
        return issues

    def progress(self) -> Progress:
        answered = required = shown = done = 0
        answers = self.answers
        for section in self.sections:
            for question in section.questions:
                if question.id not in self.visible:
                    continue
                given = is_answered(answers.get(question.id))
                if question.required:
                    required += 1
                    answered += given
                if not question.questions:
                    shown += 1
                    done += given
                    continue
                for item, visible in self.groups[question.id]:
                    for child in question.questions:
                        if child.id not in visible:
                            continue
                        child_given = is_answered(item.get(child.id))
                        shown += 1
                        done += child_given
                        if child.required:
                            required += 1
                            answered += child_given
        return Progress(answered, required, done, shown)


def _keep_english(
    kept: dict[str, Any], questions: tuple[Question, ...], source: Mapping[str, Any]
) -> None:
    """Beside each kept answer in the family's words, its English rendering, if written."""
    for question in questions:
        key = english_key(question.id)
        if question.id in kept and question.needs_english and is_answered(source.get(key)):
            kept[key] = source[key]


def _item_visibility(group: Question, item: Mapping[str, Any], env: Env) -> set[str]:
    visible: set[str] = set()
    env.item = item
    env.item_visible = visible
    for child in group.questions:
        if child.show_if is None or child.show_if.evaluate(env):
            visible.add(child.id)
    env.item = _EMPTY
    return visible


def _copy(value: Any) -> Any:
    return list(value) if isinstance(value, list) else value


class _Checker:
    """Checks answers against their question's type and bounds."""

    def __init__(self, evaluation: Evaluation, today: dt.date | None) -> None:
        self.evaluation = evaluation
        self.today = (today or dt.date.today()).isoformat()

    def group(self, group: Question, value: Any) -> list[Issue]:
        if not is_answered(value):
            return [Issue(group.id, "required")] if group.required else []
        if not isinstance(value, list):
            return [Issue(group.id, "format")]
        issues: list[Issue] = []
        if group.max_items is not None and len(value) > group.max_items:
            issues.append(Issue(group.id, "out_of_range", {"min": None, "max": group.max_items}))
        for index, (raw, (item, visible)) in enumerate(
            zip(value, self.evaluation.groups[group.id], strict=True)
        ):
            if not isinstance(raw, Mapping):
                issues.append(Issue(group.id, "format", {}, index))
                continue
            for child in group.questions:
                if child.id in visible:
                    issues.extend(self.check(child, item.get(child.id), index, item, visible))
        return issues

    def check(
        self,
        question: Question,
        value: Any,
        index: int | None = None,
        item: Mapping[str, Any] = _EMPTY,
        item_visible: set[str] | frozenset[str] = frozenset(),
    ) -> list[Issue]:
        if not is_answered(value):
            return [Issue(question.id, "required", {}, index)] if question.required else []
        try:
            stored = normalize(question, value)
        except ValueProblem as problem:
            return [Issue(question.id, problem.code, dict(problem.params), index)]
        if question.min is None and question.max is None:
            return []
        if question.type == "date":
            return self._date_range(question, stored, index, item, item_visible)
        low, high = question.min, question.max
        if (low is not None and stored < low) or (high is not None and stored > high):
            return [Issue(question.id, "out_of_range", {"min": low, "max": high}, index)]
        return []

    def _date_range(
        self,
        question: Question,
        stored: str,
        index: int | None,
        item: Mapping[str, Any],
        item_visible: set[str] | frozenset[str],
    ) -> list[Issue]:
        # ISO dates compare as text in date order. A year or a month alone (domain/dates.py) is
        # out of range only when every day it could be is: its last day before the lower bound,
        # or its first day after the upper one.
        earliest = latest = stored
        if len(stored) != 10:
            given = read_stored(stored)
            if given is None:
                return []
            earliest, latest = given.earliest().isoformat(), given.latest().isoformat()
        low = self._date_bound(question.min, item, item_visible)
        if low is not None and latest < low[0]:
            return [Issue(question.id, "before", low[1], index)]
        high = self._date_bound(question.max, item, item_visible)
        if high is not None and earliest > high[0]:
            return [Issue(question.id, "after", high[1], index)]
        return []

    def _date_bound(
        self, bound: Any, item: Mapping[str, Any], item_visible: set[str] | frozenset[str]
    ) -> tuple[str, dict[str, Any]] | None:
        """(ISO date, issue params), or None when the bound does not apply."""
        if bound is None:
            return None
        if bound == TODAY:
            return self.today, {"date": self.today, "today": True}
        if not isinstance(bound, FieldBound):
            return bound, {"date": bound}
        # The other answer counts only when it shows: hidden means absent.
        if bound.same_item:
            value = item.get(bound.field) if bound.field in item_visible else None
        elif bound.field in self.evaluation.visible:
            value = self.evaluation.answers.get(bound.field)
        else:
            value = None
        if not is_answered(value):
            return None
        try:
            iso = normalize_date(value)
        except ValueProblem:
            return None
        if len(iso) != 10:
            # The other answer is itself only a year or a month: too loose to bound this one.
            return None
        return iso, {"date": iso, "field": bound.field}


# --- the module API: each call makes one pass --------------------------------------------------


def evaluate(form: Form, answers: Mapping[str, Any]) -> Evaluation:
    """One pass over the form; ask the result for sections, visibility, issues and progress."""
    return Evaluation(form, answers)


def visible_sections(form: Form, answers: Mapping[str, Any]) -> list[Section]:
    return list(Evaluation(form, answers).sections)


def is_visible(
    form: Form, question_id: str, answers: Mapping[str, Any], item: int | None = None
) -> bool:
    return Evaluation(form, answers).is_visible(question_id, item)


def visible_answers(form: Form, answers: Mapping[str, Any]) -> dict[str, Any]:
    return Evaluation(form, answers).visible_answers()


def validate(form: Form, answers: Mapping[str, Any], today: dt.date | None = None) -> list[Issue]:
    return Evaluation(form, answers).validate(today)


def progress(form: Form, answers: Mapping[str, Any]) -> Progress:
    return Evaluation(form, answers).progress()


def validate_value(
    form: Form,
    question_id: str,
    value: Any,
    answers: Mapping[str, Any],
    today: dt.date | None = None,
    item: int | None = None,
) -> list[Issue]:
    """Issues of one answer as typed (before it is stored), for inline messages in the UI.

    `item` is the item index for a question inside a group (past the end: a new item). The
    answer is judged as if it were already in `answers`. Visibility is not checked: the UI
    asks only about questions it shows.
    """
    question = form.question(question_id)
    group = form.group_of(question_id)
    trial = dict(answers)
    if group is None:
        trial[question_id] = value
    else:
        items = [i if isinstance(i, Mapping) else {} for i in _as_list(answers.get(group.id))]
        index = len(items) if item is None or not 0 <= item < len(items) else item
        if index == len(items):
            items.append({})
        items[index] = {**items[index], question_id: value}
        trial[group.id] = items
        item = index
    evaluation = Evaluation(form, trial)
    checker = _Checker(evaluation, today)
    if question.questions:
        return checker.group(question, value) if question_id in evaluation.visible else []
    if group is None:
        return checker.check(question, value)
    rows = evaluation.groups.get(group.id)
    if not rows or item is None:
        return checker.check(question, value, item)
    row_item, row_visible = rows[item]
    return checker.check(question, value, item, row_item, row_visible)


def _as_list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list) else []


def check_case_answers(form: Form, answers: Mapping[str, Any]) -> list[str]:
    """Problems that make stored answers unusable with `form` (for importing a case file).

    Unlike `validate`, this looks at every stored value, hidden ones included (they are kept),
    ignores what is merely missing, and wants values already in their stored form. Messages
    name ids and codes only, never values: they may end up in an error dialog or a log.
    """
    problems: list[str] = []
    if not isinstance(answers, Mapping):
        return ["answers: not a mapping"]
    for key, value in answers.items():
        if isinstance(key, str) and (english := form.english_of(key)) is not None:
            # An English rendering of an answer in the family's words: text, like its answer.
            problems.extend(_stored_problems(english, value, key))
            continue
        if not isinstance(key, str) or not form.has_question(key):
            problems.append(f"{key}: not a question of {form.id}")
            continue
        question = form.question(key)
        group = form.group_of(key)
        if group is not None:
            problems.append(f"{key}: belongs inside group {group.id}")
            continue
        if not question.questions:
            problems.extend(_stored_problems(question, value, key))
            continue
        if not isinstance(value, list):
            problems.append(f"{key}: format")
            continue
        for index, item in enumerate(value):
            where = f"{key}[{index}]"
            if not isinstance(item, Mapping):
                problems.append(f"{where}: format")
                continue
            for child_id, child_value in item.items():
                child = next((c for c in question.questions if c.id == child_id), None)
                english = form.english_of(child_id) if isinstance(child_id, str) else None
                if child is None and english is not None and english.group == key:
                    child = english
                if child is None:
                    problems.append(f"{where}.{child_id}: not a question of group {key}")
                else:
                    problems.extend(_stored_problems(child, child_value, f"{where}.{child_id}"))
    return problems


def normalize_case_answers(
    form: Form, answers: Mapping[str, Any]
) -> tuple[dict[str, Any], list[str]]:
    """Answers from a case file, each through the same normalisation as the window ("20-845-612"
    → "020845612", "Illinois" → "IL", a local phone number → E.164), and the problems that make
    some of them unusable. Like `check_case_answers`, problems name ids and codes, never values.
    """
    if not isinstance(answers, Mapping):
        return {}, ["answers: not a mapping"]
    out: dict[str, Any] = {}
    problems: list[str] = []
    for key, value in answers.items():
        if isinstance(key, str) and (english := form.english_of(key)) is not None:
            # An English rendering of an answer in the family's words: text, like its answer.
            stored, problem = _normalized(english, value, key)
            problems += problem
            if stored is not None:
                out[key] = stored
            continue
        if not isinstance(key, str) or not form.has_question(key):
            problems.append(f"{key}: not a question of {form.id}")
            continue
        question = form.question(key)
        if form.group_of(key) is not None:
            problems.append(f"{key}: belongs inside group {form.group_of(key).id}")
            continue
        if not question.questions:
            stored, problem = _normalized(question, value, key)
            problems += problem
            if stored is not None:
                out[key] = stored
            continue
        if not isinstance(value, list):
            problems.append(f"{key}: format")
            continue
        if question.max_items is not None and len(value) > question.max_items:
            # The window stops at max_items; a file must not bring more.
            problems.append(f"{key}: more than {question.max_items} items")
            continue
        items = []
        for index, item in enumerate(value):
            where = f"{key}[{index}]"
            if not isinstance(item, Mapping):
                problems.append(f"{where}: format")
                continue
            kept: dict[str, Any] = {}
            for child_id, child_value in item.items():
                child = next((c for c in question.questions if c.id == child_id), None)
                english = form.english_of(child_id) if isinstance(child_id, str) else None
                if child is None and english is not None and english.group == key:
                    child = english
                if child is None:
                    problems.append(f"{where}.{child_id}: not a question of group {key}")
                    continue
                stored, problem = _normalized(child, child_value, f"{where}.{child_id}")
                problems += problem
                if stored is not None:
                    kept[child_id] = stored
            items.append(kept)
        out[key] = items
    return out, problems


def _normalized(question: Question, value: Any, where: str) -> tuple[Any, list[str]]:
    try:
        return normalize(question, value), []
    except ValueProblem as problem:
        return None, [f"{where}: {problem.code}"]
    except (TypeError, ValueError, AttributeError):
        return None, [f"{where}: format"]


def _stored_problems(question: Question, value: Any, where: str) -> list[str]:
    if value is None:
        return []
    try:
        stored = normalize(question, value)
    except ValueProblem as problem:
        return [f"{where}: {problem.code}"]
    if stored != value:
        return [f"{where}: not in stored form"]
    return []
