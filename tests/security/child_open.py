"""Child process: open a vault at the store level and read all of it, like `intake cases` does.

Usage: python child_open.py VAULT  (passphrase on the first line of stdin)

Prints one JSON line: {"status": "ok", "data": …} (exit 0) or {"status": "error", "type": …}
(exit 1) for a typed AmparoError. Anything else escapes as a traceback, which the tests refuse.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path

from intake_app.domain.errors import AmparoError
from intake_app.store import Vault

SUMMARY_FIELDS = ("detainee_family_names", "detainee_given_names", "a_number", "facility_name")


def read_all(vault: Vault) -> dict:
    cases = vault.list_cases(SUMMARY_FIELDS)
    return {
        "people": [dataclasses.asdict(p) for p in vault.people()],
        "cases": [
            {k: v for k, v in dataclasses.asdict(c).items() if k != "updated_at"} for c in cases
        ],
        "answers": {c.id: vault.answers(c.id) for c in cases},
    }


def main() -> int:
    path = Path(sys.argv[1])
    passphrase = sys.stdin.readline().rstrip("\n")
    try:
        vault = Vault.open(path, passphrase)
        try:
            data = read_all(vault)
        finally:
            vault.close()
    except AmparoError as exc:
        print(json.dumps({"status": "error", "type": type(exc).__name__}))
        return 1
    print(json.dumps({"status": "ok", "data": data}, ensure_ascii=True, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
