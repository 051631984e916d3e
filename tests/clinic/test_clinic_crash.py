"""kill -9 while a laptop writes or imports change files: nothing acknowledged is lost, no
number is used twice, and an interrupted import finishes as if it had never stopped."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.clinic.conftest import admit, laptop
from tests.clinic.test_clinic_folder import _case_on

ROOT = Path(__file__).resolve().parents[2]
SEED = 20261207
FILES = 1000
KILLS = 8


def _applied_now(laptop) -> int:
    me = laptop.session.vault().clinic.member_id
    return (
        laptop.session.vault()
        .conn.execute("SELECT count(*) FROM clinic_applied WHERE author != ?", (me,))
        .fetchone()[0]
    )


def _applied(laptop, passphrase: str) -> int:
    """Change files from others applied so far (the session unlocked just to count)."""
    laptop.session.unlock(passphrase)
    try:
        me = laptop.session.vault().clinic.member_id
        return (
            laptop.session.vault()
            .conn.execute("SELECT count(*) FROM clinic_applied WHERE author != ?", (me,))
            .fetchone()[0]
        )
    finally:
        laptop.session.lock()


def _child(*args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.clinic.crash_child", *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=dict(os.environ, AMPARO_INSECURE_TEST_KDF="1"),
    )


@pytest.fixture
def pair(tmp_path):
    folder = tmp_path / "shared"
    folder.mkdir()
    ana, beto = laptop(tmp_path, "ana"), laptop(tmp_path, "beto")
    ana.session.clinic.create(folder, "Ana")
    admit(ana, beto, folder, "attorney")
    case_id = ana.session.cases.create("es")
    ana.session.cases.save_answer(case_id, "detainee_family_names", "QUISPE MAMANI")
    ana.session.clinic.share(folder, case_id)
    ana.sync(folder)
    beto.sync(folder)
    yield folder, ana, beto, case_id
    for one in (ana, beto):
        if one.session.is_unlocked:
            one.session.lock()


@pytest.mark.slow
def test_kill_9_while_writing_changes_loses_nothing_acknowledged(pair):
    folder, ana, beto, case_id = pair
    vault = ana.session.vault_path
    ana.session.lock()
    rng = random.Random(SEED)
    acknowledged = 0
    kills = 8
    for _ in range(kills):
        child = _child("write", str(vault), str(folder), case_id, str(acknowledged + 1))
        deadline = time.monotonic() + rng.uniform(0.3, 1.2)
        lines = []
        while time.monotonic() < deadline:
            line = child.stdout.readline()
            if not line:
                break
            lines.append(int(line))
        child.kill()
        child.wait()
        rest = child.stdout.read().split()
        acknowledged = max([acknowledged, *lines, *map(int, rest)])
    from tests.clinic.conftest import PASSPHRASE

    ana.session.unlock(PASSPHRASE)
    assert ana.session.cases.answers(case_id)["facility_name"] == f"Facility {acknowledged}"
    ana.sync(folder)
    report = beto.sync(folder)
    assert report.refused == [] and report.waiting == 0
    on_beto = _case_on(beto)
    assert beto.session.cases.answers(on_beto)["facility_name"] == f"Facility {acknowledged}"
    token = ana.session.vault().clinic.token(case_id)
    author = ana.session.vault().clinic.member_id
    numbers = sorted(int(p.stem) for p in (folder / "cases" / token / author).glob("*.seg"))
    assert numbers == list(range(1, len(numbers) + 1))
    assert not list(folder.rglob(".amparo-*"))
    print(
        f"kill -9 while writing: {kills} kills (seed {SEED}), {acknowledged} answers acknowledged, "
        f"{len(numbers)} change files, none lost, none numbered twice"
    )


@pytest.mark.slow
def test_kill_9_while_importing_finishes_as_if_it_never_stopped(pair):
    folder, ana, beto, case_id = pair
    already = _applied_now(beto)
    for n in range(FILES - already):
        ana.session.cases.save_answer(case_id, "facility_name", f"Facility {n}")
        ana.session.clinic._clinic().publish_changes(folder)
    expected = ana.session.cases.answers(case_id)
    vault = beto.session.vault_path
    beto.session.lock()
    rng = random.Random(SEED)
    from tests.clinic.conftest import PASSPHRASE

    seen = []
    for _ in range(KILLS):
        before = _applied(beto, PASSPHRASE)
        if before >= FILES:
            break
        child = _child("import", str(vault), str(folder))
        assert child.stdout.readline().strip() == "ready"  # unlocked: the import starts now
        time.sleep(rng.uniform(0.0, 0.3))
        child.kill()
        child.wait()
        seen.append(_applied(beto, PASSPHRASE))
    assert any(0 < n < FILES for n in seen), seen  # at least one kill landed mid-import
    beto.session.unlock(PASSPHRASE)
    report = beto.sync(folder)
    assert report.refused == []
    assert beto.session.cases.answers(_case_on(beto)) == expected
    assert beto.session.vault().integrity_problems() == []
    print(
        f"kill -9 while importing {FILES} change files: {len(seen)} kills (seed {SEED}), "
        f"change files applied when each struck {seen}; the same vault after"
    )
