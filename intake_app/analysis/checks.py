"""The rules file's building blocks, checked: quoted strings, ids, bilingual texts, conditions."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
    SingleQuotedScalarString,
)

from intake_app.analysis.conditions import (
    BETWEEN,
    COMBINATORS,
    COMPARATORS,
    FIELD_TESTS,
    ITEM_OPERATORS,
    SINCE,
    parse_date,
)
from intake_app.analysis.errors import RulesError
from intake_app.analysis.model import AUTH_PREFIX, Authority
from intake_app.analysis.templates import placeholders_in, stray_braces

ID = re.compile(r"^[a-z][a-z0-9_]*$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# A citation written out in a text instead of `{auth_<id>}` (which carries its source, the date
# it was checked and its status): statutes, regulations, reporters, dockets, directives, cases.
# A caption's "In the Matter of:" names a person, not a case, and is not a citation.
INLINE_CITATION = re.compile(
    r"\bINA\s*(?:§|\d)|§\s*\d|\bC\.\s?F\.\s?R\b|\bCFR\b|\bU\.\s?S\.\s?C\b|I&N\s+Dec"
    r"|\bF\.\s?(?:2d|3d|4th)\b|\bF\.\s?Supp\b|\bS\.\s?Ct\.|\bPub\.\s?L\."
    r"|\bDirectiv[ea]\s+\d|\bPolicy\s+(?:No\.\s*)?\d{4}|(?<!the )\bMatter\s+of\b|\bNo\.\s*\d+-cv"
    r"|\b[A-Z][\w'’-]+\s+v\.\s+[A-Z]"
)
_NESTED_BRACKETS = re.compile(r"\[[^\]]*\[")
_QUOTED = (
    DoubleQuotedScalarString,
    SingleQuotedScalarString,
    LiteralScalarString,
    FoldedScalarString,
)
# Each condition has one head operator; these are the keys that may sit beside it.
_HEADS = ("field", *COMBINATORS, "rule", *SINCE, *BETWEEN, *ITEM_OPERATORS)
_ALLOWED_WITH: dict[str, set[str]] = {
    "field": {*FIELD_TESTS, *COMPARATORS},
    **{combinator: set() for combinator in COMBINATORS},
    "rule": set(),
    "years_since": set(COMPARATORS),
    "days_since": set(COMPARATORS),
    **{kind: set(COMPARATORS) for kind in BETWEEN},
    "any_item": {"where"},
    "all_items": {"where"},
    "count_items": {"where", *COMPARATORS},
}
_KNOWN = frozenset(_HEADS).union(*_ALLOWED_WITH.values())


def line_of(node: Any, key: Any = None) -> int | None:
    """1-based line of a mapping key / sequence index inside `node`, or of `node` itself."""
    try:
        if key is None:
            return node.lc.line + 1
        if isinstance(node, CommentedMap):
            return node.lc.key(key)[0] + 1
        if isinstance(node, CommentedSeq):
            return node.lc.item(key)[0] + 1
    except (AttributeError, KeyError, IndexError, TypeError):
        return None
    return None


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def plain(node: Any) -> Any:
    """The checked node as ordinary dicts, lists and str, with no ruamel types left inside."""
    if isinstance(node, Mapping):
        return {str(k): plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [plain(v) for v in node]
    if isinstance(node, str):
        return str(node)
    return node


class BaseChecker:
    """Collects every error rather than stopping at the first, each with its line."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.errors: list[RulesError] = []
        self.languages: tuple[str, ...] = ("en", "es")
        # The authorities `{auth_<id>}` may name (the analysis file's `authorities:` list).
        self.authorities: Mapping[str, Authority] = {}

    def error(self, line: int | None, message: str) -> None:
        self.errors.append(RulesError(self.path, line, message))

    # Scalars and texts ---------------------------------------------------------------------

    def string(self, value: Any, line: int | None, what: str) -> str | None:
        if isinstance(value, _QUOTED):
            return str(value)
        if isinstance(value, str):
            # YAML would read some unquoted words as something else; one rule, no exceptions.
            self.error(line, f"{what}: quote the string '{value}'")
        else:
            self.error(line, f"{what}: expected a quoted string, found {value!r}")
        return None

    def ident(self, value: Any, line: int | None, what: str) -> str | None:
        text = self.string(value, line, what)
        if text is not None and not ID.match(text):
            self.error(line, f"{what}: '{text}' is not a snake_case id")
            return None
        return text

    def keys(self, node: Any, line: int | None, allowed: tuple[str, ...], what: str) -> bool:
        if not isinstance(node, Mapping):
            self.error(line, f"{what}: expected a mapping")
            return False
        for key in node:
            if key not in allowed:
                self.error(line_of(node, key), f"{what}: unknown key '{key}'")
        return True

    def required(self, node: Mapping, line: int | None, names: tuple[str, ...], what: str) -> bool:
        missing = [n for n in names if n not in node]
        for name in missing:
            self.error(line, f"{what}: missing '{name}'")
        return not missing

    def text(
        self, node: Any, line: int | None, what: str, placeholders: Mapping | None = None
    ) -> dict[str, str] | None:
        if not isinstance(node, Mapping):
            self.error(line, f"{what}: expected a text with languages {list(self.languages)}")
            return None
        result: dict[str, str] = {}
        for lang in self.languages:
            if lang not in node:
                self.error(line, f"{what}: missing language '{lang}'")
        for lang, value in node.items():
            value_line = line_of(node, lang) or line
            if lang not in self.languages:
                self.error(value_line, f"{what}: unknown language '{lang}'")
                continue
            checked = self.string(value, value_line, f"{what} ({lang})")
            if checked is None:
                continue
            if stray_braces(checked):
                self.error(value_line, f"{what} ({lang}): a brace outside a {{placeholder}}")
            if _NESTED_BRACKETS.search(checked):
                self.error(value_line, f"{what} ({lang}): [optional parts] do not nest")
            result[lang] = checked
        if len(result) != len(self.languages):
            return None
        sets = {lang: set(placeholders_in(t)) for lang, t in result.items()}
        if len({frozenset(s) for s in sets.values()}) > 1:
            listed = "; ".join(f"{lang}: {sorted(s)}" for lang, s in sets.items())
            self.error(line, f"{what}: placeholders differ between languages ({listed})")
        names = set().union(*sets.values())
        for name in sorted(n for n in names if n.startswith(AUTH_PREFIX)):
            self.cited(name[len(AUTH_PREFIX) :], line, what)
        if placeholders is not None:
            undeclared = {n for n in names if not n.startswith(AUTH_PREFIX)} - set(placeholders)
            for name in sorted(undeclared):
                self.error(line, f"{what}: placeholder {{{name}}} is not declared in placeholders")
        return result

    def cited(self, authority_id: str, line: int | None, what: str) -> None:
        """`{auth_<id>}` must name a known authority that may still be cited."""
        authority = self.authorities.get(authority_id)
        if authority is None:
            self.error(line, f"{what}: {{{AUTH_PREFIX}{authority_id}}} names no authority")
        elif not authority.printable:
            instead = f"; cite {authority.superseded_by}" if authority.superseded_by else ""
            self.error(
                line, f"{what}: cites '{authority_id}', which is {authority.status}{instead}"
            )

    def no_inline_citation(self, text: Mapping[str, str] | None, line: int | None, what: str):
        """Citations go through `{auth_<id>}` so each carries its source, date and status."""
        for lang, value in (text or {}).items():
            found = INLINE_CITATION.search(re.sub(r"\{[a-z][a-z0-9_]*\}", "", value))
            if found:
                self.error(
                    line,
                    f"{what} ({lang}): the citation '{found.group(0).strip()}…' is written out; "
                    f"add it to authorities: and write {{{AUTH_PREFIX}<id>}}",
                )

    # Conditions ----------------------------------------------------------------------------

    def condition(self, node: Any, line: int | None, earlier: set[str], in_item: bool) -> bool:
        if not isinstance(node, Mapping):
            self.error(line, 'condition: expected a mapping such as {field: x, equals: "v"}')
            return False
        line = line_of(node) or line
        unknown = [k for k in node if k not in _KNOWN]
        for key in unknown:
            self.error(line_of(node, key) or line, f"unknown operator '{key}'")
        heads = [k for k in node if k in _HEADS]
        if unknown:
            return False
        if len(heads) != 1:
            what = "no operator" if not heads else f"several operators {heads}"
            self.error(line, f"condition has {what}: use exactly one of {list(_HEADS)}")
            return False
        head = heads[0]
        misplaced = [k for k in node if k != head and k not in _ALLOWED_WITH[head]]
        for key in misplaced:
            self.error(line_of(node, key) or line, f"'{key}' cannot go with '{head}'")
        if misplaced:
            return False
        return self._condition_head(node, head, line, earlier, in_item)

    def _condition_head(
        self, node: Mapping, head: str, line: int | None, earlier: set[str], in_item: bool
    ) -> bool:
        value = node[head]
        if head in ("all", "any"):
            if not isinstance(value, list) or not value:
                self.error(line, f"'{head}' takes a non-empty list of conditions")
                return False
            return all(
                [
                    self.condition(sub, line_of(value, i) or line, earlier, in_item)
                    for i, sub in enumerate(value)
                ]
            )
        if head == "not":
            return self.condition(value, line, earlier, in_item)
        if head == "rule":
            rule_id = self.ident(value, line, "rule")
            if rule_id is not None and rule_id not in earlier:
                self.error(line, f"rule '{rule_id}' is not a rule defined earlier in the file")
                return False
            return rule_id is not None
        if head in BETWEEN:
            return self.between_operands(value, line, head) and self._comparators(node, head, line)
        if self.ident(value, line, head) is None:
            return False
        if head in ITEM_OPERATORS:
            return self._item_operator(node, head, line, earlier, in_item)
        if head == "field":
            return self._field_test(node, line)
        return self._comparators(node, head, line)

    def between_operands(self, value: Any, line: int | None, head: str) -> bool:
        """`[from, to]`: each a date question's id or a literal "YYYY-MM-DD"."""
        if not isinstance(value, list) or len(value) != 2:
            self.error(line, f"'{head}' takes two dates: [from, to], ids or \"YYYY-MM-DD\"")
            return False
        ok = True
        for operand in value:
            text = self.string(operand, line, head)
            if text is None:
                ok = False
            elif not ID.match(text) and not ISO_DATE.match(text):
                self.error(line, f"'{head}': '{text}' is neither a question id nor YYYY-MM-DD")
                ok = False
            elif ISO_DATE.match(text) and parse_date(text) is None:
                self.error(line, f"'{head}': '{text}' is not a real date")
                ok = False
        return ok

    def _comparators(self, node: Mapping, head: str, line: int | None) -> bool:
        used = [k for k in COMPARATORS if k in node]
        if not used:
            self.error(line, f"'{head}' needs a comparison: one of {list(COMPARATORS)}")
            return False
        for key in used:
            if not _is_number(node[key]):
                self.error(line, f"'{key}' takes a number, found {node[key]!r}")
                return False
        return True

    def _field_test(self, node: Mapping, line: int | None) -> bool:
        tests = [k for k in FIELD_TESTS if k in node]
        has_comparison = any(k in node for k in COMPARATORS)
        if len(tests) + bool(has_comparison) != 1:
            self.error(line, "'field' takes exactly one test: equals, in, answered, or comparisons")
            return False
        if has_comparison:
            return self._comparators(node, "field", line)
        test = tests[0]
        if test == "answered":
            if not isinstance(node["answered"], bool):
                self.error(line, "'answered' takes true or false")
                return False
            return True
        values = node["in"] if test == "in" else [node["equals"]]
        if test == "in" and (not isinstance(values, list) or not values):
            self.error(line, "'in' takes a non-empty list of values")
            return False
        ok = True
        for value in values:
            if not _is_number(value) and self.string(value, line, test) is None:
                ok = False
        return ok

    def _item_operator(
        self, node: Mapping, head: str, line: int | None, earlier: set[str], in_item: bool
    ) -> bool:
        if in_item:
            self.error(line, f"'{head}' inside a group item: groups do not nest")
            return False
        if head == "all_items" and "where" not in node:
            self.error(line, "'all_items' needs 'where'")
            return False
        if head == "count_items" and not self._comparators(node, head, line):
            return False
        if "where" in node:
            return self.condition(node["where"], line_of(node, "where"), earlier, True)
        return True
