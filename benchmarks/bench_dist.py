"""The built bundle (`make dist`): its size and its start-up, each against a floor.

- Size: dist/Amparo against a bare PySide6 window frozen with the same rules
  (packaging/floor.spec, built here into a temp folder: about 10 s).
- Start-up, process start to the unlock window shown (`gui --exit-after-show`): the frozen app
  against the same app run from source, and against the frozen bare window.
Without dist/ the rows say "not built" and count as neither met nor missed.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUNDLE = ROOT / "dist" / "Amparo"
EXE_SUFFIX = ".exe" if sys.platform == "win32" else ""
RUNS = 5
SIZE_GOAL = 2.0  # Amparo's own code, crypto, PDF and data weigh no more than Qt and Python
START_GOAL_SOURCE = 1.2  # freezing must not make start-up slower
NOT_BUILT = "not built: run `make dist`"
SIZE_ROW = "app bundle size (dist/Amparo) vs bare PySide6 window bundle"
START_ROW = f"frozen start to unlock window shown (median of {RUNS}) vs the same app from source"
START_BARE_ROW = (
    f"frozen start to unlock window shown (median of {RUNS}) vs frozen bare PySide6 window"
)


def app_executable(bundle: Path = BUNDLE) -> Path:
    return bundle / f"Amparo{EXE_SUFFIX}"


def tree_size(folder: Path) -> int:
    """Bytes of every file under `folder`; links count as links, not as what they point to."""
    total = 0
    for parent, _dirs, files in os.walk(folder):
        for name in files:
            total += os.lstat(os.path.join(parent, name)).st_size
    return total


def _mib(size: int) -> str:
    return f"{size / 2**20:.0f} MiB"


def _build_floor(work: Path) -> Path | None:
    """The bare window bundle; None without PyInstaller (`make dist` installs it)."""
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        return None
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--log-level",
            "ERROR",
            "--distpath",
            str(work / "dist"),
            "--workpath",
            str(work / "build"),
            str(ROOT / "packaging" / "floor.spec"),
        ],
        check=True,
        capture_output=True,
    )
    return work / "dist" / "bare_window"


def _median_start(commands: dict[str, list[str]], env: dict[str, str]) -> dict[str, float]:
    """Median wall time of each command; runs interleaved so drift hits all of them alike."""
    samples: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(RUNS):
        for name, command in commands.items():
            started = time.perf_counter()
            subprocess.run(command, check=True, env=env, capture_output=True, cwd=env["HOME"])
            samples[name].append(time.perf_counter() - started)
    return {name: statistics.median(values) for name, values in samples.items()}


def _not_built() -> list[dict]:
    names = (SIZE_ROW, START_ROW, START_BARE_ROW)
    return [{"name": name, "measured": NOT_BUILT, "met": None} for name in names]


def run() -> list[dict]:
    if not app_executable().is_file():
        return _not_built()
    from intake_app.session import Session
    from intake_app.store import insecure_test_kdf

    size = tree_size(BUNDLE)
    with tempfile.TemporaryDirectory(prefix="amparo-bench-dist-") as tmp:
        work = Path(tmp)
        floor = _build_floor(work / "floor")
        home = work / "home"
        home.mkdir()
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=str(home))
        for variable in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME"):
            env[variable] = str(home)
        env.pop("INTAKE_VAULT", None)
        # An existing vault, so the first window is the unlock screen a clinic sees every day.
        vault = str(work / "start.vault")
        session = Session(vault, kdf=insecure_test_kdf())
        session.create_vault("Bench", "admin", "benchmark river lantern cobalt meadow")
        session.lock()
        args = ["--vault", vault, "gui", "--exit-after-show"]
        commands = {
            "frozen": [str(app_executable()), *args],
            "source": [sys.executable, "-m", "intake_app", *args],
        }
        if floor is not None:
            commands["bare"] = [str(floor / f"bare_window{EXE_SUFFIX}"), "--exit-after-show"]
        env["PYTHONPATH"] = str(ROOT)  # the source run, from the temp folder
        times = _median_start(commands, env)
        floor_size = tree_size(floor) if floor is not None else None
    return [
        _ratio_row(SIZE_ROW, size, floor_size, SIZE_GOAL, _mib),
        _ratio_row(START_ROW, times["frozen"], times["source"], START_GOAL_SOURCE, _ms),
        # Informative: the start-up goal (<= 1.5x a bare window) is bench_startup's, from source.
        _ratio_row(START_BARE_ROW, times["frozen"], times.get("bare"), None, _ms),
    ]


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


def _ratio_row(name: str, measured, baseline, goal: float | None, unit) -> dict:
    row = {
        "name": name,
        "measured": unit(measured),
        "goal": f"<= {goal:g}x" if goal else "(informative)",
        "met": None,
    }
    if baseline is None:
        row["baseline"] = "no PyInstaller: run `make dist`"
        return row
    row.update(baseline=unit(baseline), ratio=measured / baseline)
    if goal:
        row["met"] = row["ratio"] <= goal
    return row
