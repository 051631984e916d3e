"""How far along each section is, for the navigator's marks: complete, partly done, not started."""

from __future__ import annotations

from collections.abc import Collection
from enum import Enum

from intake_app.forms import Evaluation, Form, Progress, Section
from intake_app.forms.conditions import is_answered
from intake_app.i18n import _, ngettext


class SectionState(Enum):
    COMPLETE = "complete"  # every question it shows is answered, and none was refused
    PARTIAL = "partial"  # something answered (or typed and refused), but not everything
    EMPTY = "empty"  # nothing answered yet


def _counts(section: Section, evaluation: Evaluation, drafted: Collection[str]) -> tuple[int, int]:
    """(visible questions answered or typed, visible questions still open), group items
    included; a question whose typed value was refused counts as open."""
    answered = open_ = 0
    for question in section.questions:
        if question.id not in evaluation.visible:
            continue
        items = evaluation.groups.get(question.id, ())
        if not question.questions:
            given = is_answered(evaluation.answers.get(question.id))
            answered += given or question.id in drafted
            open_ += (not given) or question.id in drafted
            continue
        if not items and question.required:
            open_ += 1
        for item, visible in items:
            for child in question.questions:
                if child.id not in visible:
                    continue
                given = is_answered(item.get(child.id))
                answered += given
                open_ += not given
        answered += any(child.id in drafted for child in question.questions)
        open_ += any(child.id in drafted for child in question.questions)
    return answered, open_


def section_states(
    form: Form, evaluation: Evaluation, drafted: Collection[str] = ()
) -> dict[str, SectionState]:
    """The state of every visible section, by section id. `drafted`: ids of questions whose
    typed value was refused and kept (it keeps its section from being complete)."""
    states: dict[str, SectionState] = {}
    for section in evaluation.sections:
        answered, open_ = _counts(section, evaluation, drafted)
        if not answered:
            states[section.id] = SectionState.EMPTY
        elif open_:
            states[section.id] = SectionState.PARTIAL
        else:
            states[section.id] = SectionState.COMPLETE
    return states


def progress_words(progress: Progress, refused: int = 0) -> str:
    """How far the interview is, honestly: every question shown, not only the required ones."""
    words = _("{done} of {shown} questions answered · {answered} of {required} required").format(
        done=progress.questions_answered,
        shown=progress.questions,
        answered=progress.answered,
        required=progress.required,
    )
    if refused:
        words += " · " + ngettext(
            "{count} answer to correct", "{count} answers to correct", refused
        ).format(count=refused)
    return words
