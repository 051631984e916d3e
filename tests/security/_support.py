"""Shared helpers of the security tests: canaries and scanners, snapshots, subprocess runners."""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import stat
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from intake_app.store import Vault, insecure_test_kdf

HERE = Path(__file__).resolve().parent

# Long, unrelated words: accepted by the passphrase policy the Session and CLI apply.
PASSPHRASE = "quiet lantern orchard forty river"
OTHER_PASSPHRASE = "copper meadow sailing violin nine"
WRONG_PASSPHRASES = (
    "quiet lantern orchard forty rivet",
    "Quiet lantern orchard forty river",
    "quiet lantern orchard forty river ",
    "",
    "ñandú " * 40,
)
ENCODINGS = ("utf-8", "utf-16-le", "utf-16-be")
SUBPROCESS_TIMEOUT = 60


def stress(name: str, default: int) -> int:
    """A size for a long test: small by default, raised by an environment variable."""
    return max(1, int(os.environ.get(name, default)))


def stress_seed() -> int:
    return int(os.environ.get("AMPARO_STRESS_SEED", "20260611"))


# --- canaries and scanning -------------------------------------------------------------------


@dataclass(frozen=True)
class Canaries:
    """Unique strings planted as answers; none may ever be found outside the encrypted vault."""

    family_names: str
    given_names: str
    a_number: str
    long_text: str
    display_name: str

    @classmethod
    def new(cls) -> Canaries:
        token = secrets.token_hex(6).upper()
        digits = "".join(secrets.choice("0123456789") for _ in range(8))
        story = (
            f"Nuestra hija tiene diagnóstico de epilepsia DIAGQ{token}X y necesita su "
            "medicamento todos los días; desde la detención de su papá no duerme. "
        )
        return cls(
            family_names=f"Ñúñez FAMQ{token}X",
            given_names=f"José GIVQ{token}X",
            a_number="2" + digits,
            long_text=(story * 30).strip(),
            display_name=f"Volunteer STAFFQ{token}X",
        )

    def needles(self) -> list[str]:
        """The full strings plus their distinctive ASCII cores (which survive JSON escaping)."""
        found: list[str] = []
        for value in (
            self.family_names,
            self.given_names,
            self.a_number,
            self.long_text[:120],
            self.display_name,
        ):
            found.append(value)
            found.extend(re.findall(r"[A-Z]{4}Q[0-9A-F]{12}X", value))
        return sorted(set(found))


def case_answers(canaries: Canaries) -> dict:
    """Answers in their stored form for forms/humanitarian_release.yaml, holding the canaries."""
    return {
        "consent_to_interview": "yes",
        "detainee_family_names": canaries.family_names,
        "detainee_given_names": canaries.given_names,
        "a_number": canaries.a_number,
        "detainee_other_names": canaries.long_text,
        "detainee_has_condition": "yes",
        "detainee_conditions": canaries.long_text,
        "children": [
            {
                "child_name": canaries.given_names,
                "child_has_medical_condition": "yes",
                "child_diagnosis": canaries.long_text,
            }
        ],
    }


def case_document(canaries: Canaries) -> dict:
    """A whole `amparo-case` v1 file (see intake_app/case_file.py) with the canary answers."""
    return {
        "format": "amparo-case",
        "format_version": 1,
        "form": "humanitarian_release",
        "form_version": 1,
        "interview_language": "es",
        "answers": case_answers(canaries),
    }


def find_needles(data: bytes, needles: list[str]) -> list[tuple[str, str]]:
    """Every (needle, encoding) pair present in data, in UTF-8, UTF-16-LE and UTF-16-BE."""
    return [
        (needle, encoding)
        for needle in needles
        for encoding in ENCODINGS
        if needle.encode(encoding) in data
    ]


def scan_tree(root: Path, needles: list[str]) -> tuple[int, list[tuple[str, str, str]]]:
    """Read every regular file under root; return (files read, [(path, needle, encoding)])."""
    files, hits = 0, []
    for folder, _dirs, names in os.walk(root, followlinks=False):
        for name in names:
            path = Path(folder) / name
            if not stat.S_ISREG(path.lstat().st_mode):
                continue
            files += 1
            hits += [(str(path), n, e) for n, e in find_needles(path.read_bytes(), needles)]
    return files, hits


# --- file-system snapshots -------------------------------------------------------------------


def snapshot(root: Path) -> dict[str, tuple]:
    """Every entry under root (root included) with kind, mode, size, mtime and content hash."""
    result: dict[str, tuple] = {}
    if not root.exists():
        return result
    for path in [root, *sorted(root.rglob("*"))]:
        st = path.lstat()
        rel = str(path.relative_to(root))
        if stat.S_ISREG(st.st_mode):
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            result[rel] = ("file", st.st_mode, st.st_size, st.st_mtime_ns, st.st_ino, digest)
        else:
            result[rel] = ("other", st.st_mode, st.st_mtime_ns)
    return result


def snapshot_diff(before: dict[str, tuple], after: dict[str, tuple]) -> list[str]:
    changes = [f"created {k}" for k in sorted(set(after) - set(before))]
    changes += [f"removed {k}" for k in sorted(set(before) - set(after))]
    changes += [
        f"changed {k}: {before[k]} -> {after[k]}"
        for k in sorted(set(before) & set(after))
        if before[k] != after[k]
    ]
    return changes


# --- vaults and subprocesses -----------------------------------------------------------------


def make_store_vault(
    path: Path, passphrase: str = PASSPHRASE, cases: int = 3, answers_per_case: int = 12
) -> dict[str, dict]:
    """A small vault made at the store level; returns {case_id: answers} as saved."""
    saved: dict[str, dict] = {}
    vault = Vault.create(path, "Ana Staff", "admin", passphrase, insecure_test_kdf())
    try:
        for c in range(cases):
            case_id = f"C-TEST{c:02d}"
            vault.create_case(case_id, "es", "humanitarian_release", 1)
            saved[case_id] = {}
            for q in range(answers_per_case):
                value = {"n": q, "text": f"respuesta {c}-{q} " + "ñ" * (q * 37 % 400)}
                vault.save_answer(case_id, f"q{q:02d}", value)
                saved[case_id][f"q{q:02d}"] = value
    finally:
        vault.close()
    return saved


def run_python(
    args: list[str],
    *,
    stdin: str = "",
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    timeout: float = SUBPROCESS_TIMEOUT,
) -> subprocess.CompletedProcess[str]:
    """Run this interpreter (the project venv's) with args; text in and out."""
    return subprocess.run(
        [sys.executable, *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=timeout,
    )


def run_cli(
    args: list[str], *, stdin: str = "", env: dict[str, str] | None = None, **kwargs
) -> subprocess.CompletedProcess[str]:
    """`python -m intake_app ARGS`, as a person would run `intake ARGS`."""
    return run_python(["-m", "intake_app", *args], stdin=stdin, env=env, **kwargs)


def child_script(name: str) -> str:
    return str(HERE / name)


def read_vault_in_subprocess(
    vault: Path, passphrase: str = PASSPHRASE, timeout: float = 20
) -> subprocess.CompletedProcess[str]:
    """Open and read a whole vault in a child (child_open.py); stdout is one JSON line."""
    return run_python(
        [child_script("child_open.py"), str(vault)], stdin=passphrase + "\n", timeout=timeout
    )


def parse_child_result(proc: subprocess.CompletedProcess[str]) -> dict:
    lines = [line for line in proc.stdout.splitlines() if line.strip()]
    if not lines:
        return {}
    try:
        return json.loads(lines[-1])
    except json.JSONDecodeError:
        return {}
