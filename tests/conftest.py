"""Shared fixtures: cheap KDF on request, a temp vault path, an isolated environment."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

# Compiled definitions go to a folder of this run's own, never the user's cache (and subprocesses
# inherit it); tests/app/test_compiled_cache.py checks the cache itself.
_DEFINITIONS_CACHE = tempfile.mkdtemp(prefix="amparo-test-definitions-")
os.environ.setdefault("AMPARO_CACHE_DIR", _DEFINITIONS_CACHE)

ISOLATED_DIRS = {
    "HOME": "home",
    "XDG_DATA_HOME": "xdg-data",
    "XDG_CONFIG_HOME": "xdg-config",
    "XDG_CACHE_HOME": "xdg-cache",
    "XDG_STATE_HOME": "xdg-state",
    "TMPDIR": "tmp",
    "SQLITE_TMPDIR": "sqlite-tmp",
}


@dataclass(frozen=True)
class IsolatedEnv:
    """A folder standing in for everything a run could write to, and the environment naming it."""

    root: Path
    env: dict[str, str]  # the whole environment, for subprocesses

    def dir(self, variable: str) -> Path:
        return Path(self.env[variable])


@pytest.fixture
def cheap_kdf_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cheap Argon2 parameters for vaults created through the Session or the CLI."""
    monkeypatch.setenv("AMPARO_INSECURE_TEST_KDF", "1")


@pytest.fixture
def vault_path(tmp_path: Path) -> Path:
    """Where a test's vault goes; the folder does not exist yet."""
    return tmp_path / "vault-folder" / "amparo.vault"


@pytest.fixture
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> IsolatedEnv:
    """HOME, the XDG dirs, TMPDIR and SQLITE_TMPDIR all point inside one temp folder."""
    root = tmp_path / "isolated"
    for variable, name in ISOLATED_DIRS.items():
        folder = root / name
        folder.mkdir(parents=True)
        monkeypatch.setenv(variable, str(folder))
    monkeypatch.delenv("INTAKE_VAULT", raising=False)
    # tempfile caches its directory; forget it so in-process code sees the new TMPDIR.
    monkeypatch.setattr(tempfile, "tempdir", None)
    return IsolatedEnv(root=root, env=dict(os.environ))


# --- what the stress tests tried ---------------------------------------------------------------
# The kill -9, fuzz, canary and other security tests print their counts; pytest hides a passing
# test's output, so the counts are gathered here and printed at the end of every run.
_TRIED: list[tuple[str, str]] = []
_REPORTING = (
    "tests/security/",
    "tests/evidence/",
    "tests/clinic/",
    # Outputs on a full disk, the longest texts, English-only letters, printing, the Spanish
    # window and window sizes: their counts belong in the same summary.
    "tests/app/test_safe_outputs.py",
    "tests/packet/test_packet_bounded_text.py",
    "tests/packet/test_packet_english_only.py",
    "tests/ui/test_print_job.py",
    "tests/ui/test_spanish_everywhere.py",
    "tests/ui/test_window_sizes.py",
)


def pytest_runtest_logreport(report):
    if report.when == "call" and report.passed and report.nodeid.startswith(_REPORTING):
        text = report.capstdout.strip()
        if text:
            _TRIED.append((report.nodeid.split("::")[-1], text))


def pytest_terminal_summary(terminalreporter):
    if not _TRIED:
        return
    terminalreporter.section("what the security, fuzz and interview tests tried")
    for name, text in _TRIED:
        terminalreporter.write_line(f"{name}:")
        for line in text.splitlines():
            terminalreporter.write_line(f"    {line}")


def write_every_point(session, case_id: str, today=None) -> list[str]:
    """Counsel writes each paragraph the draft leaves open, as an attorney would before signing
    off; returns the paragraph keys written."""
    keys = session.packets.paragraphs_with_points(case_id, today=today)
    for key in keys:
        session.packets.set_paragraph_override(case_id, key, f"Counsel's own paragraph for {key}.")
    return keys
