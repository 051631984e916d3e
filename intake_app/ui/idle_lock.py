"""Locks the vault after a period without keyboard or mouse input; the clock is injectable."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

DEFAULT_TIMEOUT_SECONDS = 5 * 60
_INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TabletPress,
    }
)


class IdleLock(QObject):
    """Watches the application's input; emits `idle_timed_out` once the timeout passes.

    The check runs on a coarse timer against `clock()`, so tests advance a fake clock and call
    `check()` instead of waiting minutes.
    """

    idle_timed_out = Signal()

    def __init__(
        self,
        timeout_seconds: float = DEFAULT_TIMEOUT_SECONDS,
        clock: Callable[[], float] = time.monotonic,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._clock = clock
        self.timeout_seconds = timeout_seconds
        self._last_input = clock()
        self._armed = False
        self._timer = QTimer(self)
        self._timer.setInterval(5_000)
        self._timer.timeout.connect(self.check)

    def arm(self) -> None:
        """Start counting (after an unlock). The application-wide filter is installed only
        while armed: with nothing unlocked there is nothing to lock, and every event that
        passes through Python costs time (most visibly at start-up)."""
        if not self._armed:
            app = QApplication.instance()
            if app is not None:
                app.installEventFilter(self)
        self._armed = True
        self._last_input = self._clock()
        self._timer.start()

    def disarm(self) -> None:
        if self._armed:
            app = QApplication.instance()
            if app is not None:
                app.removeEventFilter(self)
        self._armed = False
        self._timer.stop()

    def set_timeout(self, seconds: float) -> None:
        self.timeout_seconds = max(30.0, float(seconds))

    def postpone(self) -> None:
        self._last_input = self._clock()

    def seconds_idle(self) -> float:
        return self._clock() - self._last_input

    def check(self) -> None:
        if self._armed and self.seconds_idle() >= self.timeout_seconds:
            self.disarm()
            self.idle_timed_out.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._armed and event.type() in _INPUT_EVENTS:
            self._last_input = self._clock()
        return False
