"""Conditions as data (`show_if`): checked and compiled once at load into evaluable objects."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from intake_app.forms.yamlsource import Report, is_bool, item_line, line_of, value_line

# Where a condition's field is looked up.
FORM = "form"  # a top-level question (or a whole group): answers[field]
ITEM = "item"  # a question of the same group: the same item
ANY_ITEM = "any_item"  # a question of another group: true when any visible item matches

_LEAF_OPS = ("equals", "in", "answered")
_BRANCH_OPS = ("all", "any", "not")


class Env:
    """What conditions are evaluated against during one pass over the form.

    `visible` holds the ids of the top-level questions found visible so far; `groups` maps a
    visible group's id to its items as (item answers, ids visible in that item); `item` and
    `item_visible` describe the item being evaluated, if any.
    """

    __slots__ = ("answers", "groups", "item", "item_visible", "visible")

    def __init__(
        self,
        answers: Mapping[str, Any],
        visible: set[str],
        groups: dict[str, list[tuple[Mapping[str, Any], set[str]]]],
    ) -> None:
        self.answers = answers
        self.visible = visible
        self.groups = groups
        self.item: Mapping[str, Any] = {}
        self.item_visible: set[str] = set()


def is_answered(value: Any) -> bool:
    """Blank text, an empty list and None are unanswered; 0 and "no" are answers."""
    if value is None:
        return False
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, list | tuple | dict):
        return bool(value)
    return True


@dataclass(frozen=True, slots=True)
class _Leaf:
    field: str
    scope: str
    group: str | None
    multi: bool
    line: int = field(compare=False)

    def evaluate(self, env: Env) -> bool:
        # A hidden question counts as absent, so any test on it is false.
        scope = self.scope
        if scope == FORM:
            if self.field not in env.visible:
                return False
            return self._test(env.answers.get(self.field))
        if scope == ITEM:
            if self.field not in env.item_visible:
                return False
            return self._test(env.item.get(self.field))
        for item, visible in env.groups.get(self.group or "", ()):
            if self.field in visible and self._test(item.get(self.field)):
                return True
        return False

    def _test(self, value: Any) -> bool:
        """Whether an answer satisfies this leaf; each kind of leaf says its own way."""
        return False

    def fields(self) -> list[tuple[str, int]]:
        return [(self.field, self.line)]


@dataclass(frozen=True, slots=True)
class Equals(_Leaf):
    value: Any = None

    def _test(self, value: Any) -> bool:
        if self.multi:
            return isinstance(value, list) and self.value in value
        return value == self.value and type(value) is not bool


@dataclass(frozen=True, slots=True)
class In(_Leaf):
    values: frozenset[Any] = frozenset()

    def _test(self, value: Any) -> bool:
        if self.multi:
            return isinstance(value, list) and any(v in self.values for v in value if _hashable(v))
        return _hashable(value) and not is_bool(value) and value in self.values


@dataclass(frozen=True, slots=True)
class Answered(_Leaf):
    expected: bool = True

    def _test(self, value: Any) -> bool:
        return is_answered(value) == self.expected


@dataclass(frozen=True, slots=True)
class All:
    conditions: tuple[Condition, ...]

    def evaluate(self, env: Env) -> bool:
        return all(condition.evaluate(env) for condition in self.conditions)

    def fields(self) -> list[tuple[str, int]]:
        return [f for c in self.conditions for f in c.fields()]


@dataclass(frozen=True, slots=True)
class AnyOf:
    conditions: tuple[Condition, ...]

    def evaluate(self, env: Env) -> bool:
        return any(condition.evaluate(env) for condition in self.conditions)

    def fields(self) -> list[tuple[str, int]]:
        return [f for c in self.conditions for f in c.fields()]


@dataclass(frozen=True, slots=True)
class Not:
    condition: Condition

    def evaluate(self, env: Env) -> bool:
        return not self.condition.evaluate(env)

    def fields(self) -> list[tuple[str, int]]:
        return self.condition.fields()


Condition = Equals | In | Answered | All | AnyOf | Not


def _hashable(value: Any) -> bool:
    return isinstance(value, str | int | float)


@dataclass(frozen=True)
class Target:
    """What the loader knows about the question a condition names, as seen from the condition."""

    scope: str
    group: str | None
    type: str
    values: frozenset[str] | None = None  # the only values it can hold (choice, yes_no)


Resolve = Callable[[str, int], "Target | None"]


def compile_condition(raw: Any, line: int, resolve: Resolve, report: Report) -> Condition | None:
    """Check a condition's shape and fields and compile it; None (after reporting) if it is bad.

    `resolve(field, line)` reports an unknown field itself and returns None for it.
    """
    return _Compiler(resolve, report).compile(raw, line)


class _Compiler:
    def __init__(self, resolve: Resolve, report: Report) -> None:
        self.resolve = resolve
        self.report = report

    def compile(self, raw: Any, line: int) -> Condition | None:
        line = line_of(raw, line)
        if not isinstance(raw, Mapping):
            self.report(line, 'a condition is a mapping such as {field: id, equals: "value"}')
            return None
        keys = list(raw)
        branch = [k for k in keys if k in _BRANCH_OPS]
        if branch:
            if len(keys) != 1:
                extra = ", ".join(str(k) for k in keys if k != branch[0])
                self.report(line, f"'{branch[0]}' must be alone in its condition (found {extra})")
                return None
            return self._branch(branch[0], raw[branch[0]], value_line(raw, branch[0], line))
        return self._leaf(raw, line)

    def _branch(self, op: str, value: Any, line: int) -> Condition | None:
        if op == "not":
            inner = self.compile(value, line)
            return None if inner is None else Not(inner)
        if not isinstance(value, Sequence) or isinstance(value, str) or not value:
            self.report(line, f"'{op}' takes a non-empty list of conditions")
            return None
        parts = [self.compile(item, item_line(value, i, line)) for i, item in enumerate(value)]
        if any(p is None for p in parts):
            return None
        conditions = tuple(p for p in parts if p is not None)
        return All(conditions) if op == "all" else AnyOf(conditions)

    def _leaf(self, raw: Mapping[str, Any], line: int) -> Condition | None:
        unknown = [k for k in raw if k != "field" and k not in _LEAF_OPS]
        if unknown:
            known = ", ".join(("field", *_LEAF_OPS, *_BRANCH_OPS))
            self.report(line, f"unknown key '{unknown[0]}' in condition; known keys: {known}")
            return None
        ops = [k for k in raw if k in _LEAF_OPS]
        if "field" not in raw or len(ops) != 1:
            self.report(
                line,
                "a condition needs 'field' and exactly one of equals, in, answered"
                " (or is all, any or not)",
            )
            return None
        name = raw["field"]
        if not isinstance(name, str):
            if not is_bool(name):
                self.report(line, "'field' must be a question id")
            return None
        target = self.resolve(name, line)
        if target is None:
            return None
        op = ops[0]
        value = raw[op]
        leaf = {"field": name, "scope": target.scope, "group": target.group, "line": line}
        multi = target.type == "multi_choice"
        if op == "answered":
            if not is_bool(value):
                self.report(line, "'answered' must be true or false")
                return None
            return Answered(multi=multi, expected=bool(value), **leaf)
        if target.type == "group":
            self.report(line, f"group '{name}' can only be tested with 'answered'")
            return None
        if op == "equals":
            if not self._value_ok(value, target, name, line):
                return None
            return Equals(multi=multi, value=value, **leaf)
        if not isinstance(value, Sequence) or isinstance(value, str) or not value:
            self.report(line, "'in' takes a non-empty list of values")
            return None
        if not all([self._value_ok(v, target, name, line) for v in value]):
            return None
        return In(multi=multi, values=frozenset(value), **leaf)

    def _value_ok(self, value: Any, target: Target, name: str, line: int) -> bool:
        if is_bool(value):
            return False  # already reported as an unquoted boolean
        if target.type in ("number", "money"):
            if not isinstance(value, int | float):
                self.report(line, f"'{name}' is a number; compare it with a number")
                return False
            return True
        if not isinstance(value, str):
            self.report(line, f"'{name}' holds text; compare it with a quoted value")
            return False
        if target.values is not None and value not in target.values:
            allowed = ", ".join(sorted(target.values))
            self.report(line, f"'{value}' is not a possible answer to '{name}' ({allowed})")
            return False
        return True
