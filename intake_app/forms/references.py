"""Loader, second pass: compile show_if and {field} bounds; reject forward references, cycles."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator

from intake_app.forms.conditions import (
    ANY_ITEM,
    FORM,
    ITEM,
    Condition,
    Target,
    compile_condition,
)
from intake_app.forms.model import CHOICE_TYPES, FieldBound
from intake_app.forms.structure import Draft, Skeleton
from intake_app.forms.yamlsource import Report

_YES_NO = frozenset({"yes", "no"})
_YES_NO_UNKNOWN = frozenset({"yes", "no", "unknown"})


def all_drafts(skeleton: Skeleton) -> Iterator[Draft]:
    """Sections, questions and group questions in document order."""
    for section in skeleton.sections:
        yield section
        for question in section.children:
            yield question
            yield from question.children


class ReferenceChecker:
    """Compiles every condition and bound, then checks that each looks only backwards."""

    def __init__(self, skeleton: Skeleton, report: Report) -> None:
        self.skeleton = skeleton
        self.report = report
        # (from id, to id, line) for every field a condition names
        self.edges: list[tuple[str, str, int]] = []

    def check(self) -> dict[str, Condition]:
        compiled: dict[str, Condition] = {}
        for draft in all_drafts(self.skeleton):
            if draft.show_if is not None and draft.id:
                condition = compile_condition(
                    draft.show_if, draft.show_if_line, self._resolver(draft), self.report
                )
                if condition is not None:
                    compiled[draft.id] = condition
            for key, bound in draft.bounds.items():
                if bound.field is not None:
                    self._field_bound(draft, key, bound.field, bound.line)
        self._check_order()
        return compiled

    def _resolver(self, source: Draft) -> Callable[[str, int], Target | None]:
        def resolve(name: str, line: int) -> Target | None:
            target = self.skeleton.drafts.get(name)
            if target is None:
                self.report(line, f"show_if of '{source.id}' refers to unknown field '{name}'")
                return None
            if target.kind == "section":
                self.report(
                    line,
                    f"show_if of '{source.id}' refers to section '{name}'; "
                    "a condition names a question",
                )
                return None
            self.edges.append((source.id, name, line))
            if target.group is None:
                scope = FORM
            elif target.group == source.group:
                scope = ITEM
            else:
                scope = ANY_ITEM
            return Target(scope, target.group, target.type, _possible_values(target))

        return resolve

    def _field_bound(self, draft: Draft, key: str, name: str, line: int) -> None:
        target = self.skeleton.drafts.get(name)
        where = f"{key} of '{draft.id}'"
        if target is None:
            self.report(line, f"{where} refers to unknown field '{name}'")
        elif target.kind != "question" or target.type != "date":
            self.report(line, f"{where} refers to '{name}', which is not a date question")
        elif target is draft:
            self.report(line, f"{where} refers to itself")
        elif target.group is not None and target.group != draft.group:
            self.report(
                line, f"{where} refers to '{name}' in group '{target.group}', outside its own item"
            )
        else:
            draft.attrs[key] = FieldBound(name, same_item=target.group is not None)

    def _check_order(self) -> None:
        """A condition may only look at earlier questions; say "cycle" when it also loops back."""
        drafts = self.skeleton.drafts
        graph: dict[str, set[str]] = {}
        for draft in all_drafts(self.skeleton):
            # A question is only visible when its section (and group) is: that is a dependency too.
            container = draft.group or (draft.section if draft.kind == "question" else None)
            if container and draft.id:
                graph.setdefault(draft.id, set()).add(container)
        for source, target, _ in self.edges:
            graph.setdefault(source, set()).add(target)
        reported: set[frozenset[str]] = set()
        for source, target, line in self.edges:
            if source == target:
                self.report(line, f"show_if of '{source}' refers to itself")
                continue
            if drafts[target].pos < drafts[source].pos:
                continue
            path = _path(graph, target, source)
            if path is None:
                self.report(
                    line,
                    f"show_if of '{source}' refers to '{target}', which comes later in the form;"
                    " a condition may only look at earlier questions",
                )
                continue
            loop = [source, *path]
            if frozenset(loop) in reported:
                continue
            reported.add(frozenset(loop))
            self.report(line, f"condition cycle: {' → '.join(loop)}")


def _possible_values(draft: Draft) -> frozenset[str] | None:
    if draft.type in CHOICE_TYPES:
        return frozenset(c.id for c in draft.attrs.get("choices", ()))
    if draft.type == "yes_no":
        return _YES_NO_UNKNOWN if draft.attrs.get("allow_unknown") else _YES_NO
    return None


def _path(graph: dict[str, set[str]], start: str, goal: str) -> list[str] | None:
    """Shortest path start → … → goal (both included), or None."""
    previous: dict[str, str | None] = {start: None}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        if node == goal:
            path = [node]
            while (parent := previous[path[-1]]) is not None:
                path.append(parent)
            return path[::-1]
        for nxt in sorted(graph.get(node, ())):
            if nxt not in previous:
                previous[nxt] = node
                queue.append(nxt)
    return None
