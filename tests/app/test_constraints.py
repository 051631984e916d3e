"""Reproducible installs: every dependency is pinned in constraints.txt, the Makefile installs
with it, and the environment the tests run in is the pinned one."""

from __future__ import annotations

import re
import tomllib
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _pins() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            name, _, pinned = line.partition("==")
            assert pinned, f"not an exact pin: {line}"
            pins[_canonical(name)] = pinned
    return pins


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_every_declared_dependency_is_pinned():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        declared += extra
    pins = _pins()
    for requirement in declared:
        name = re.split(r"[<>=~!\[; ]", requirement, maxsplit=1)[0]
        assert _canonical(name) in pins, f"{name} is not in constraints.txt"


def test_the_installed_versions_are_the_pinned_ones():
    mismatched = []
    for name, pinned in _pins().items():
        try:
            installed = version(name)
        except PackageNotFoundError:
            continue  # an extra not installed here (e.g. PyInstaller outside `make dist`)
        if installed != pinned:
            mismatched.append(f"{name} {installed} (pinned {pinned})")
    assert not mismatched, "run `make clean && make test`: " + ", ".join(mismatched)


def test_the_makefile_installs_with_the_constraints():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    installs = [line for line in makefile.splitlines() if "pip install" in line and "-e " in line]
    assert installs and all("$(PIN)" in line for line in installs)
    assert "PIN := -c constraints.txt" in makefile
