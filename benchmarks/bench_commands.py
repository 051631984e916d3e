"""CLI commands and the window's first case, against `python -c "import intake_app"` in one run.

Each command runs as a fresh process, as a volunteer's shell runs it, with the definitions cache
cold (an empty folder: the YAML parsed) and warm (the compiled definitions reused).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = 5
GOAL_RATIO = 2.0
PASSPHRASE = "benchmark river lantern cobalt meadow"

# The window's first case after a cold start: process start, window shown, unlocked, the first
# case's interview on screen; it reports its own time from the moment the parent started it.
FIRST_CASE = """
import os, sys, time
from PySide6.QtWidgets import QApplication
from intake_app.app import build_window
from intake_app.session import Session
app = QApplication([])
session = Session({vault!r})
window = build_window(session, app); window.show(); app.processEvents()
session.unlock({passphrase!r}); window.show_cases(); app.processEvents()
window.open_case({case_id!r}); app.processEvents()
assert window.interview_page.form is not None
sys.stdout.write(repr(time.time() - float(os.environ["AMPARO_BENCH_T0"])))
sys.stdout.flush()
os._exit(0)
"""

BARE = """
import os, sys, time
from PySide6.QtWidgets import QApplication, QWidget
app = QApplication([])
w = QWidget(); w.resize(1100, 720); w.show(); app.processEvents()
sys.stdout.write(repr(time.time() - float(os.environ["AMPARO_BENCH_T0"])))
sys.stdout.flush()
os._exit(0)
"""


def _seconds(argv: list[str], env: dict, stdin: str = "") -> float:
    started = time.perf_counter()
    subprocess.run(argv, input=stdin, env=env, check=True, capture_output=True, text=True)
    return time.perf_counter() - started


def _self_timed(code: str, env: dict) -> float:
    env = dict(env, AMPARO_BENCH_T0=repr(time.time()))
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True
    )
    return float(done.stdout.strip().splitlines()[-1])


def _demo_vault(folder: Path, env: dict) -> tuple[Path, str, str]:
    """The demo's vault and case: a real case with every section answered."""
    from intake_app.demo import DEMO_PASSPHRASE

    out = folder / "demo"
    done = subprocess.run(
        [sys.executable, "-m", "intake_app", "demo", "--out", str(out)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    case_id = next(
        line.split(":", 1)[1].strip()
        for line in done.stdout.splitlines()
        if line.startswith("Fictional case:")
    )
    return out / "demo.vault", case_id, DEMO_PASSPHRASE


def run() -> list[dict]:
    import compileall

    compileall.compile_dir(str(Path(__file__).resolve().parents[1] / "intake_app"), quiet=1)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        env = dict(os.environ, AMPARO_INSECURE_TEST_KDF="1", QT_QPA_PLATFORM="offscreen")
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["XDG_CONFIG_HOME"] = str(folder / "config")
        env["AMPARO_CACHE_DIR"] = str(folder / "warming")
        vault, case_id, passphrase = _demo_vault(folder, env)
        intake = [sys.executable, "-m", "intake_app", "--vault", str(vault)]
        secret = passphrase + "\n"
        commands = {
            "intake cases": (["cases", "--passphrase-stdin"], secret),
            "intake analyze": (["analyze", case_id, "--passphrase-stdin"], secret),
            "intake packet": (
                ["packet", case_id, "--out", str(folder / "p.pdf"), "--passphrase-stdin"],
                secret,
            ),
            "intake forms check": (["forms", "check"], ""),
        }
        baseline_argv = [sys.executable, "-c", "import intake_app"]
        warm_env = dict(env, AMPARO_CACHE_DIR=str(folder / "warm"))
        for argv, stdin in commands.values():  # fill the warm cache and the disk cache
            _seconds(intake + argv, warm_env, stdin)
        samples: dict[str, list[float]] = {"baseline": [], "first case warm": []}
        samples.update({f"{name} {state}": [] for name in commands for state in ("cold", "warm")})
        samples["bare window"] = []
        samples["first case cold"] = []
        first_case = FIRST_CASE.format(vault=str(vault), passphrase=passphrase, case_id=case_id)
        # Rounds interleave every program so a busy moment on a shared machine lands on all.
        for run_index in range(RUNS):
            samples["baseline"].append(_seconds(baseline_argv, env))
            for name, (argv, stdin) in commands.items():
                cold_env = dict(env, AMPARO_CACHE_DIR=str(folder / f"cold-{run_index}-{name}"))
                samples[f"{name} cold"].append(_seconds(intake + argv, cold_env, stdin))
                samples[f"{name} warm"].append(_seconds(intake + argv, warm_env, stdin))
            samples["bare window"].append(_self_timed(BARE, env))
            cold_env = dict(env, AMPARO_CACHE_DIR=str(folder / f"cold-{run_index}-window"))
            samples["first case cold"].append(_self_timed(first_case, cold_env))
            samples["first case warm"].append(_self_timed(first_case, warm_env))
    median = {name: statistics.median(values) for name, values in samples.items()}
    base = median["baseline"]
    rows = []
    for name in commands:
        warm, cold = median[f"{name} warm"], median[f"{name} cold"]
        rows.append(
            {
                "name": f"{name}, warm cache (cold: {cold * 1000:.0f} ms) vs import intake_app",
                "measured": f"{warm * 1000:.0f} ms",
                "baseline": f"{base * 1000:.0f} ms",
                "ratio": warm / base,
                "goal": f"<= {GOAL_RATIO:g}x",
                "met": warm / base <= GOAL_RATIO,
            }
        )
    warm, cold = median["first case warm"], median["first case cold"]
    rows.append(
        {
            "name": (
                f"start to first case open in the window, warm cache (cold: {cold * 1000:.0f} ms)"
                " vs bare PySide6 window"
            ),
            "measured": f"{warm * 1000:.0f} ms",
            "baseline": f"{median['bare window'] * 1000:.0f} ms",
            "ratio": warm / median["bare window"],
            "goal": "(informative)",
            "met": None,
        }
    )
    return rows
