"""Real Syncthing daemons (two, then three) carry cases between vaults, on loopback only."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from intake_app.network.syncthing import find_syncthing

ROOT = Path(__file__).resolve().parents[2]
NAMESPACE = ["unshare", "--net", "--pid", "--fork", "--kill-child", "--mount-proc"]


def _namespace() -> list[str]:
    command = NAMESPACE if os.geteuid() == 0 else ["unshare", "--map-root-user", *NAMESPACE[1:]]
    probe = subprocess.run([*command, "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("cannot create a loopback-only network namespace here (unshare refused)")
    return command


@pytest.mark.slow
@pytest.mark.parametrize("daemons", [2, 3])
def test_cases_travel_between_vaults_through_real_syncthing_daemons(tmp_path, daemons):
    if find_syncthing() is None:
        pytest.skip("syncthing is not installed (Debian package `syncthing`; .ci/run installs it)")
    command = [*_namespace(), sys.executable, "-m", "tests.clinic.syncthing_scenario"]
    done = subprocess.run(
        [*command, str(tmp_path), str(daemons)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        env=dict(os.environ, AMPARO_INSECURE_TEST_KDF="1"),
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["vaults_equal"] and result["conflict_copies"] == []
    ((question, loser),) = result["conflict"]
    assert question == "a_number" and {loser, result["converged_value"]} == {
        "208456123",
        "208456124",
    }
    print(
        f"syncthing ({daemons} daemons, loopback only): connected in "
        f"{result['connected_seconds']} s, one answer reached a second vault in "
        f"{result['one_answer_seconds']} s, concurrent edits converged on every vault with the "
        f"conflict listed"
    )
