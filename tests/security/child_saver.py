"""Child process for the kill -9 test: saves answers forever, acknowledging each after its commit.

Usage: python child_saver.py VAULT CASE_ID RUN  (passphrase on the first line of stdin)

Prints "READY" once the vault is open, then "<question_id> <i>" for save number i, and only after
`save_answer` has returned (its transaction is committed). Most saves insert a new answer; every
fourth one overwrites the run's counter answer, so updates are crash-tested too.
"""

from __future__ import annotations

import sys
from pathlib import Path

from intake_app.store import Vault


def question_id(run: int, i: int) -> str:
    return f"k{run:04d}_counter" if i % 4 == 3 else f"k{run:04d}_{i:06d}"


def expected_value(run: int, i: int) -> dict:
    # Lengths vary up to several pages so some records span overflow pages.
    return {"run": run, "i": i, "text": f"{run}:{i}:" + "á" * ((i * 7919) % 3000)}


def main() -> int:
    path, case_id, run = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    passphrase = sys.stdin.readline().rstrip("\n")
    vault = Vault.open(path, passphrase)
    print("READY", flush=True)
    i = 0
    while True:
        qid = question_id(run, i)
        vault.save_answer(case_id, qid, expected_value(run, i))
        print(f"{qid} {i}", flush=True)
        i += 1


if __name__ == "__main__":
    sys.exit(main())
