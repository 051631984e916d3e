"""The rules' condition language: the form's operators plus group, number and date tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from intake_app.domain.dates import read_stored

# One meaning of "answered" for the form and the rules (forms/conditions.py).
from intake_app.forms.conditions import is_answered

# The form's own operators, kept identical so an attorney reads one syntax everywhere.
FIELD_TESTS = ("equals", "in", "answered")
COMPARATORS = ("at_least", "at_most", "less_than", "more_than")
# Derived numbers: whole years or days from a date answer to the analysis date…
SINCE = ("years_since", "days_since")
# …or between two dates, each an answer id or a literal "YYYY-MM-DD" (an age at entry, a
# parent's naturalization before the 18th birthday, an arrest after a decree's term).
BETWEEN = ("years_between", "days_between")
COMBINATORS = ("all", "any", "not")
ITEM_OPERATORS = ("any_item", "all_items", "count_items")

Condition = Mapping[str, Any]


_MISSING = object()


class ItemScope(Mapping[str, Any]):
    """A group item's answers over the case's; cheaper than ChainMap on the hot path."""

    __slots__ = ("_base", "_item")

    def __init__(self, item: Mapping[str, Any], base: Mapping[str, Any]) -> None:
        self._item = item
        self._base = base

    def get(self, key: str, default: Any = None) -> Any:
        value = self._item.get(key, _MISSING)
        return self._base.get(key, default) if value is _MISSING else value

    def __getitem__(self, key: str) -> Any:
        value = self.get(key, _MISSING)
        if value is _MISSING:
            raise KeyError(key)
        return value

    def __iter__(self) -> Iterator[str]:
        yield from self._item
        yield from (k for k in self._base if k not in self._item)

    def __len__(self) -> int:
        return sum(1 for _ in self)


@dataclass(frozen=True)
class Context:
    """What a condition reads: the answers in scope, the analysis date, the rules matched so far."""

    scope: Mapping[str, Any]
    today: dt.date
    matched: frozenset[str] = frozenset()

    def for_item(self, item: Mapping[str, Any]) -> Context:
        # An item's own answers win, as in the form; the rest of the case stays in view.
        return Context(ItemScope(item, self.scope), self.today, self.matched)


def parse_date(value: Any) -> dt.date | None:
    """A date answer as a day. A month or a year alone (or "about" one) counts from its last
    possible day, so "at least N years" said from it is never more than the truth."""
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        found = read_stored(value)
        return found.latest() if found is not None else None


def whole_years_between(start: dt.date, end: dt.date) -> int:
    """Completed years, the way an age is counted."""
    return end.year - start.year - ((end.month, end.day) < (start.month, start.day))


def since(kind: str, value: Any, today: dt.date) -> int | None:
    """Whole years or days from a date answer to today; None when the answer is not a date."""
    start = parse_date(value)
    if start is None:
        return None
    if kind == "years_since":
        return whole_years_between(start, today)
    return (today - start).days


def _date_operand(operand: str, scope: Mapping[str, Any]) -> dt.date | None:
    """A `*_between` operand: a literal ISO date, or the date answer it names."""
    literal = parse_date(operand) if operand[:1].isdigit() else None
    return literal if literal is not None else parse_date(scope.get(operand))


def between(kind: str, operands: Any, scope: Mapping[str, Any]) -> int | None:
    """Whole years or days from the first date to the second; None when either is unknown."""
    start, end = (_date_operand(str(o), scope) for o in operands)
    if start is None or end is None:
        return None
    if kind == "years_between":
        return whole_years_between(start, end)
    return (end - start).days


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _compare(value: Any, cond: Condition) -> bool:
    if not _is_number(value):
        return False
    checks = {
        "at_least": lambda limit: value >= limit,
        "at_most": lambda limit: value <= limit,
        "less_than": lambda limit: value < limit,
        "more_than": lambda limit: value > limit,
    }
    return all(checks[op](cond[op]) for op in COMPARATORS if op in cond)


def _equals(value: Any, expected: Any) -> bool:
    # A multi-choice answer "equals" a choice when that choice is selected, as in the form.
    if isinstance(value, (list, tuple)):
        return any(_equals(v, expected) for v in value)
    if _is_number(value) and _is_number(expected):
        return value == expected
    return isinstance(value, str) and isinstance(expected, str) and value == expected


def _items(ctx: Context, group: str) -> list[Mapping[str, Any]]:
    value = ctx.scope.get(group)
    if not isinstance(value, (list, tuple)):
        return []
    return [item for item in value if isinstance(item, Mapping)]


def _field(cond: Condition, ctx: Context) -> bool:
    value = ctx.scope.get(cond["field"])
    if "answered" in cond:
        return is_answered(value) is bool(cond["answered"])
    if "equals" in cond:
        return _equals(value, cond["equals"])
    if "in" in cond:
        return any(_equals(value, choice) for choice in cond["in"])
    return _compare(value, cond)


def _matching_items(cond: Condition, ctx: Context, group: str) -> list[Mapping[str, Any]]:
    where = cond.get("where")
    items = _items(ctx, group)
    if where is None:
        return items
    return [item for item in items if evaluate(where, ctx.for_item(item))]


def evaluate(cond: Condition, ctx: Context) -> bool:
    """Evaluate a condition the loader has already checked."""
    if "field" in cond:
        return _field(cond, ctx)
    if "all" in cond:
        return all(evaluate(c, ctx) for c in cond["all"])
    if "any" in cond:
        return any(evaluate(c, ctx) for c in cond["any"])
    if "not" in cond:
        return not evaluate(cond["not"], ctx)
    if "rule" in cond:
        return cond["rule"] in ctx.matched
    for kind in SINCE:
        if kind in cond:
            return _compare(since(kind, ctx.scope.get(cond[kind]), ctx.today), cond)
    for kind in BETWEEN:
        if kind in cond:
            return _compare(between(kind, cond[kind], ctx.scope), cond)
    if "any_item" in cond:
        return bool(_matching_items(cond, ctx, cond["any_item"]))
    if "all_items" in cond:
        group = cond["all_items"]
        # Vacuously true for an empty group; rules pair it with count_items where that matters.
        return len(_matching_items(cond, ctx, group)) == len(_items(ctx, group))
    if "count_items" in cond:
        return _compare(len(_matching_items(cond, ctx, cond["count_items"])), cond)
    raise ValueError(f"unchecked condition: {dict(cond)!r}")
