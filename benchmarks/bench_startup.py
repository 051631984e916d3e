"""Process start to the unlock window shown, against a bare PySide6 window in the same run."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = 5

BARE = """
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication([])
w = QWidget(); w.resize(1100, 720); w.show(); app.processEvents()
"""

# The same bare window, but with text on it: a heading, a label, a field and a button. Text is
# where Qt loads its font database, which a blank window never does.
BARE_WITH_TEXT = """
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget
app = QApplication([])
w = QWidget(); w.resize(1100, 720); column = QVBoxLayout(w)
title = QLabel("Unlock the vault"); font = QFont(); font.setBold(True); title.setFont(font)
for widget in (title, QLabel("Passphrase:"), QLineEdit(), QPushButton("Unlock")):
    column.addWidget(widget)
w.show(); app.processEvents()
"""

AMPARO = """
from PySide6.QtWidgets import QApplication
from intake_app.app import build_window
from intake_app.session import Session
app = QApplication([])
w = build_window(Session({vault!r}), app); w.show(); app.processEvents()
"""


def _time(code: str, env: dict) -> float:
    samples = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, env=env, capture_output=True)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def run() -> list[dict]:
    from intake_app.session import Session
    from intake_app.store import insecure_test_kdf

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    # A clinic's installation runs from compiled bytecode; a shell that sets
    # PYTHONDONTWRITEBYTECODE would otherwise time the compiler, not the app.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    import compileall

    compileall.compile_dir(str(Path(__file__).resolve().parents[1] / "intake_app"), quiet=1)
    with tempfile.TemporaryDirectory() as tmp:
        env["XDG_CONFIG_HOME"] = tmp
        vault = os.path.join(tmp, "start.vault")
        # An existing vault, so the first window is the unlock screen a clinic sees every day.
        session = Session(vault, kdf=insecure_test_kdf())
        session.create_vault("Bench", "admin", "benchmark river lantern cobalt meadow")
        session.lock()
        bare = _time(BARE, env)
        bare_text = _time(BARE_WITH_TEXT, env)
        amparo = _time(AMPARO.format(vault=vault), env)
    ratio = amparo / bare
    return [
        {
            "name": "start to unlock window vs bare window with the same text widgets",
            "measured": f"{amparo * 1000:.0f} ms",
            "baseline": f"{bare_text * 1000:.0f} ms",
            "ratio": amparo / bare_text,
            "goal": "(informative)",
            "met": None,
        },
        {
            "name": f"start to unlock window shown (median of {RUNS}) vs bare PySide6 window",
            "measured": f"{amparo * 1000:.0f} ms",
            "baseline": f"{bare * 1000:.0f} ms",
            "ratio": ratio,
            "goal": "<= 1.5x",
            "met": ratio <= 1.5,
        },
    ]
