"""Backoff for wrong passphrases: a few free tries, then waits that double, up to 30 seconds."""

from __future__ import annotations

import time
from collections.abc import Callable


class UnlockThrottle:
    """Slows repeated wrong passphrases: free for 3 tries, then 1 s, 2 s, 4 s… up to 30 s."""

    FREE_TRIES = 3
    MAX_DELAY = 30.0

    def __init__(
        self,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.failures = 0
        self._sleep = sleep
        self._clock = clock
        self._not_before = 0.0

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
        self.failures += 1
        self._not_before = self._clock() + self.delay_after(self.failures)

    def succeeded(self) -> None:
        self.failures = 0
        self._not_before = 0.0
