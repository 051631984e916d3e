"""Child process: fill a vault with canaries, make SQLite sort and build TEMP tables, then read
every regular file this process has open (deleted ones too, via /proc/self/fd) and report
canary hits.

Usage: python child_fd_scan.py VAULT [--temp-store-file] [--plant-unlinked]
stdin: the passphrase line, then one JSON line {"needles": [...], "answers": {...}}.

--temp-store-file  positive control: switch the open vault to PRAGMA temp_store=FILE first, so the
                   same work spills plaintext to SQLite's unlinked etilqs_* files.
--plant-unlinked   positive control: keep an unlinked temp file holding a canary open.

Prints one JSON line: {"regular_fds": n, "deleted_fds": n, "hits": [[target, needle, enc], ...]}.
"""

from __future__ import annotations

import json
import os
import stat
import sys
import tempfile
from pathlib import Path

from intake_app.store import Vault

ENCODINGS = ("utf-8", "utf-16-le", "utf-16-be")
BULK_CASES = 20
BULK_ANSWERS = 150


def scan_open_files(needles: list[str]) -> dict:
    regular = deleted = 0
    hits = []
    for name in os.listdir("/proc/self/fd"):
        link = f"/proc/self/fd/{name}"
        try:
            target = os.readlink(link)
            mode = os.stat(link).st_mode
        except OSError:
            continue  # the descriptor listing itself, already closed
        if not stat.S_ISREG(mode):
            continue
        regular += 1
        deleted += target.endswith(" (deleted)")
        with open(link, "rb") as fh:  # reopening through /proc works for unlinked files too
            data = fh.read()
        hits += [
            [target, needle, enc]
            for needle in needles
            for enc in ENCODINGS
            if needle.encode(enc) in data
        ]
    return {"regular_fds": regular, "deleted_fds": deleted, "hits": hits}


def main() -> int:
    path = Path(sys.argv[1])
    flags = set(sys.argv[2:])
    passphrase = sys.stdin.readline().rstrip("\n")
    spec = json.loads(sys.stdin.readline())
    needles, answers = spec["needles"], spec["answers"]

    vault = Vault.open(path, passphrase)
    conn = vault.conn
    planted = None
    if "--plant-unlinked" in flags:
        planted = tempfile.TemporaryFile()  # noqa: SIM115 (unlinked at once, kept open on purpose)
        planted.write(("notes: " + needles[0]).encode("utf-16-le"))
        planted.flush()
    if "--temp-store-file" in flags:
        conn.execute("PRAGMA temp_store = FILE")

    vault.import_case("C-CANARY1", "es", "humanitarian_release", 1, answers)
    for c in range(BULK_CASES):
        bulk = {
            f"bulk_{q:03d}": f"{q} {needles[c % len(needles)]} " * 8 for q in range(BULK_ANSWERS)
        }
        vault.import_case(f"C-BULK{c:03d}", "es", "humanitarian_release", 1, bulk)

    # A tiny page cache makes SQLite spill sorts and TEMP tables as early as it ever would.
    conn.execute("PRAGMA cache_size = 20")
    conn.execute(
        "CREATE TEMP TABLE scratch AS SELECT case_id, question_id, value_json FROM answers"
    )
    conn.execute("PRAGMA temp.cache_size = 20")
    conn.execute("INSERT INTO scratch SELECT case_id, question_id || 'x', value_json FROM answers")
    big_sort = conn.execute("SELECT value_json FROM scratch ORDER BY substr(value_json, 3) DESC")
    big_sort.fetchone()
    main_sort = conn.execute(
        "SELECT value_json, question_id FROM answers ORDER BY value_json || question_id"
    )
    main_sort.fetchone()

    report = scan_open_files(needles)  # while both sorts are still open

    big_sort.close()
    main_sort.close()
    conn.execute("DROP TABLE temp.scratch")
    if planted is not None:
        planted.close()
    vault.close()
    print(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
