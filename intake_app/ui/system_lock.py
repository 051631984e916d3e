"""Locking when the computer sleeps or the screen locks, wherever Qt or D-Bus can tell us."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import QGuiApplication

# (bus, service, object path, interface, signal, slot signature)
_DBUS_SIGNALS = (
    (
        "system",
        "org.freedesktop.login1",
        "/org/freedesktop/login1",
        "org.freedesktop.login1.Manager",
        "PrepareForSleep",
        "prepare_for_sleep(bool)",
    ),
    (
        "system",
        "org.freedesktop.login1",
        "/org/freedesktop/login1/session/auto",
        "org.freedesktop.login1.Session",
        "Lock",
        "session_locked()",
    ),
    # Any sender on the session bus: whichever program holds the screen-saver name emits it,
    # and a spurious signal can do no worse than lock the vault.
    (
        "session",
        "",
        "/org/freedesktop/ScreenSaver",
        "org.freedesktop.ScreenSaver",
        "ActiveChanged",
        "screen_saver_changed(bool)",
    ),
    (
        "session",
        "",
        "/org/gnome/ScreenSaver",
        "org.gnome.ScreenSaver",
        "ActiveChanged",
        "screen_saver_changed(bool)",
    ),
)


class SystemLockWatcher(QObject):
    """Emits `lock_requested(reason)` on suspend, sleep or screen lock.

    Everywhere: Qt's application state turning Suspended (mobile-style platforms). On Linux,
    when D-Bus is there: logind's PrepareForSleep and session Lock, and the freedesktop and
    GNOME screen savers' ActiveChanged. Windows and macOS screen locks are not reported to Qt
    applications; there the idle lock is what closes the vault. `sources` lists what is wired.
    """

    lock_requested = Signal(str)

    def __init__(self, parent: QObject | None = None, use_dbus: bool = True) -> None:
        super().__init__(parent)
        self.sources: list[str] = []
        app = QGuiApplication.instance()
        if app is not None:
            app.applicationStateChanged.connect(self.application_state_changed)
            self.sources.append("application_state")
        self._dbus_tried = False
        if use_dbus:
            self.connect_dbus()

    def connect_dbus(self) -> None:
        """Listen on D-Bus (Linux; once). Does nothing where there is no bus or no QtDBus."""
        if self._dbus_tried or not sys.platform.startswith("linux"):
            return
        self._dbus_tried = True
        try:
            from PySide6.QtCore import SLOT
            from PySide6.QtDBus import QDBusConnection
        except ImportError:
            return
        buses = {"system": QDBusConnection.systemBus(), "session": QDBusConnection.sessionBus()}
        for bus, service, path, interface, name, slot in _DBUS_SIGNALS:
            connection = buses[bus]
            if connection.isConnected() and connection.connect(
                service, path, interface, name, self, SLOT(slot)
            ):
                self.sources.append(f"{interface}.{name}")

    @Slot(Qt.ApplicationState)
    def application_state_changed(self, state: Qt.ApplicationState) -> None:
        if state == Qt.ApplicationState.ApplicationSuspended:
            self.lock_requested.emit("suspended")

    @Slot(bool)
    def prepare_for_sleep(self, going_to_sleep: bool) -> None:
        if going_to_sleep:
            self.lock_requested.emit("sleep")

    @Slot()
    def session_locked(self) -> None:
        self.lock_requested.emit("screen_locked")

    @Slot(bool)
    def screen_saver_changed(self, active: bool) -> None:
        if active:
            self.lock_requested.emit("screen_locked")
