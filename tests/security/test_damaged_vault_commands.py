"""A damaged vault meets every command with the same typed message — never a traceback, a
MemoryError, a hang, SQLCipher's own log lines, or a backup or bundle of the damage."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.security._support import PASSPHRASE, run_cli

PERSONA = Path(__file__).resolve().parents[1] / "personas" / "chicago_father_daughter_leukemia.json"
TIMEOUT = 60


@pytest.fixture(scope="module")
def sound(tmp_path_factory) -> tuple[Path, str]:
    folder = tmp_path_factory.mktemp("sound")
    vault = folder / "amparo.vault"
    env = {**os.environ, "AMPARO_INSECURE_TEST_KDF": "1"}
    made = run_cli(
        ["--vault", str(vault), "init", "--name", "Ana", "--passphrase-stdin"],
        stdin=PASSPHRASE + "\n",
        env=env,
    )
    assert made.returncode == 0, made.stderr
    imported = run_cli(
        ["--vault", str(vault), "import", str(PERSONA), "--passphrase-stdin"],
        stdin=PASSPHRASE + "\n",
        env=env,
    )
    assert imported.returncode == 0, imported.stderr
    return vault, imported.stdout.split()[-1]


def _cut_last_byte(data: bytearray) -> bytearray:
    return data[:-1]


def _flip_in_last_page(data: bytearray) -> bytearray:
    data[-200] ^= 0x5A
    return data


DAMAGE = {"last byte cut": _cut_last_byte, "a byte flipped in the last page": _flip_in_last_page}


@pytest.mark.parametrize("damage", sorted(DAMAGE))
def test_every_command_meets_damage_with_the_typed_message(sound, tmp_path, damage):
    source, case_id = sound
    folder = tmp_path / "vault"
    folder.mkdir()
    for path in source.parent.iterdir():
        if path.name.startswith("amparo.vault"):
            shutil.copy2(path, folder / path.name)
    vault = folder / "amparo.vault"
    vault.write_bytes(bytes(DAMAGE[damage](bytearray(vault.read_bytes()))))
    out = tmp_path / "out"
    out.mkdir()
    commands = {
        "packet": ["packet", case_id, "--out", str(out / "p.pdf")],
        "backup": ["backup", "--out", str(out / "b.amparo-backup")],
        "bundle export": ["bundle", "export", case_id, "--out", str(out / "c.bundle")],
        "documents": ["documents", case_id],
        "analyze": ["analyze", case_id],
    }
    env = {**os.environ, "AMPARO_INSECURE_TEST_KDF": "1", "LANG": "C.UTF-8"}
    refused = 0
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    for name, args in commands.items():
        proc = run_cli(
            ["--vault", str(vault), *args, "--passphrase-stdin"],
            stdin=PASSPHRASE + "\n",
            env=env,
            timeout=TIMEOUT,
        )
        text = proc.stdout + proc.stderr
        after = {p.name: p.read_bytes() for p in folder.iterdir() if not p.name.endswith("-shm")}
        changed = sorted(n for n in after if after[n] != before.get(n))
        assert changed == [], (damage, name, changed)  # a damaged vault is left as it was
        for bad in ("Traceback", "MemoryError", "ERROR CORE"):
            assert bad not in text, (damage, name, text[-400:])
        if proc.returncode == 0:
            continue  # this command never reads the damaged page
        refused += 1
        assert proc.returncode == 1 and "The vault file is damaged" in proc.stderr, (
            damage,
            name,
            proc.stderr[-300:],
        )
        assert not any(p.name in ("b.amparo-backup", "c.bundle") for p in out.iterdir()), name
    assert refused >= 2  # backup and bundle export always read every page
    print(
        f"\ndamaged vault ({damage}): {len(commands)} commands, {refused} refused with the "
        "typed message, 0 tracebacks, no backup or bundle of the damage"
    )


def test_random_damage_leaves_the_vault_as_it_was_and_says_so(sound, tmp_path):
    """Random flips and cuts anywhere past the header: each command either works on the
    sound part or gives the typed message, and the vault's bytes never change. The long run
    (AMPARO_STRESS_DAMAGE=2000) tries thousands."""
    import random

    from tests.security._support import stress

    source, case_id = sound
    rng = random.Random(20261207)
    count = stress("AMPARO_STRESS_DAMAGE", 6)
    env = {**os.environ, "AMPARO_INSECURE_TEST_KDF": "1", "LANG": "C.UTF-8"}
    outcomes: dict[str, int] = {}
    original = source.read_bytes()
    for n in range(count):
        folder = tmp_path / f"v{n}"
        folder.mkdir()
        for path in source.parent.iterdir():
            if path.name.startswith("amparo.vault"):
                shutil.copy2(path, folder / path.name)
        data = bytearray(original)
        if rng.random() < 0.25:
            data = data[: rng.randrange(4096, len(data))]
        else:
            for _ in range(rng.randint(1, 4)):
                data[rng.randrange(1024, len(data))] ^= 1 << rng.randrange(8)
        vault = folder / "amparo.vault"
        vault.write_bytes(bytes(data))
        before = {p.name: p.read_bytes() for p in folder.iterdir()}
        command = rng.choice(
            [["packet", case_id, "--out", str(tmp_path / f"p{n}.pdf")], ["analyze", case_id]]
        )
        proc = run_cli(
            ["--vault", str(vault), *command, "--passphrase-stdin"],
            stdin=PASSPHRASE + "\n",
            env=env,
            timeout=TIMEOUT,
        )
        text = proc.stdout + proc.stderr
        assert not any(bad in text for bad in ("Traceback", "MemoryError", "ERROR CORE")), text
        after = {p.name: p.read_bytes() for p in folder.iterdir() if not p.name.endswith("-shm")}
        assert [k for k in after if after[k] != before.get(k)] == [], n
        key = "worked" if proc.returncode == 0 else proc.stderr.strip().splitlines()[-1][:40]
        assert proc.returncode in (0, 1)
        outcomes[key] = outcomes.get(key, 0) + 1
        shutil.rmtree(folder)
    print(
        f"\nrandom damage (seed 20261207): {count} damaged vaults, outcomes {outcomes}, "
        "0 tracebacks, 0 MemoryErrors, every vault byte unchanged"
    )
