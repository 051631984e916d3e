"""Hostile case files and attachments, tried as an attacker would, each in a subprocess with a
timeout: every one ends in a clear refusal — no traceback (which could print a client value),
no hang, no MemoryError — and adds or changes nothing in the vault (its case list and each
case's documents are the same after; unlocking itself writes the audit line "signed in").

`make test` prints how many of each it tried. AMPARO_STRESS_HOSTILE raises the count of the
generated variants (random nesting depths, number lengths, surrogate positions)."""

from __future__ import annotations

import json
import os
import random
import subprocess
from pathlib import Path

import pytest

from tests.security._support import PASSPHRASE, run_cli, stress, stress_seed

BASE = {
    "format": "amparo-case",
    "format_version": 1,
    "form": "humanitarian_release",
    "form_version": 1,
    "interview_language": "es",
}
TIMEOUT = 60


def _case_text(answers_json: str) -> str:
    return json.dumps(BASE)[:-1] + ', "answers": ' + answers_json + "}"


def _hostile_imports(count: int) -> list[tuple[str, str]]:
    rng = random.Random(stress_seed())
    cases = [
        ("nested arrays", _case_text('{"detainee_family_names": ' + "[" * 5000 + "]" * 5000 + "}")),
        ("nested objects", _case_text('{"children": ' + '{"a":' * 3000 + "1" + "}" * 3000 + "}")),
        ("5,000-digit integer", _case_text('{"years_in_us": ' + "9" * 5000 + "}")),
        ("lone surrogate", _case_text('{"detainee_family_names": "Ram\\udc80írez"}')),
        ("surrogate key", _case_text('{"\\ud800": "x"}')),
        ("not JSON", '{"format": "amparo-case", '),
        ("NaN answer", _case_text('{"years_in_us": NaN}')),
        ("answers a list", _case_text("[1, 2, 3]")),
        ("10,000-character answer", _case_text(json.dumps({"detainee_family_names": "ñ" * 10000}))),
        ("binary garbage", "\x00\x01\x02\xff" * 100),
    ]
    for n in range(count):
        kind = n % 3
        if kind == 0:
            depth = rng.randint(40, 6000)
            text = _case_text('{"children": ' + "[" * depth + "]" * depth + "}")
        elif kind == 1:
            digits = rng.randint(4301, 20000)
            text = _case_text('{"years_in_us": ' + "7" * digits + "}")
        else:
            name = "a" * rng.randint(0, 50) + "\\udfff" + "b" * rng.randint(0, 50)
            text = _case_text('{"detainee_given_names": "' + name + '"}')
        cases.append((f"generated {('depth', 'digits', 'surrogate')[kind]} {n}", text))
    return cases


@pytest.fixture
def clinic(tmp_path: Path) -> Path:
    vault = tmp_path / "vault" / "amparo.vault"
    vault.parent.mkdir()
    env = {**os.environ, "AMPARO_INSECURE_TEST_KDF": "1"}
    made = run_cli(
        ["--vault", str(vault), "init", "--name", "Ana", "--passphrase-stdin"],
        stdin=PASSPHRASE + "\n",
        env=env,
    )
    assert made.returncode == 0, made.stderr
    return vault


def _contents(vault: Path, env: dict[str, str], case_id: str | None = None) -> str:
    """What the vault holds, as its owner would list it: the cases, and a case's documents."""
    args = ["documents", case_id] if case_id else ["cases"]
    proc = run_cli(
        ["--vault", str(vault), *args, "--passphrase-stdin"], stdin=PASSPHRASE + "\n", env=env
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def _refused_cleanly(proc: subprocess.CompletedProcess[str]) -> list[str]:
    problems = []
    if proc.returncode not in (0, 1, 2):
        problems.append(f"exit {proc.returncode}")
    for bad in ("Traceback", "MemoryError", "RecursionError:", "UnicodeEncodeError"):
        if bad in proc.stderr or bad in proc.stdout:
            problems.append(bad)
    return problems


def test_hostile_case_files_are_refused_without_a_traceback_and_change_nothing(clinic, tmp_path):
    env = {**os.environ, "AMPARO_INSECURE_TEST_KDF": "1", "LANG": "C.UTF-8"}
    files = tmp_path / "files"
    files.mkdir()
    tried, refused, imported = 0, 0, 0
    for label, text in _hostile_imports(stress("AMPARO_STRESS_HOSTILE", 6)):
        path = files / f"case-{tried}.json"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        before = _contents(clinic, env)
        proc = run_cli(
            ["--vault", str(clinic), "import", str(path), "--passphrase-stdin"],
            stdin=PASSPHRASE + "\n",
            env=env,
            timeout=TIMEOUT,
        )
        tried += 1
        assert not _refused_cleanly(proc), (label, _refused_cleanly(proc), proc.stderr[-500:])
        if proc.returncode == 0:
            imported += 1  # a long or accented answer is a real answer
            continue
        refused += 1
        assert "nothing was imported" in proc.stderr, (label, proc.stderr[-300:])
        assert _contents(clinic, env) == before, label
    assert imported == 1  # the 10,000-character answer
    print(
        f"\nhostile imports: {tried} tried, {refused} refused cleanly, {imported} imported, "
        "0 tracebacks, 0 hangs, nothing stored by any refusal"
    )


def test_things_that_are_not_files_are_refused_at_once(clinic, tmp_path):
    env = {**os.environ, "AMPARO_INSECURE_TEST_KDF": "1", "LANG": "C.UTF-8"}
    persona = Path(__file__).resolve().parents[1] / "personas" / "longtime_resident_old_dui.json"
    imported = run_cli(
        ["--vault", str(clinic), "import", str(persona), "--passphrase-stdin"],
        stdin=PASSPHRASE + "\n",
        env=env,
    )
    case_id = imported.stdout.split()[-1]
    odd = tmp_path / "odd"
    odd.mkdir()
    fifo = odd / "statement.pdf"
    os.mkfifo(fifo)
    folder = odd / "scan.pdf"
    folder.mkdir()
    link = odd / "link.pdf"
    link.symlink_to(fifo)
    targets = [fifo, folder, link, Path("/dev/null"), Path("/dev/zero")]
    tried = 0
    for target in targets:
        if not target.exists() and not target.is_symlink():
            continue
        before = _contents(clinic, env, case_id)
        attach = ["attach", case_id, str(target), "--category", "identity"]
        proc = run_cli(
            ["--vault", str(clinic), *attach, "--passphrase-stdin"],
            stdin=PASSPHRASE + "\n",
            env=env,
            timeout=TIMEOUT,  # a FIFO would block forever if it were opened for reading
        )
        tried += 1
        assert proc.returncode == 1 and not _refused_cleanly(proc), (target, proc.stderr)
        assert "Nothing was stored" in proc.stderr, (target, proc.stderr)
        assert _contents(clinic, env, case_id) == before, target
    print(
        f"\nnot-a-file attachments: {tried} tried (pipe, folder, link to a pipe, devices), "
        "all refused at once, nothing stored"
    )
