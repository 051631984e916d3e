"""The one way slow work leaves the GUI thread: a function of frozen data, run on Qt's pool."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Signals(QObject):
    finished = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, work: Callable[[], Any], signals: _Signals) -> None:
        super().__init__()
        self._work = work
        self._signals = signals

    def run(self) -> None:
        try:
            result = self._work()
        except Exception as exc:  # handed to the GUI thread, which shows a friendly message
            self._signals.failed.emit(exc)
        else:
            self._signals.finished.emit(result)


class BackgroundRunner(QObject):
    """Runs `work()` off the GUI thread; `work` must close over plain data, never widgets or
    a database connection (the vault's connection belongs to the GUI thread)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._live: set[_Signals] = set()

    def submit(
        self,
        work: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[Exception], None],
    ) -> None:
        signals = _Signals()
        self._live.add(signals)

        def finish(result: Any) -> None:
            self._live.discard(signals)
            on_done(result)

        def fail(exc: Exception) -> None:
            self._live.discard(signals)
            on_error(exc)

        # Queued delivery: the callbacks run on the GUI thread that owns `signals`.
        signals.finished.connect(finish)
        signals.failed.connect(fail)
        self._pool.start(_Job(work, signals))

    def wait(self, msecs: int = 30_000) -> bool:
        return self._pool.waitForDone(msecs)
