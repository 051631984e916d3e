"""Guards the Qt binding itself: PySide6 6.12.0 leaked references on every signal delivery."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QPushButton


class _Emitter(QObject):
    flag = Signal(bool)


def test_signal_delivery_keeps_reference_counts_of_none_true_and_false(qtbot):
    """On Python 3.11, a binding that drops these references aborts the app mid-interview."""
    emitter = _Emitter()
    button = QPushButton()
    received = []
    emitter.flag.connect(lambda value: received.append(value) and None)
    button.clicked.connect(lambda _checked=False: None)
    before = (sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False))
    for _ in range(300):
        emitter.flag.emit(True)
        emitter.flag.emit(False)
        button.click()
    received.clear()
    after = (sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False))
    # Allow a little noise from caches; a leaking binding loses hundreds.
    assert all(abs(a - b) < 50 for a, b in zip(before, after, strict=True)), (before, after)
