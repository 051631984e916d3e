"""The rules against the questionnaire: ids they read exist, with the types and choices assumed."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from intake_app.analysis.checks import ID
from intake_app.analysis.conditions import BETWEEN, COMPARATORS, ITEM_OPERATORS, SINCE
from intake_app.analysis.errors import RulesError
from intake_app.analysis.model import AUTH_PREFIX, Fact, Placeholder, Rules
from intake_app.analysis.templates import placeholders_in
from intake_app.domain.values import US_STATES
from intake_app.forms.model import Form, Question

# Which placeholder formats print which question types sensibly.
_FORMATS_FOR_TYPE = {
    "text": {"text"},
    "long_text": {"text"},
    "email": {"text"},
    "zip_code": {"text"},
    "time": {"text"},
    "date": {"date"},
    "a_number": {"a_number"},
    "money": {"money"},
    "number": {"number", "year"},
    "phone": {"phone"},
    "us_state": {"us_state"},
    "choice": {"choice"},
    "yes_no": {"choice"},
    "multi_choice": {"choices"},
}


def _possible_values(question: Question) -> set[str] | None:
    if question.type in ("choice", "multi_choice"):
        return set(question.choice_ids)
    if question.type == "yes_no":
        return {"yes", "no", "unknown"} if question.allow_unknown else {"yes", "no"}
    if question.type == "us_state":
        return set(US_STATES)
    return None


class FormCheck:
    def __init__(self, rules: Rules, form: Form) -> None:
        self.rules = rules
        self.form = form
        self.errors: list[RulesError] = []

    def error(self, line: int | None, message: str) -> None:
        self.errors.append(RulesError(self.rules.path, line, message))

    def question(self, qid: str, group: str | None, line: int | None) -> Question | None:
        """The question, if it exists and can be read from `group` (None: the case level)."""
        if not self.form.has_question(qid):
            self.error(line, f"'{qid}' is not a question of form '{self.form.id}'")
            return None
        owner = self.form.group_of(qid)
        if owner is not None and owner.id != group:
            self.error(
                line, f"'{qid}' is inside group '{owner.id}': read it with any_item or for_each"
            )
            return None
        return self.form.question(qid)

    def condition(self, cond: Mapping[str, Any], line: int | None, group: str | None) -> None:
        for key in ("all", "any"):
            for sub in cond.get(key, ()):
                self.condition(sub, line, group)
        if "not" in cond:
            self.condition(cond["not"], line, group)
        for key in ITEM_OPERATORS:
            if key in cond:
                question = self.question(cond[key], None, line)
                if question is not None and not question.is_group:
                    self.error(line, f"'{key}' names '{cond[key]}', which is not a group")
                elif question is not None and "where" in cond:
                    self.condition(cond["where"], line, question.id)
        for key in SINCE:
            if key in cond:
                question = self.question(cond[key], group, line)
                if question is not None and question.type != "date":
                    self.error(line, f"'{key}' needs a date question; '{question.id}' is not one")
        for key in BETWEEN:
            for operand in cond.get(key, ()):
                self.date_operand(str(operand), key, line, group)
        if "field" in cond:
            self.field_test(cond, line, group)

    def date_operand(self, operand: str, what: str, line: int | None, group: str | None) -> None:
        """A `*_between` operand that names a question must name a date question."""
        if not ID.match(operand):
            return  # a literal date, checked with the file
        question = self.question(operand, group, line)
        if question is not None and question.type != "date":
            self.error(line, f"'{what}' needs date questions; '{question.id}' is not one")

    def field_test(self, cond: Mapping[str, Any], line: int | None, group: str | None) -> None:
        question = self.question(cond["field"], group, line)
        if question is None:
            return
        if question.is_group and "answered" not in cond:
            self.error(line, f"group '{question.id}' can only be tested with 'answered'")
            return
        if any(op in cond for op in COMPARATORS) and question.type not in ("number", "money"):
            self.error(line, f"'{question.id}' is not a number; it cannot be compared")
        values = cond["in"] if "in" in cond else [cond["equals"]] if "equals" in cond else []
        possible = _possible_values(question)
        for value in values:
            if possible is not None and value not in possible:
                choices = ", ".join(sorted(possible)) if len(possible) < 20 else "see the form"
                self.error(
                    line, f"'{value}' is not a possible answer to '{question.id}' ({choices})"
                )

    def placeholder(self, spec: Placeholder) -> None:
        question = self.question(spec.field, self._group_of(spec.field), spec.line)
        if question is None:
            return
        if spec.since:
            if question.type != "date":
                self.error(spec.line, f"placeholder '{spec.name}': '{spec.field}' is not a date")
            for operand in spec.between or ():
                self.date_operand(operand, spec.since, spec.line, self._group_of(operand))
            return
        allowed = _FORMATS_FOR_TYPE.get(question.type, set())
        if spec.format not in allowed:
            wanted = " or ".join(sorted(allowed)) or "nothing (a group)"
            self.error(
                spec.line,
                f"placeholder '{spec.name}': '{spec.field}' is a {question.type}; "
                f"use format {wanted}",
            )
            return
        possible = _possible_values(question) or set()
        labels = set(spec.labels or {})
        for extra in sorted(labels - possible):
            self.error(spec.line, f"placeholder '{spec.name}': '{extra}' is not a choice")
        if spec.format == "choices":
            for missing in sorted(possible - labels):
                self.error(spec.line, f"placeholder '{spec.name}': no label for '{missing}'")

    def _group_of(self, qid: str) -> str | None:
        if not self.form.has_question(qid):
            return None
        owner = self.form.group_of(qid)
        return owner.id if owner is not None else None

    def fact(self, fact: Fact, line: int | None) -> None:
        group = None
        if fact.for_each is not None:
            question = self.question(fact.for_each, None, line)
            if question is None:
                return
            if not question.is_group:
                self.error(line, f"for_each names '{fact.for_each}', which is not a group")
                return
            group = question.id
        for cond in (fact.when, fact.where):
            if cond is not None:
                self.condition(cond, line, group)
        for name in _names(t[lang] for t in fact.texts for lang in t):
            spec = self.rules.placeholders[name]
            owner = self._group_of(spec.field)
            if owner is not None and owner != group:
                self.error(line, f"{{{name}}} reads group '{owner}': the fact needs for_each")

    def run(self) -> list[RulesError]:
        if self.rules.form_id != self.form.id:
            self.error(None, f"the rules read form '{self.rules.form_id}', not '{self.form.id}'")
            return self.errors
        for spec in self.rules.placeholders.values():
            self.placeholder(spec)
        for evidence in self.rules.evidence.values():
            if evidence.obtained_if is not None:
                self.condition(evidence.obtained_if, evidence.line, None)
        for rule in self.rules.rules:
            self.condition(rule.when, rule.line, None)
            for fact in rule.facts:
                self.fact(fact, rule.line)
        return sorted(set(self.errors), key=lambda e: (e.line or 0, e.message))


def _names(templates: Iterable[str]) -> set[str]:
    """The answer placeholders of some templates (authority citations read no answer)."""
    return {
        name
        for template in templates
        for name in placeholders_in(template)
        if not name.startswith(AUTH_PREFIX)
    }


def check_against_form(rules: Rules, form: Form) -> list[RulesError]:
    """Problems that make the rules misread this form's answers; empty when they agree."""
    return FormCheck(rules, form).run()
