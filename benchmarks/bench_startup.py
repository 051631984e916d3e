"""Process start to the unlock window shown, against a bare PySide6 window in the same run."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = 9

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


# Each program reports the moment its window is on screen, measured from just before the
# parent started it, then leaves without the interpreter's teardown: the goal is "process start
# to window shown", and tearing down a bigger program is not part of it.
_REPORT = """
import os, sys, time
sys.stdout.write(repr(time.time() - float(os.environ["AMPARO_BENCH_T0"])))
sys.stdout.flush()
os._exit(0)
"""


def _once(code: str, env: dict) -> float:
    env = dict(env, AMPARO_BENCH_T0=repr(time.time()))
    done = subprocess.run(
        [sys.executable, "-c", code + _REPORT], check=True, env=env, capture_output=True, text=True
    )
    return float(done.stdout.strip().splitlines()[-1])


def _medians(codes: list[str], env: dict) -> list[float]:
    """Runs the programs in turn, RUNS rounds, so a busy moment on a shared machine lands on
    all of them alike rather than on whichever happened to be running; medians per program."""
    samples: list[list[float]] = [[] for _ in codes]
    for _ in range(RUNS):
        for index, code in enumerate(codes):
            samples[index].append(_once(code, env))
    return [statistics.median(s) for s in samples]


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
        for code in (BARE, BARE_WITH_TEXT, AMPARO.format(vault=vault)):
            _once(code, env)  # warm the disk cache before anything is timed
        bare, bare_text, amparo = _medians([BARE, BARE_WITH_TEXT, AMPARO.format(vault=vault)], env)
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
