"""Form engine speed: recomputing visibility, validation and progress after one answer."""

from __future__ import annotations

import statistics
import time
from pathlib import Path
from typing import Any

from intake_app.forms import evaluate, load_form, load_forms, progress, validate, visible_sections
from intake_app.forms.model import Form, Question
from intake_app.paths import forms_dir

GOAL_MS = 2.0
REPEATS = 300
ITEMS = {"children": 5, "incidents": 10}
FIXTURE = Path(__file__).resolve().parent.parent / "tests" / "forms" / "fixtures" / "interview.yaml"

_SAMPLES: dict[str, Any] = {
    "text": "Muñoz Peña",
    "long_text": "Cuida a su hija, que tiene asma; la lleva a sus citas cada mes.",
    "number": 7,
    "money": 1200.5,
    "date": "2001-06-15",
    "time": "07:45",
    "a_number": "012345678",
    "phone": "+13125550100",
    "email": "sponsor@example.org",
    "us_state": "IL",
    "zip_code": "60601",
}


def _form() -> Form:
    forms = load_forms(forms_dir()) if forms_dir().is_dir() else {}
    if forms:
        return max(forms.values(), key=lambda f: len(f.questions()))
    return load_form(FIXTURE)


def _sample(question: Question) -> Any:
    # "yes" and every choice open as many follow-up questions as possible: the worst case.
    if question.type == "yes_no":
        return "yes"
    if question.type == "choice":
        return question.choices[0].id
    if question.type == "multi_choice":
        return [c.id for c in question.choices]
    if question.type in ("number", "money") and isinstance(question.min, int | float):
        return question.min
    return _SAMPLES[question.type]


def full_answers(form: Form) -> dict[str, Any]:
    """An answer to every question; 5 children, 10 incidents and 2 items in any other group."""
    answers: dict[str, Any] = {}
    for section in form.sections:
        for question in section.questions:
            if question.questions:
                count = ITEMS.get(question.id, 2)
                answers[question.id] = [
                    {child.id: _sample(child) for child in question.questions} for _ in range(count)
                ]
            else:
                answers[question.id] = _sample(question)
    return answers


def _timings(fn: Any, answers: dict[str, Any], key: str) -> list[float]:
    samples = []
    for n in range(REPEATS):
        answers[key] = f"Nombre {n}"  # one new answer, as the UI would store it
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def _row(name: str, samples: list[float]) -> dict[str, Any]:
    ordered = sorted(samples)
    median = statistics.median(ordered)
    p95 = ordered[int(0.95 * (len(ordered) - 1))]
    return {
        "name": name,
        "median_ms": round(median, 3),
        "p95_ms": round(p95, 3),
        "measured": f"{median:.2f} ms (p95 {p95:.2f} ms)",
        "goal": f"median <= {GOAL_MS:g} ms",
        "met": median <= GOAL_MS,
    }


def run() -> list[dict[str, Any]]:
    form = _form()
    answers = full_answers(form)
    key = next(q.id for q in form.questions() if q.type == "text" and q.group is None)
    today = None

    def one_pass() -> None:
        evaluation = evaluate(form, answers)
        evaluation.validate(today)
        evaluation.progress()

    def three_calls() -> None:
        visible_sections(form, answers)
        validate(form, answers, today)
        progress(form, answers)

    one_pass()  # warm the caches a real session would have warm
    size = f"{len(form.questions())} questions, 5 children, 10 incidents"
    return [
        _row(f"form recompute after one answer ({size})", _timings(one_pass, answers, key)),
        _row(
            "form recompute as three calls (visible_sections, validate, progress)",
            _timings(three_calls, answers, key),
        ),
    ]


if __name__ == "__main__":
    for row in run():
        print(row)
