"""Opens a vault, saves answers and dies without closing: its -wal keeps the frames."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from intake_app.store import Vault

vault = Vault.open(Path(sys.argv[1]), sys.argv[2])
case_id = "C-" + sys.argv[3]
vault.create_case(case_id, "es", "humanitarian_release", 1, (0, 1))
for n in range(20):
    vault.save_answer(case_id, "facility_name", f"Facility {n}")
os._exit(0)
