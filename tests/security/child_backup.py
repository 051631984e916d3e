"""Child process for the interrupted-backup test: back a vault up, slowly enough to be killed.

Usage: python child_backup.py VAULT OUT  (the admin's passphrase on stdin)

Prints "READY" once the vault is open, then backs up to OUT, pausing a millisecond at each
progress step so a kill can land in any phase (page copy, checks, container write); "DONE" after.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from intake_app.store import Vault
from intake_app.store.backup import back_up


def main() -> int:
    vault = Vault.open(Path(sys.argv[1]), sys.stdin.readline().rstrip("\n"))
    print("READY", flush=True)
    back_up(vault, Path(sys.argv[2]), lambda done, total: time.sleep(0.001))
    print("DONE", flush=True)
    vault.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
