"""The clinic network: one answer from one vault to another through real Syncthing daemons, and
5,000 change files imported against Syncthing's own time to copy them (loopback only)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NAMESPACE = ["unshare", "--net", "--pid", "--fork", "--kill-child", "--mount-proc"]


def _skipped(reason: str) -> list[dict]:
    return [{"name": "clinic network through Syncthing", "measured": f"not run: {reason}"}]


def run() -> list[dict]:
    from intake_app.network.syncthing import find_syncthing

    if find_syncthing() is None:
        return _skipped("syncthing is not installed")
    command = NAMESPACE if os.geteuid() == 0 else ["unshare", "--map-root-user", *NAMESPACE[1:]]
    if subprocess.run([*command, "true"], capture_output=True).returncode != 0:
        return _skipped("no loopback-only network namespace here")
    with tempfile.TemporaryDirectory() as tmp:
        done = subprocess.run(
            [*command, sys.executable, "-m", "benchmarks.clinic_run", tmp],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=1800,
            env=dict(os.environ, AMPARO_INSECURE_TEST_KDF="1"),
        )
    if done.returncode != 0:
        return _skipped(done.stderr.strip().splitlines()[-1] if done.stderr else "failed")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    ratio = result["imported"] / result["copied"]
    return [
        {
            "name": "one answer saved on one laptop, in a second vault (median of 5, Syncthing)",
            "measured": f"{result['one_answer_median'] * 1000:.0f} ms",
            "goal": "< 1 s",
            "met": result["one_answer_median"] < 1.0,
        },
        {
            "name": f"{result['files']:,} change files imported vs Syncthing copying them",
            "measured": f"{result['imported']:.1f} s",
            "baseline": f"{result['copied']:.1f} s",
            "ratio": ratio,
            "goal": "<= 1x",
            "met": ratio <= 1.0,
        },
    ]
