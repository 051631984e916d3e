"""Composition root of the GUI: QApplication, Qt's own translations, the session and the window."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTimer, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from intake_app import i18n, paths
from intake_app.session import Session
from intake_app.ui.main_window import MainWindow

_installed_translator: QTranslator | None = None


def install_qt_translator(app: QApplication, language: str) -> QTranslator | None:
    """Stock dialogs (Yes/No, file dialogs) in the UI language, from Qt's own qtbase catalog."""
    global _installed_translator
    if _installed_translator is not None:
        app.removeTranslator(_installed_translator)
        _installed_translator = None
    if language == "en":
        return None
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(QLocale(language), "qtbase", "_", folder):
        app.installTranslator(translator)
        _installed_translator = translator
        return translator
    return None


def apply_saved_language() -> None:
    """The interface language chosen in Settings on this computer, if any (QSettings keeps
    only the language code: it identifies nobody)."""
    from intake_app.ui.preferences import saved_ui_language

    saved = saved_ui_language()
    if saved is not None:
        i18n.set_language(saved)


def build_window(session: Session, app: QApplication) -> MainWindow:
    window = MainWindow(session)
    i18n.on_language_changed(lambda lang: install_qt_translator(app, lang))
    install_qt_translator(app, i18n.current_language())
    return window


def run_gui(
    vault: str | Path | None = None,
    *,
    exit_after_show: bool = False,
    use_saved_language: bool = True,
) -> int:
    """The application window. `exit_after_show` quits once the first window is on screen:
    `make bench` times the frozen app against the source with it, and `make dist-test` uses it
    to prove the bundle's window opens."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Amparo")
    app.setOrganizationName("Amparo")
    app.setWindowIcon(QIcon(str(paths.app_icon_path())))
    if use_saved_language:
        apply_saved_language()
    session = Session(vault)
    window = build_window(session, app)
    window.show()
    if exit_after_show:
        # Runs after the events already queued, the window's first paint among them.
        QTimer.singleShot(0, app.quit)
    code = app.exec()
    session.lock()
    return code
