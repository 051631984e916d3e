"""Child process for the rekey crash test: remove a person (which re-encrypts the vault).

Usage: python child_rekey.py VAULT PERSON_ID [STEP]  (the admin's passphrase on stdin)

Prints "READY" once the vault is open, right before `remove_person`, and "DONE" after it. With
STEP (a name `intake_app.store.rekey` passes to its step hook), the process SIGKILLs itself at
that exact point, so every state between the protocol's steps is tested, not just the likely.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

from intake_app.store import Vault, rekey


def main() -> int:
    path, person_id = Path(sys.argv[1]), sys.argv[2]
    step = sys.argv[3] if len(sys.argv) > 3 else None
    if step:

        def stop_here(name: str) -> None:
            if name == step:
                os.kill(os.getpid(), signal.SIGKILL)

        rekey.step_hook = stop_here
    vault = Vault.open(path, sys.stdin.readline().rstrip("\n"))
    print("READY", flush=True)
    vault.remove_person(person_id)
    print("DONE", flush=True)
    vault.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
