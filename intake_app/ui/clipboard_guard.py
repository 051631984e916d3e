"""Clipboard hygiene: text copied from Amparo is cleared after 30 seconds if nobody replaced it."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QClipboard, QGuiApplication

DEFAULT_SECONDS = 30.0


def _digest(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()


def _copied_here(clipboard: QClipboard) -> bool:
    # X11 and Windows say who owns the clipboard; elsewhere a change while Amparo has the focus
    # is Amparo's own copy (another program cannot copy without taking the focus).
    active = QGuiApplication.applicationState() == Qt.ApplicationState.ApplicationActive
    return clipboard.ownsClipboard() or active


class ClipboardGuard(QObject):
    """Remembers a digest of text the app put on the clipboard (never the text itself) and
    clears the clipboard once `seconds` pass, only if it still holds that text (as KeePassXC
    does). The clock and the ownership test are injectable; tests call `check()`."""

    def __init__(
        self,
        clipboard: QClipboard | None = None,
        clock: Callable[[], float] = time.monotonic,
        seconds: float = DEFAULT_SECONDS,
        is_ours: Callable[[], bool] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._clipboard = clipboard or QGuiApplication.clipboard()
        self._clock = clock
        self.seconds = seconds
        self._is_ours = is_ours or (lambda: _copied_here(self._clipboard))
        self._digest: bytes | None = None
        self._copied_at = 0.0
        self._timer = QTimer(self)
        self._timer.setInterval(1_000)
        self._timer.timeout.connect(self.check)
        self._clipboard.dataChanged.connect(self._changed)

    @property
    def pending(self) -> bool:
        """True while a copied value is waiting to be cleared."""
        return self._digest is not None

    def _changed(self) -> None:
        text = self._clipboard.text()
        if text and self._is_ours():
            self._digest = _digest(text)
            self._copied_at = self._clock()
            self._timer.start()
        elif self._digest is not None and _digest(text) != self._digest:
            self._forget()  # someone else's text now: not ours to clear

    def check(self) -> None:
        if self._digest is not None and self._clock() - self._copied_at >= self.seconds:
            self.clear_now()

    def clear_now(self) -> None:
        """Clear the clipboard if it still holds what the app copied (also used on lock)."""
        if self._digest is not None and _digest(self._clipboard.text()) == self._digest:
            self._forget()
            self._clipboard.clear()
        self._forget()

    def _forget(self) -> None:
        self._digest = None
        self._timer.stop()
