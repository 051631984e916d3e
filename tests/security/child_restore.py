"""Child process: restore each given backup file to a fresh folder and report what happened.

Usage: python child_restore.py WORK_DIR BACKUP...  (the passphrase on stdin)

Prints one JSON line per backup: {"status": "ok", "digest": …} with a digest of every table's
rows as restored, or {"status": "error", "type": …} for a typed AmparoError. Anything else
escapes as a traceback, which the tests refuse.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

from intake_app.domain.errors import AmparoError
from intake_app.store.backup import restore


def main() -> int:
    work = Path(sys.argv[1])
    passphrase = sys.stdin.readline().rstrip("\n")
    for n, backup in enumerate(sys.argv[2:]):
        try:
            digests = restore(Path(backup), work / f"r{n}" / "amparo.vault", passphrase)
        except AmparoError as exc:
            print(json.dumps({"status": "error", "type": type(exc).__name__}), flush=True)
            continue
        blob = json.dumps(digests, sort_keys=True).encode()
        print(json.dumps({"status": "ok", "digest": hashlib.sha256(blob).hexdigest()}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
