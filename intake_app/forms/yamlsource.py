"""Reading a form file with ruamel.yaml: syntax errors, duplicate keys, unquoted booleans, lines."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import DuplicateKeyError
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, SequenceNode
from ruamel.yaml.scalarbool import ScalarBoolean

# Keys whose value is meant to be a boolean: there `true`/`false` are right, not a mistake.
BOOL_KEYS = frozenset({"required", "allow_unknown", "proper_name", "answered"})

# YAML 1.1 reads these as booleans; ruamel reads them as text (YAML 1.2), so the same file would
# mean different things to different tools. Reject them unquoted.
_BOOL_WORDS = re.compile(r"(?i:yes|no|on|off|true|false)\Z")

Report = Callable[[int, str], None]


class YamlProblem(Exception):
    """The file cannot be read as YAML at all; `problems` are (line, message) pairs."""

    def __init__(self, problems: list[tuple[int, str]]) -> None:
        super().__init__(problems)
        self.problems = problems


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    # Quoted scalars then keep their own types, which is how an unquoted `No` is told apart.
    yaml.preserve_quotes = True
    return yaml


def parse(text: str) -> Any:
    """Parse YAML text; raise YamlProblem (1-based lines) for syntax errors and duplicate keys."""
    try:
        return _yaml().load(text)
    except DuplicateKeyError:
        raise YamlProblem(_duplicate_keys(text)) from None
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 0
        problem = exc.problem or exc.context or "not valid YAML"
        raise YamlProblem([(line, f"not valid YAML: {problem}")]) from None
    except YAMLError as exc:
        raise YamlProblem([(0, f"not valid YAML: {exc}")]) from None


def _duplicate_keys(text: str) -> list[tuple[int, str]]:
    """Every duplicate key in the file (the constructor stops at the first one)."""
    found: list[tuple[int, str]] = []
    root = _yaml().compose(text)
    stack: list[Node] = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if isinstance(node, MappingNode):
            seen: dict[Any, int] = {}
            for key, value in node.value:
                stack.append(value)
                if not hasattr(key, "value") or isinstance(key.value, list):
                    continue
                line = key.start_mark.line + 1
                if key.value in seen:
                    found.append(
                        (line, f"duplicate key {key.value!r} (first at line {seen[key.value]})")
                    )
                else:
                    seen[key.value] = line
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)
    return sorted(found)


def line_of(node: Any, default: int = 0) -> int:
    """1-based line where a mapping or sequence starts; `default` for plain scalars."""
    lc = getattr(node, "lc", None)
    if lc is None or lc.line is None:
        return default
    return lc.line + 1


def key_line(mapping: Any, key: Any, default: int = 0) -> int:
    if isinstance(mapping, CommentedMap):
        try:
            return mapping.lc.key(key)[0] + 1
        except (KeyError, TypeError):
            pass
    return line_of(mapping, default)


def value_line(mapping: Any, key: Any, default: int = 0) -> int:
    """Line of a scalar value; for a nested block mapping, ruamel gives its first key's line."""
    if isinstance(mapping, CommentedMap):
        try:
            return mapping.lc.value(key)[0] + 1
        except (KeyError, TypeError):
            pass
    return line_of(mapping, default)


def item_line(seq: Any, index: int, default: int = 0) -> int:
    if isinstance(seq, CommentedSeq):
        try:
            return seq.lc.item(index)[0] + 1
        except (KeyError, TypeError, IndexError):
            pass
    return line_of(seq, default)


def is_bool(value: Any) -> bool:
    return isinstance(value, bool | ScalarBoolean)


def _bool_word(value: Any) -> bool:
    """An unquoted yes/no/on/off/true/false read as text (YAML 1.2)."""
    return type(value) is str and _BOOL_WORDS.match(value) is not None


def _scalars(node: Any) -> Iterator[tuple[Any, Any, int, bool]]:
    """(key or None, scalar, line, is_key) for every scalar in the tree, keys included."""
    if isinstance(node, CommentedMap):
        for key, value in node.items():
            yield None, key, key_line(node, key), True
            if isinstance(value, CommentedMap | CommentedSeq):
                yield from _scalars(value)
            else:
                yield key, value, value_line(node, key), False
    elif isinstance(node, CommentedSeq):
        for index, value in enumerate(node):
            if isinstance(value, CommentedMap | CommentedSeq):
                yield from _scalars(value)
            else:
                yield None, value, item_line(node, index), False


def check_unquoted_booleans(root: Any, report: Report) -> None:
    """Report every unquoted boolean, except true/false (or anything) under a boolean key."""
    for key, value, line, is_key in _scalars(root):
        if not is_key and key in BOOL_KEYS:
            continue
        if is_bool(value):
            word = "true" if value else "false"
            report(line, f"unquoted boolean {word}; put text and ids in quotes")
        elif _bool_word(value):
            report(
                line, f'unquoted {value}, which YAML 1.1 reads as a boolean; quote it: "{value}"'
            )
