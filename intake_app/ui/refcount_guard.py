"""Keeps None, True and False alive under PySide6 builds that drop references to them."""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject, Signal

# Far more than any program takes or drops: what CPython 3.12 calls "immortal" (PEP 683).
_HEADROOM = 1 << 40


class _Probe(QObject):
    fired = Signal()


def _references_dropped() -> bool:
    """Whether this PySide hands back None or True without owning a reference to it.

    PySide6 6.12.0 does so on CPython 3.11: every void method call from Python (setText,
    setObjectName…) costs None one reference and every `emit()` or `disconnect()` costs
    True one, so a long session, or the end of a test run, aborts the interpreter with
    "none_dealloc" or "bool_dealloc". Measured rather than assumed: a fixed PySide needs
    nothing.
    """
    probe = _Probe()
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(4):
        probe.setObjectName("probe")
        probe.fired.emit()
    return sys.getrefcount(None) < none_before or sys.getrefcount(True) < true_before


def _make_immortal(obj: object) -> None:
    # ob_refcnt is the first field of every object in a release build of CPython.
    ctypes.c_ssize_t.from_address(id(obj)).value += _HEADROOM


def guard() -> bool:
    """Apply the fix if needed (once); returns whether it was needed."""
    if sys.version_info >= (3, 12) or hasattr(sys, "getobjects"):
        return False  # already immortal, or a trace-refs build with another object layout
    if not _references_dropped():
        return False
    for singleton in (None, True, False):
        _make_immortal(singleton)
    return True


NEEDED = guard()
