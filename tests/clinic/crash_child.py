"""A laptop that works until it is killed: run by test_clinic_crash.py, which sends SIGKILL.

`write VAULT FOLDER CASE`: saves answers one after another, publishing after each, and prints
each answer's number once its save has returned (acknowledged). `import VAULT FOLDER`: syncs
the folder again and again.
"""

from __future__ import annotations

import sys
from pathlib import Path

from intake_app.session import Session
from intake_app.store import insecure_test_kdf

PASSPHRASE = "river lantern cobalt meadow ninety"


def main() -> None:
    mode, vault, folder = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    session = Session(vault, kdf=insecure_test_kdf(), sleep=lambda _s: None)
    session.unlock(PASSPHRASE)
    if mode == "write":
        case_id = sys.argv[4]
        start = int(sys.argv[5])
        for n in range(start, start + 100_000):
            session.cases.save_answer(case_id, "facility_name", f"Facility {n}")
            print(n, flush=True)
            session.clinic.sync(folder)
    else:
        print("ready", flush=True)
        while True:
            session.clinic.sync(folder)


if __name__ == "__main__":
    main()
