"""Damaged vaults: every mutated copy opens in a subprocess without crash or hang, with a typed
error or with exactly the original data."""

from __future__ import annotations

import base64
import json
import random
import shutil
import subprocess
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from intake_app.domain.errors import VaultDamaged, VaultError, VaultInUse
from intake_app.store import Vault, keyslot_path, keyslots
from tests.conftest import IsolatedEnv
from tests.security._support import (
    OTHER_PASSPHRASE,
    PASSPHRASE,
    make_store_vault,
    parse_child_result,
    read_vault_in_subprocess,
    run_cli,
    stress,
    stress_seed,
)

PAGE = 4096
OPEN_TIMEOUT = 20
TYPED_ERRORS = {"VaultDamaged", "NotAVault", "PlaintextVault", "WrongPassphrase"}

Mutation = Callable[[random.Random, Path, Path], str]


# --- mutations of the database file ----------------------------------------------------------


def _rewrite(path: Path, change: Callable[[bytearray], bytearray | None]) -> None:
    data = bytearray(path.read_bytes())
    path.write_bytes(bytes(change(data) or data))


def flip_bytes(rng: random.Random, db: Path, keys: Path) -> str:
    offsets = []

    def change(data: bytearray) -> None:
        for _ in range(rng.randint(1, 8)):
            offsets.append(rng.randrange(len(data)))
            data[offsets[-1]] ^= rng.randint(1, 255)

    _rewrite(db, change)
    return f"xor bytes at {offsets}"


def flip_one_bit_past_first_page(rng: random.Random, db: Path, keys: Path) -> str:
    offset = rng.randrange(PAGE, db.stat().st_size)
    bit = rng.randrange(8)

    def change(data: bytearray) -> None:
        data[offset] ^= 1 << bit

    _rewrite(db, change)
    return f"bit {bit} of byte {offset}"


