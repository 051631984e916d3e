"""Vault speed: unlock against bare Argon2id; one answer's save against a bare SQLCipher commit."""

from __future__ import annotations

import os
import secrets
import statistics
import tempfile
import time
from pathlib import Path

import sqlcipher3

from intake_app.session import Session
from intake_app.store import DEFAULT_KDF
from intake_app.store.keyslots import derive_key

PASSPHRASE = "benchmark river lantern cobalt meadow"
SAVES = 300


def _median_time(fn, repeats: int) -> float:
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[int(0.95 * (len(ordered) - 1))]


def _bare_commit_samples(folder: Path) -> list[float]:
    conn = sqlcipher3.connect(str(folder / "bare.db"), isolation_level=None)
    conn.execute(f"PRAGMA key = \"x'{secrets.token_hex(32)}'\"")
    for pragma in (
        "temp_store = MEMORY",
        "synchronous = FULL",
        "locking_mode = EXCLUSIVE",
        "journal_mode = WAL",
    ):
        conn.execute(f"PRAGMA {pragma}")
    conn.execute("CREATE TABLE t (k TEXT PRIMARY KEY, v TEXT NOT NULL) WITHOUT ROWID")
    samples = []
    for i in range(SAVES):
        start = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        conn.execute(
            "INSERT INTO t (k, v) VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v",
            (f"q{i % 40}", f'"answer {i}"'),
        )
        conn.execute("COMMIT")
        samples.append(time.perf_counter() - start)
    conn.close()
    return samples


def run() -> list[dict]:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        session = Session(folder / "bench.vault", kdf=DEFAULT_KDF)
        session.create_vault("Benchmark", "admin", PASSPHRASE)
        case_id = session.cases.create("es")
        session.lock()

        salt = os.urandom(16)
        kdf_alone = _median_time(lambda: derive_key(PASSPHRASE, salt, DEFAULT_KDF), 7)

        def unlock_once() -> None:
            session.unlock(PASSPHRASE)
            session.lock()

        unlock = _median_time(unlock_once, 7)
        rows.append(
            {
                "name": "unlock (median of 7) vs Argon2id alone",
                "measured": f"{unlock * 1000:.0f} ms",
                "baseline": f"{kdf_alone * 1000:.0f} ms",
                "ratio": unlock / kdf_alone,
                "goal": "<= 1.2x",
                "met": unlock / kdf_alone <= 1.2,
            }
        )

        session.unlock(PASSPHRASE)
        ids = [q.id for q in session.form().questions() if q.type in ("text", "long_text")]
        ids = [q for q in ids if session.form().group_of(q) is None][:40]
        save_samples = []
        for i in range(SAVES):
            start = time.perf_counter()
            session.cases.save_answer(case_id, ids[i % len(ids)], f"answer {i}")
            save_samples.append(time.perf_counter() - start)
        session.lock()
        bare_samples = _bare_commit_samples(folder)

    save50, save95 = _percentiles(save_samples)
    bare50, bare95 = _percentiles(bare_samples)
    rows.append(
        {
            "name": f"answer save p50 ({SAVES} saves) vs bare SQLCipher commit",
            "measured": f"{save50 * 1000:.2f} ms",
            "baseline": f"{bare50 * 1000:.2f} ms",
            "ratio": save50 / bare50,
            "goal": "(informative)",
            "met": None,
        }
    )
    rows.append(
        {
            "name": f"answer save p95 ({SAVES} saves) vs bare SQLCipher commit p95",
            "measured": f"{save95 * 1000:.2f} ms",
            "baseline": f"{bare95 * 1000:.2f} ms",
            "ratio": save95 / bare95,
            "goal": "<= 2x",
            "met": save95 / bare95 <= 2.0,
        }
    )
    return rows
