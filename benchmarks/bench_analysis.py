"""Analysis speed: `analyze` on a persona and on a stress case, and reading the rules file."""

from __future__ import annotations

import copy
import datetime as dt
import json
import statistics
import time
from pathlib import Path
from typing import Any

from intake_app.analysis import analyze, load_rules
from intake_app.analysis.model import Rules

# The UI may re-run the analysis after every answer, so it must stay well under a frame.
GOAL_MS = 2.0
# At the form's maximum group sizes a re-analysis may take a little longer; still unnoticeable.
STRESS_GOAL_MS = 5.0
RULES_GOAL_MS = 500.0
REPEATS = 300
TODAY = dt.date(2026, 3, 4)
PERSONA = (
    Path(__file__).resolve().parent.parent
    / "tests"
    / "personas"
    / "chicago_father_daughter_leukemia.json"
)


def _row(name: str, samples: list[float], goal_ms: float) -> dict[str, Any]:
    ordered = sorted(samples)
    median = statistics.median(ordered)
    p95 = ordered[int(0.95 * (len(ordered) - 1))]
    return {
        "name": name,
        "median_ms": round(median, 3),
        "p95_ms": round(p95, 3),
        "measured": f"{median:.2f} ms (p95 {p95:.2f} ms)",
        "goal": f"median <= {goal_ms:g} ms",
        "met": median <= goal_ms,
    }


def _timings(answers: dict[str, Any], rules: Rules) -> list[float]:
    samples = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        analyze(answers, today=TODAY, rules=rules)
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def _stress(answers: dict[str, Any]) -> dict[str, Any]:
    """The persona with the form's maximum of 20 children and 30 mixed incidents."""
    big = copy.deepcopy(answers)
    big["children"] = [copy.deepcopy(answers["children"][i % 2]) for i in range(20)]
    kinds = ["speeding", "no_license", "dui", "theft", "accident_injury", "other_traffic"]
    big["has_criminal_record"] = "yes"
    big["incidents"] = [
        {
            "incident_date": "2015-06-01",
            "incident_court": "Cook County Circuit Court",
            "incident_case_number": f"15-TR-{n:05d}",
            "incident_charge": "Charge",
            "incident_type": kinds[n % len(kinds)],
            "incident_disposition": "convicted",
            "incident_certified_disposition": "no",
        }
        for n in range(30)
    ]
    return big


def run() -> list[dict[str, Any]]:
    load_samples = []
    for _ in range(5):
        start = time.perf_counter()
        rules = load_rules()
        load_samples.append((time.perf_counter() - start) * 1000)
    answers = json.loads(PERSONA.read_text(encoding="utf-8"))["answers"]
    analyze(answers, today=TODAY, rules=rules)
    return [
        _row("analysis rules file read and checked", load_samples, RULES_GOAL_MS),
        _row("analyze one persona (9 factors, 3 bases)", _timings(answers, rules), GOAL_MS),
        _row(
            "analyze stress case (20 children, 30 incidents)",
            _timings(_stress(answers), rules),
            STRESS_GOAL_MS,
        ),
    ]


if __name__ == "__main__":
    for row in run():
        print(row)
