"""Backoff for wrong passphrases: a few free tries, then waits that double, up to 30 seconds.

The count is kept in a small file beside the vault (`<vault>.tries`: a number and a time, no
client value), so a script that starts `intake` once per guess waits just as the window does.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Callable
from pathlib import Path

MAX_RECORD_BYTES = 200


class UnlockThrottle:
    """Slows repeated wrong passphrases: free for 3 tries, then 1 s, 2 s, 4 s… up to 30 s."""

    FREE_TRIES = 3
    MAX_DELAY = 30.0

    def __init__(
        self,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        record: Path | None = None,
        wall: Callable[[], float] = time.time,
    ) -> None:
        self.failures = 0
        self._sleep = sleep
        self._clock = clock
        self._not_before = 0.0
        self._record = record
        self._wall = wall
        self._load()

    def delay_after(self, failures: int) -> float:
        extra = failures - self.FREE_TRIES
        return 0.0 if extra < 0 else min(self.MAX_DELAY, 2.0**extra)

    def remaining(self) -> float:
        """Seconds before the next try is allowed (the GUI counts them down rather than freeze)."""
        return max(0.0, self._not_before - self._clock())

    def wait(self) -> None:
        seconds = self.remaining()
        if seconds:
            self._sleep(seconds)

    def failed(self) -> None:
        self._load(count_only=True)
        self.failures += 1
        delay = self.delay_after(self.failures)
        self._not_before = self._clock() + delay
        self._save(self._wall() + delay)

    def succeeded(self) -> None:
        self.failures = 0
        self._not_before = 0.0
        if self._record is not None:
            with contextlib.suppress(OSError):
                self._record.unlink()

    def _load(self, count_only: bool = False) -> None:
        """Take the larger of what this process counted and what the file beside the vault says
        (another run's failures), and, when starting, the wait that run left. A missing,
        unreadable or odd file counts as no failures."""
        if self._record is None:
            return
        try:
            fd = os.open(self._record, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
            with os.fdopen(fd, "rb") as fh:
                saved = json.loads(fh.read(MAX_RECORD_BYTES))
            failures = int(saved["failures"])
            until = float(saved["until"])
        except (OSError, ValueError, KeyError, TypeError):
            return
        if failures > self.failures:
            self.failures = min(failures, 1000)
        if count_only:
            return
        # Never longer than the longest wait, whatever the file (or a clock set back) says.
        left = min(self.MAX_DELAY, max(0.0, until - self._wall()))
        self._not_before = max(self._not_before, self._clock() + left)

    def _save(self, until: float) -> None:
        if self._record is None:
            return
        from intake_app.domain.outputs import OutputError, write_output

        data = json.dumps({"failures": self.failures, "until": round(until, 3)}).encode()
        # A read-only folder (a locked stick) only loses the count across runs.
        with contextlib.suppress(OSError, OutputError):
            write_output(self._record, data)
