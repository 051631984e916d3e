"""Mutated JPEG, PNG and PDF files: each is refused with a message or accepted and bound; the
checking child never crashes or hangs. AMPARO_STRESS_FUZZ raises the count (default 30)."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from tests.evidence.conftest import EXHIBITS, pdf_bytes
from tests.security._support import run_python, stress, stress_seed

CHILD = str(Path(__file__).resolve().parent / "child_fuzz.py")
BASES = {
    "jpeg": (EXHIBITS / "utility_bill_photo.jpg").read_bytes(),
    "png": (EXHIBITS / "pay_stub_january.png").read_bytes(),
    "pdf": (EXHIBITS / "oncologist_letter.pdf").read_bytes(),
    "pdf-plain": pdf_bytes(3, "PLAIN"),
}


def mutate(data: bytes, rng: random.Random) -> bytes:
    out = bytearray(data)
    kind = rng.choice(("flip", "truncate", "zero", "splice", "junk"))
    if kind == "flip":
        for _n in range(rng.randint(1, 40)):
            out[rng.randrange(len(out))] = rng.randrange(256)
    elif kind == "truncate":
        del out[rng.randint(16, len(out) - 1) :]
    elif kind == "zero":
        start = rng.randrange(len(out))
        out[start : start + rng.randint(1, 4096)] = b"\0" * len(out[start : start + 4096])
    elif kind == "splice":
        a, b = sorted(rng.randrange(len(out)) for _ in range(2))
        out[b:b] = out[a : a + rng.randint(1, 2048)]
    else:
        at = rng.randrange(len(out))
        out[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 512)))
    return bytes(out)


@pytest.mark.slow
@pytest.mark.parametrize("kind", sorted(BASES))
def test_mutated_files_never_crash_the_importer_or_the_binder(kind: str, tmp_path: Path):
    total = stress("AMPARO_STRESS_FUZZ", 30)
    count = max(4, total // len(BASES))
    rng = random.Random(f"{stress_seed()}-{kind}")
    names = []
    for n in range(count):
        path = tmp_path / f"mutant-{n:04d}"
        path.write_bytes(mutate(BASES[kind], rng))
        names.append(str(path))
    proc = run_python([CHILD], stdin=json.dumps({"files": names}) + "\n", timeout=30 + count)
    assert proc.returncode == 0, proc.stderr[-2000:]
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    print(
        f"\n{kind}: {count} mutants, {report['accepted']} accepted and "
        f"{report['bound']} bound, refused {report['refused']}, crashes {len(report['crashed'])}"
    )
    assert report["crashed"] == []
    assert report["accepted"] + sum(report["refused"].values()) == count