def zero_page(rng: random.Random, db: Path, keys: Path) -> str:
    page = rng.randrange(db.stat().st_size // PAGE)

    def change(data: bytearray) -> None:
        data[page * PAGE : (page + 1) * PAGE] = bytes(PAGE)

    _rewrite(db, change)
    return f"page {page} zeroed"


def swap_pages(rng: random.Random, db: Path, keys: Path) -> str:
    a, b = rng.sample(range(db.stat().st_size // PAGE), 2)

    def change(data: bytearray) -> None:
        pa, pb = data[a * PAGE : (a + 1) * PAGE], data[b * PAGE : (b + 1) * PAGE]
        data[a * PAGE : (a + 1) * PAGE], data[b * PAGE : (b + 1) * PAGE] = pb, pa

    _rewrite(db, change)
    return f"pages {a} and {b} swapped"


def truncate_anywhere(rng: random.Random, db: Path, keys: Path) -> str:
    size = rng.randrange(1, db.stat().st_size)
    _rewrite(db, lambda data: data[:size])
    return f"truncated to {size} bytes"


def truncate_at_page(rng: random.Random, db: Path, keys: Path) -> str:
    pages = rng.randrange(1, db.stat().st_size // PAGE)
    _rewrite(db, lambda data: data[: pages * PAGE])
    return f"truncated to {pages} pages"


def empty_database(rng: random.Random, db: Path, keys: Path) -> str:
    db.write_bytes(b"")
    return "database emptied"


def corrupt_salt(rng: random.Random, db: Path, keys: Path) -> str:
    def change(data: bytearray) -> None:
        data[:16] = rng.randbytes(16)

    _rewrite(db, change)
    return "first 16 bytes (salt) replaced"


def plaintext_header(rng: random.Random, db: Path, keys: Path) -> str:
    def change(data: bytearray) -> None:
        data[:16] = b"SQLite format 3\x00"

    _rewrite(db, change)
    return "plaintext SQLite header written over the salt"


def append_garbage(rng: random.Random, db: Path, keys: Path) -> str:
    extra = rng.randbytes(rng.choice([1, 100, PAGE, 3 * PAGE + 7]))
    _rewrite(db, lambda data: data + extra)
    return f"{len(extra)} random bytes appended"


def garbage_wal(rng: random.Random, db: Path, keys: Path) -> str:
    wal = db.with_name(db.name + "-wal")
    wal.write_bytes(rng.randbytes(rng.choice([32, PAGE + 24, 5 * (PAGE + 24) + 32])))
    return f"random {wal.stat().st_size}-byte -wal beside the vault"


def garbage_journal(rng: random.Random, db: Path, keys: Path) -> str:
    journal = db.with_name(db.name + "-journal")
    journal.write_bytes(rng.randbytes(rng.choice([28, 512, 3 * PAGE])))
    return f"random {journal.stat().st_size}-byte -journal beside the vault"


# --- mutations of the key-slot file ----------------------------------------------------------


def _edit_keys(keys: Path, change: Callable[[dict], None]) -> None:
    doc = json.loads(keys.read_text())
    change(doc)
    keys.write_text(json.dumps(doc))


def keys_flip_bytes(rng: random.Random, db: Path, keys: Path) -> str:
    offsets = []

    def change(data: bytearray) -> None:
        for _ in range(rng.randint(1, 4)):
            offsets.append(rng.randrange(len(data)))
            data[offsets[-1]] ^= rng.randint(1, 255)

    _rewrite(keys, change)
    return f".keys: xor bytes at {offsets}"


def keys_truncate(rng: random.Random, db: Path, keys: Path) -> str:
    size = rng.randrange(0, keys.stat().st_size)
    _rewrite(keys, lambda data: data[:size])
    return f".keys truncated to {size} bytes"


def keys_random_bytes(rng: random.Random, db: Path, keys: Path) -> str:
    keys.write_bytes(rng.randbytes(rng.randint(1, 2000)))
    return ".keys replaced by random bytes"


def keys_utf16(rng: random.Random, db: Path, keys: Path) -> str:
    keys.write_bytes(keys.read_text().encode("utf-16"))
    return ".keys re-encoded as UTF-16"


def keys_missing(rng: random.Random, db: Path, keys: Path) -> str:
    keys.unlink()
    return ".keys deleted"


def keys_too_large(rng: random.Random, db: Path, keys: Path) -> str:
    keys.write_bytes(b" " * 2_000_000 + keys.read_bytes())
    return ".keys padded past 1 MB"


def keys_deeply_nested(rng: random.Random, db: Path, keys: Path) -> str:
    keys.write_bytes(b"[" * 200_000 + b"]" * 200_000)
    return ".keys is 200,000 nested JSON arrays (under the 1 MB cap)"


def keys_not_an_object(rng: random.Random, db: Path, keys: Path) -> str:
    value = rng.choice(["[]", "null", "42", '"amparo-keyslots"', "{}"])
    keys.write_text(value)
    return f".keys holds {value}"


_ODD_VALUES: list = [None, 0, -1, 2**70, 1.5, True, "", "x" * 300, [], {}, [1, 2], {"a": 1}]


def keys_field_wrong_type(rng: random.Random, db: Path, keys: Path) -> str:
    choice = {}

    def change(doc: dict) -> None:
        slot = doc["slots"][0]
        target = rng.choice([doc, slot, slot["kdf"]])
        field = rng.choice(sorted(target))
        value = rng.choice(_ODD_VALUES)
        target[field] = value
        choice["what"] = f"{field} = {value!r:.40}"

    _edit_keys(keys, change)
    return f".keys field {choice['what']}"


def keys_field_removed(rng: random.Random, db: Path, keys: Path) -> str:
    removed = []

    def change(doc: dict) -> None:
        slot = doc["slots"][0]
        target = rng.choice([doc, slot, slot["kdf"]])
        removed.append(rng.choice(sorted(target)))
        del target[removed[0]]

    _edit_keys(keys, change)
    return f".keys field {removed[0]!r} removed"


def keys_kdf_not_an_object(rng: random.Random, db: Path, keys: Path) -> str:
    value = rng.choice([[], ["argon2id"], "argon2id", 7])

    def change(doc: dict) -> None:
        doc["slots"][0]["kdf"] = value

    _edit_keys(keys, change)
    return f'.keys slot "kdf" = {value!r}'


def _set_kdf(keys: Path, field: str, value) -> str:
    _edit_keys(keys, lambda doc: doc["slots"][0]["kdf"].__setitem__(field, value))
    return f".keys kdf {field} = {value!r}"


def keys_memory_2_40(rng: random.Random, db: Path, keys: Path) -> str:
    return _set_kdf(keys, "memory_kib", 2**40)


def keys_time_cost_10_6(rng: random.Random, db: Path, keys: Path) -> str:
    return _set_kdf(keys, "time_cost", 10**6)


def keys_parallelism_absurd(rng: random.Random, db: Path, keys: Path) -> str:
    return _set_kdf(keys, "parallelism", rng.choice([0, -1, 2**24, 2**63]))


def keys_kdf_odd_value(rng: random.Random, db: Path, keys: Path) -> str:
    field = rng.choice(["memory_kib", "time_cost", "parallelism"])
    return _set_kdf(keys, field, rng.choice(["65536", None, 1e308, -(2**40), True, 3.0, 0]))


def keys_kdf_edited_within_range(rng: random.Random, db: Path, keys: Path) -> str:
    # In range, but not the parameters the slot was wrapped with: the AAD must catch it.
    _edit_keys(keys, lambda doc: doc["slots"][0]["kdf"].update(memory_kib=16, time_cost=2))
    return ".keys kdf edited to 16 KiB / 2 passes (in range, not what the slot was wrapped with)"


def keys_wrong_algorithm(rng: random.Random, db: Path, keys: Path) -> str:
    alg = rng.choice(["argon2i", "pbkdf2", "", None])
    return _set_kdf(keys, "alg", alg)


def keys_newer_version(rng: random.Random, db: Path, keys: Path) -> str:
    newer = keyslots.KEYSLOT_VERSION + 1
    _edit_keys(keys, lambda doc: doc.__setitem__("version", newer))
    return f".keys version {newer}"


def keys_flip_wrapped_key(rng: random.Random, db: Path, keys: Path) -> str:
    field = rng.choice(["wrapped_key", "salt", "nonce"])

    def change(doc: dict) -> None:
        raw = bytearray(base64.b64decode(doc["slots"][0][field]))
        raw[rng.randrange(len(raw))] ^= 1 << rng.randrange(8)
        doc["slots"][0][field] = base64.b64encode(bytes(raw)).decode()

    _edit_keys(keys, change)
    return f".keys one bit of {field} flipped"


def keys_bad_salt_length(rng: random.Random, db: Path, keys: Path) -> str:
    _edit_keys(keys, lambda doc: doc["slots"][0].__setitem__("salt", "AAAA"))
    return ".keys salt of 3 bytes"


def keys_of_another_vault_same_passphrase(rng: random.Random, db: Path, keys: Path) -> str:
    other = db.parent / "other" / "other.vault"
    make_store_vault(other, PASSPHRASE, cases=1, answers_per_case=1)
    shutil.copy(keyslot_path(other), keys)
    return ".keys of another vault with the same passphrase"


def keys_of_another_vault_other_passphrase(rng: random.Random, db: Path, keys: Path) -> str:
    other = db.parent / "other" / "other.vault"
    make_store_vault(other, OTHER_PASSPHRASE, cases=1, answers_per_case=1)
    shutil.copy(keyslot_path(other), keys)
    return ".keys of another vault with another passphrase"


MUTATIONS: list[Mutation] = [
    flip_bytes,
    flip_one_bit_past_first_page,
    zero_page,
    swap_pages,
    truncate_anywhere,
    truncate_at_page,
    empty_database,
    corrupt_salt,
    plaintext_header,
    append_garbage,
    garbage_wal,
    garbage_journal,
    keys_flip_bytes,
    keys_truncate,
    keys_random_bytes,
    keys_utf16,
    keys_missing,
    keys_too_large,
    keys_deeply_nested,
    keys_not_an_object,
    keys_field_wrong_type,
    keys_field_removed,
    keys_kdf_not_an_object,
    keys_memory_2_40,
    keys_time_cost_10_6,
    keys_parallelism_absurd,
    keys_kdf_odd_value,
    keys_kdf_edited_within_range,
    keys_wrong_algorithm,
    keys_newer_version,
    keys_flip_wrapped_key,
    keys_bad_salt_length,
    keys_of_another_vault_same_passphrase,
    keys_of_another_vault_other_passphrase,
]


@pytest.fixture
def mutants(tmp_path: Path) -> list[tuple[str, str, Path]]:
    """(kind, description, vault path) for each mutated copy of one small vault; the last entry
    is an unmodified copy. Each test gets fresh copies: opening one may tidy it (a stray WAL)."""
    root = tmp_path / "damaged"
    original = root / "original" / "amparo.vault"
    make_store_vault(original, cases=4, answers_per_case=40)
    count = stress("AMPARO_STRESS_FUZZ", len(MUTATIONS))
    rng = random.Random(stress_seed())
    made = []
    for n in range(count):
        # Every kind once (in order) before any is repeated at random.
        mutate = MUTATIONS[n] if n < len(MUTATIONS) else rng.choice(MUTATIONS)
        folder = root / f"m{n:04d}"
        folder.mkdir()
        db = folder / "amparo.vault"
        shutil.copy2(original, db)
        shutil.copy2(keyslot_path(original), keyslot_path(db))
        made.append((mutate.__name__, mutate(rng, db, keyslot_path(db)), db))
    made.append(("pristine", "an unmodified copy (control)", _pristine_copy(original, root)))
    return made


def _pristine_copy(original: Path, root: Path) -> Path:
    folder = root / "pristine"
    folder.mkdir()
    shutil.copy2(original, folder / original.name)
    shutil.copy2(keyslot_path(original), keyslot_path(folder / original.name))
    return folder / original.name


def _run_all(mutants, run_one) -> list:
    with ThreadPoolExecutor(max_workers=2) as pool:
        return list(pool.map(run_one, mutants))


def _timed_out(run: Callable[[], subprocess.CompletedProcess[str]]):
    try:
        return run()
    except subprocess.TimeoutExpired:
        return None


@pytest.mark.slow
def test_damaged_vaults_give_a_typed_error_or_the_original_data(mutants) -> None:
    kinds = {m[0] for m in mutants}
    reference_proc = read_vault_in_subprocess(mutants[-1][2])
    reference = parse_child_result(reference_proc)
    assert reference.get("status") == "ok", reference_proc.stderr
    assert reference["data"]["answers"], "the reference vault must hold data to compare"

    def run_one(mutant):
        return mutant, _timed_out(lambda: read_vault_in_subprocess(mutant[2], timeout=OPEN_TIMEOUT))

    problems, outcomes = [], Counter()
    for (kind, what, _db), proc in _run_all(mutants[:-1], run_one):
        label = f"{kind} ({what})"
        if proc is None:
            problems.append(f"{label}: hung for more than {OPEN_TIMEOUT} s")
            continue
        result = parse_child_result(proc)
        if proc.returncode < 0:
            problems.append(f"{label}: killed by signal {-proc.returncode}")
        elif "Traceback" in proc.stderr:
            last = proc.stderr.strip().splitlines()[-1]
            problems.append(f"{label}: untyped exception: {last}")
        elif result.get("status") == "ok":
            if result["data"] != reference["data"]:
                problems.append(f"{label}: opened and read WRONG data")
            outcomes["opened, same data"] += 1
        elif result.get("status") == "error" and result["type"] in TYPED_ERRORS:
            outcomes[result["type"]] += 1
        else:
            problems.append(f"{label}: exit {proc.returncode}, output {proc.stdout!r:.200}")
    print(
        f"\ndamaged vaults (store level): {len(mutants) - 1} mutants of {len(kinds) - 1} kinds, "
        f"outcomes {dict(sorted(outcomes.items()))}, {len(problems)} problems, "
        f"seed {stress_seed()}"
    )
    assert not problems, "\n".join(problems)


@pytest.mark.slow
def test_cli_reports_damaged_vaults_with_an_error_line(mutants, isolated_env: IsolatedEnv) -> None:
    def cases(db: Path):
        return _timed_out(
            lambda: run_cli(
                ["--vault", str(db), "cases", "--passphrase-stdin"],
                stdin=PASSPHRASE + "\n",
                env=isolated_env.env,
                timeout=OPEN_TIMEOUT,
            )
        )

    reference = cases(mutants[-1][2])
    assert reference is not None and reference.returncode == 0, reference and reference.stderr
    assert "C-TEST00" in reference.stdout

    problems, outcomes = [], Counter()
    for (kind, what, _db), proc in _run_all(mutants[:-1], lambda m: (m, cases(m[2]))):
        label = f"{kind} ({what})"
        if proc is None:
            problems.append(f"{label}: `intake cases` hung for more than {OPEN_TIMEOUT} s")
        elif proc.returncode < 0:
            problems.append(f"{label}: `intake cases` killed by signal {-proc.returncode}")
        elif "Traceback" in proc.stderr:
            last = proc.stderr.strip().splitlines()[-1]
            problems.append(f"{label}: `intake cases` printed a traceback: {last}")
        elif "ERROR CORE" in proc.stderr:
            problems.append(f"{label}: SQLCipher's own log reached the terminal")
        elif proc.returncode == 0:
            if proc.stdout != reference.stdout:
                problems.append(f"{label}: `intake cases` listed WRONG data")
            outcomes["listed, same data"] += 1
        elif proc.returncode == 1 and any(
            line.startswith("Error: ") for line in proc.stderr.splitlines()
        ):
            outcomes["Error: line, exit 1"] += 1
        else:
            problems.append(f"{label}: exit {proc.returncode}, stderr {proc.stderr!r:.200}")
    print(
        f"\ndamaged vaults (CLI `cases`): {len(mutants) - 1} mutants, "
        f"outcomes {dict(outcomes)}, {len(problems)} problems"
    )
    assert not problems, "\n".join(problems)


# --- pinpoint cases the fuzzing above runs into, reproduced deterministically ----------------


def _vault_with_damaged_table(path: Path, table: str) -> None:
    """A vault whose `table` B-tree root page has one flipped bit (every other page intact)."""
    make_store_vault(path, cases=2, answers_per_case=40)
    vault = Vault.open(path, PASSPHRASE)
    try:
        for _ in range(300):
            vault.audit("case_opened", "C-TEST00")
        (root,) = vault.conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)
        ).fetchone()
    finally:
        vault.close()
    data = bytearray(path.read_bytes())
    data[(root - 1) * PAGE + 100] ^= 0x40
    path.write_bytes(bytes(data))


def test_a_damaged_answers_page_is_found_when_unlocking_before_anything_is_written(
    vault_path: Path,
) -> None:
    _vault_with_damaged_table(vault_path, "answers")
    before = vault_path.read_bytes()
    # Open reads no answer, but checks every page's HMAC before its first write.
    with pytest.raises(VaultDamaged):
        Vault.open(vault_path, PASSPHRASE)
    assert vault_path.read_bytes() == before


def test_a_damaged_audit_page_fails_open_with_a_typed_error_and_releases_the_vault(
    vault_path: Path,
) -> None:
    _vault_with_damaged_table(vault_path, "audit_log")
    with pytest.raises(VaultError):
        Vault.open(vault_path, PASSPHRASE)  # open writes an audit entry
    with pytest.raises(VaultError) as again:
        Vault.open(vault_path, PASSPHRASE)
    assert not isinstance(again.value, VaultInUse), "a failed open left the vault locked"


@pytest.mark.parametrize("kdf", [[], ["argon2id"], "argon2id", 7, None])
def test_key_slot_kdf_that_is_not_an_object_is_vault_damaged(vault_path: Path, kdf) -> None:
    make_store_vault(vault_path, cases=0)
    doc = json.loads(keyslot_path(vault_path).read_text())
    doc["slots"][0]["kdf"] = kdf
    keyslot_path(vault_path).write_text(json.dumps(doc))
    with pytest.raises(VaultDamaged):
        Vault.open(vault_path, PASSPHRASE)


def test_deeply_nested_key_slot_file_is_vault_damaged(vault_path: Path) -> None:
    make_store_vault(vault_path, cases=0)
    keyslot_path(vault_path).write_bytes(b"[" * 100_000 + b"]" * 100_000)  # 200 kB, under the cap
    with pytest.raises(VaultDamaged):
        Vault.open(vault_path, PASSPHRASE)
