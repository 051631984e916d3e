"""Guards the Qt binding itself: PySide6 6.12.0 dropped a reference to every argument and return
value of a signal delivered to a Python slot (on Python 3.11 the app aborted mid-interview).

The guard uses objects whose reference counts are real on every Python: values made at run time
(None, True and False are immortal from Python 3.12, so counting them proves nothing there), sent
through a signal of the same shape as the interview's `answer_given(str, int, object)`."""

from __future__ import annotations

import gc
import sys
import weakref

import pytest
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QPushButton

ROUNDS = 300


class _Answer:
    """Stands for an answer value: a fresh, mortal object."""


class _Emitter(QObject):
    answer_given = Signal(str, int, object)
    flag = Signal(bool)


def test_an_answer_sent_through_a_signal_keeps_its_reference_count(qtbot):
    emitter = _Emitter()
    received: list[object] = []
    emitter.answer_given.connect(lambda question, item, value: received.append(value))
    values = [_Answer(), {"child_name": "Valeria"}, "".join(["Vázquez", " Morales"])]
    before = [sys.getrefcount(v) for v in values]
    for _ in range(ROUNDS):
        for value in values:
            emitter.answer_given.emit("child_name", 0, value)
    assert len(received) == ROUNDS * len(values)
    received.clear()
    gc.collect()
    # A binding that drops references lowers these (and frees live objects); one that leaks
    # raises them — by hundreds either way. One extra reference (a conversion cache holding
    # the last string) is not a per-delivery leak.
    after = [sys.getrefcount(v) for v in values]
    assert all(abs(a - b) <= 2 for a, b in zip(after, before, strict=True)), (before, after)


def test_a_delivered_value_is_freed_once_nobody_holds_it(qtbot):
    emitter = _Emitter()
    emitter.answer_given.connect(lambda question, item, value: None)
    value = _Answer()
    gone = weakref.ref(value)
    for _ in range(ROUNDS):
        emitter.answer_given.emit("q", -1, value)
    del value
    gc.collect()
    assert gone() is None


def test_a_slots_return_value_is_not_released_twice(qtbot):
    emitter = _Emitter()
    kept = _Answer()
    emitter.flag.connect(lambda on: kept)  # the slot returns a live object every time
    before = sys.getrefcount(kept)
    for _ in range(ROUNDS):
        emitter.flag.emit(True)
    gc.collect()
    assert sys.getrefcount(kept) == before


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None/True/False are immortal")
def test_signal_delivery_keeps_reference_counts_of_none_true_and_false(qtbot):
    """On Python 3.11 these singletons are mortal: a leaking binding aborts the app."""
    emitter = _Emitter()
    button = QPushButton()
    emitter.flag.connect(lambda value: None)
    button.clicked.connect(lambda _checked=False: None)
    before = (sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False))
    for _ in range(ROUNDS):
        emitter.flag.emit(True)
        emitter.flag.emit(False)
        button.click()
    after = (sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False))
    assert all(abs(a - b) < 50 for a, b in zip(before, after, strict=True)), (before, after)
