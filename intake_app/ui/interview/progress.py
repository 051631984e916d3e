"""How far along each section is, for the navigator's marks: complete, partly done, not started."""

from __future__ import annotations

from enum import Enum

from intake_app.forms import Evaluation, Form, Section
from intake_app.forms.conditions import is_answered


class SectionState(Enum):
    COMPLETE = "complete"  # something answered and no required answer missing
    PARTIAL = "partial"  # something answered, but a required answer is missing
    EMPTY = "empty"  # nothing answered yet


def _counts(section: Section, evaluation: Evaluation) -> tuple[int, int]:
    """(visible questions answered, visible required answers missing), group items included."""
    answered = missing = 0
    for question in section.questions:
        if question.id not in evaluation.visible:
            continue
        if is_answered(evaluation.answers.get(question.id)):
            answered += 1
        elif question.required:
            missing += 1
        for item, visible in evaluation.groups.get(question.id, ()):
            for child in question.questions:
                if child.required and child.id in visible and not is_answered(item.get(child.id)):
                    missing += 1
    return answered, missing


def section_states(form: Form, evaluation: Evaluation) -> dict[str, SectionState]:
    """The state of every visible section, by section id."""
    states: dict[str, SectionState] = {}
    for section in evaluation.sections:
        answered, missing = _counts(section, evaluation)
        if not answered:
            states[section.id] = SectionState.EMPTY
        elif missing:
            states[section.id] = SectionState.PARTIAL
        else:
            states[section.id] = SectionState.COMPLETE
    return states
