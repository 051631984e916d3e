"""The longest answers build a packet in bounded time (issue 22): every text answer of a persona
at 10,000 characters without a space — a name pasted over and over, a stuck key."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LENGTH = 10_000
# Seconds; about 13 s here (40 answers). Before the fix a declarant's name this long never
# finished: ReportLab kept a too-tall "keep with next" paragraph for the next page, forever.
TIMEOUT = 180


def test_every_output_builds_with_every_text_answer_at_ten_thousand_characters():
    done = subprocess.run(
        [sys.executable, "-m", "tests.packet.bounded_text_child", str(LENGTH)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env=dict(os.environ, AMPARO_INSECURE_TEST_KDF="1"),
    )
    assert done.returncode == 0, done.stderr[-2000:]
    filled, smallest, seconds = done.stdout.split()
    assert int(filled) >= 20 and int(smallest) > 1000
    print(f"{filled} answers at {LENGTH:,} characters: every output built in {seconds} s")
