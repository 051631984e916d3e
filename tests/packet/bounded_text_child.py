"""Builds every output of a persona whose every text answer is N characters without a space."""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from intake_app.forms import english_key
from intake_app.session import Session
from intake_app.store import insecure_test_kdf

PERSONA = Path(__file__).resolve().parents[1] / "personas" / "chicago_father_daughter_leukemia.json"


def main(length: int) -> None:
    folder = Path(tempfile.mkdtemp())
    session = Session(folder / "v.vault", kdf=insecure_test_kdf(), sleep=lambda _s: None)
    session.create_vault("Ana", "admin", "lantern river cobalt meadow ninety")
    case_id = session.cases.import_file(PERSONA)
    answers = session.cases.answers(case_id)
    filled = 0
    for question in session.form().questions():
        if question.type in ("text", "long_text") and isinstance(answers.get(question.id), str):
            session.cases.save_answer(case_id, question.id, "Ñ" * length)
            if question.needs_english:
                # What the English documents print: the rendering beside the answer.
                session.cases.save_answer(case_id, english_key(question.id), "W" * length)
            filled += 1
    started = time.perf_counter()
    sizes = [
        len(session.packets.build(case_id)),
        len(session.packets.build_take_home(case_id)),
        len(session.packets.build_docx(case_id, "packet")),
        len(session.packets.build_counsel_review(case_id)),
    ]
    print(filled, min(sizes), round(time.perf_counter() - started, 2))
    session.lock()


if __name__ == "__main__":
    main(int(sys.argv[1]))
