"""`intake self-test` and `intake gui --exit-after-show`, the two commands `make dist-test` runs
inside the bundle, here run from source as real subprocesses."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from intake_app import self_test
from intake_app.domain.errors import WrongPassphrase

REPO = Path(__file__).resolve().parents[2]
CHECKS = [
    "Bundled data is present",
    "SQLCipher is built in",
    "A new vault is created encrypted",
    "The vault opens with its passphrase",
    "A wrong passphrase is refused and changes no byte",
    "Every form loads in every language",
    "Forms, analysis rules and packet paragraphs are valid",
    "The interface is translated into Spanish",
    "The demo case's packet and take-home sheet build",
    "A Word draft builds and seals with a password",
    "Qt's libraries load",
    "Qt's own Spanish translations are bundled",
    "QtPdf reads the packet",
    "The application window builds",
]


def _intake(env: dict[str, str], *args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = dict(env, LANG="C.UTF-8", QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO))
    return subprocess.run(
        [sys.executable, "-m", "intake_app", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=180,
    )


@pytest.mark.slow
def test_self_test_passes_from_source_with_one_line_per_check(isolated_env):
    # The shipped Argon2id parameters, even if the environment asks for cheap ones.
    env = dict(isolated_env.env, AMPARO_INSECURE_TEST_KDF="1")
    result = _intake(env, "self-test", cwd=isolated_env.root)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Amparo ") and "source tree" in lines[0]
    for check in CHECKS:
        assert any(line.startswith(f"✓ {check}: ") and line.endswith(" ms)") for line in lines), (
            check
        )
    assert "Argon2id 64 MiB, 3 passes" in result.stdout
    assert not any(line.startswith("✗") for line in lines)
    assert lines[-1].startswith(f"All {len(CHECKS)} checks passed")
    # The throwaway vault lived in a temporary folder that is gone, and nothing else was left.
    assert not any(isolated_env.dir("TMPDIR").iterdir())
    assert not any(isolated_env.dir("XDG_DATA_HOME").iterdir())


def test_a_failed_check_is_named_with_its_reason_and_the_run_fails(monkeypatch):
    def fine(state):
        return "all good"

    def broken(state):
        raise self_test.CheckFailed("qtbase_es.qm not found in /nowhere")

    def crashed(state):
        raise OSError("disk on fire")

    def refused(state):
        raise WrongPassphrase("detail for the log")

    monkeypatch.setattr(
        self_test,
        "_checks",
        lambda: [("First", fine), ("Second", broken), ("Third", crashed), ("Fourth", refused)],
    )
    lines: list[str] = []
    assert self_test.run_self_test(out=lines.append) is False
    assert lines[1].startswith("✓ First: all good (")
    assert lines[2].startswith("✗ Second: qtbase_es.qm not found in /nowhere (")
    assert lines[3].startswith("✗ Third: OSError: disk on fire (")
    assert lines[4].startswith("✗ Fourth: ")
    assert lines[-1].startswith("3 of 4 checks failed")


def test_every_check_passing_returns_true(monkeypatch):
    monkeypatch.setattr(self_test, "_checks", lambda: [("Only", lambda state: "ok")])
    lines: list[str] = []
    assert self_test.run_self_test(out=lines.append) is True
    assert lines[-1].startswith("All 1 checks passed")


def test_gui_exit_after_show_opens_the_window_and_quits(isolated_env, vault_path):
    result = _intake(
        isolated_env.env,
        "--vault",
        str(vault_path),
        "gui",
        "--exit-after-show",
        cwd=isolated_env.root,
    )
    assert result.returncode == 0, result.stderr
    assert not vault_path.exists()  # showing the window creates nothing
