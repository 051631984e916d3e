"""Auto-lock after idle time, measured on an injected clock so the test need not wait."""

from __future__ import annotations

from PySide6.QtCore import Qt

from intake_app.ui.main_window import MainWindow
from tests.ui.conftest import PASSPHRASE


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _window(qtbot, session, clock) -> MainWindow:
    window = MainWindow(session, clock=clock)
    qtbot.addWidget(window)
    window.show()
    return window


def test_idle_timeout_locks_and_clears_the_window(qtbot, unlocked_session):
    unlocked_session.cases.create("es")
    clock = FakeClock()
    window = _window(qtbot, unlocked_session, clock)
    window.idle_lock.set_timeout(300)
    assert window.cases_page.model.rowCount() == 1
    clock.now += 299
    window.idle_lock.check()
    assert unlocked_session.is_unlocked
    clock.now += 2
    window.idle_lock.check()
    assert not unlocked_session.is_unlocked
    assert window.cases_page.model.rowCount() == 0
    assert window.stack.currentWidget() is window.unlock_page
    # The volunteer who comes back is told why, and that nothing was lost.
    reason = window.unlock_page.reason
    assert reason.isVisibleTo(window) and "5 minutes" in reason.text()
    window.unlock_page.passphrase.setText(PASSPHRASE)
    window.unlock_page.try_unlock()
    assert not reason.text()


def test_input_postpones_the_idle_lock(qtbot, unlocked_session):
    clock = FakeClock()
    window = _window(qtbot, unlocked_session, clock)
    window.idle_lock.set_timeout(300)
    clock.now += 250
    qtbot.keyClick(window.cases_page.search, Qt.Key.Key_A)
    clock.now += 250
    window.idle_lock.check()
    assert unlocked_session.is_unlocked
    clock.now += 60
    window.idle_lock.check()
    assert not unlocked_session.is_unlocked


def test_idle_lock_is_not_armed_while_locked(qtbot, session):
    clock = FakeClock()
    window = _window(qtbot, session, clock)
    clock.now += 10_000
    window.idle_lock.check()
    assert window.stack.currentWidget() is window.create_page
