"""File dialogs that remember nothing outside the vault.

Qt's own dialogs write the last folder visited (a folder may be named after a family) to
`QtProject.conf` in the user's configuration, readable by every program and kept after quit;
the desktops' native dialogs add files to "recent files" lists. These dialogs are Qt's widget
dialogs (never the native ones) and Qt's memory of them is wiped as soon as each one closes.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QWidget

_QT_DIALOG_MEMORY = ("FileDialog", "Qt/filedialog")  # where Qt keeps lastVisited, history…


def _run(dialog: QFileDialog) -> list[str]:
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setHistory([])
    try:
        chosen = dialog.selectedFiles() if dialog.exec() else []
    finally:
        # The dialog saves its memory when it is destroyed: destroy it now, then forget it.
        shiboken6.delete(dialog)
        forget_dialog_memory()
    return [path for path in chosen if path]


def forget_dialog_memory() -> None:
    """Remove what Qt's file dialogs remembered from the user's configuration."""
    settings = QSettings(QSettings.Scope.UserScope, "QtProject")
    for group in _QT_DIALOG_MEMORY:
        settings.remove(group)
    settings.sync()


def open_file(parent: QWidget | None, title: str, name_filter: str = "") -> str:
    dialog = QFileDialog(parent, title, "", name_filter)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    found = _run(dialog)
    return found[0] if found else ""


def open_files(parent: QWidget | None, title: str, name_filter: str = "") -> list[str]:
    dialog = QFileDialog(parent, title, "", name_filter)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFiles)
    return _run(dialog)


def save_file(parent: QWidget | None, title: str, start: str = "", name_filter: str = "") -> str:
    dialog = QFileDialog(parent, title, start, name_filter)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    found = _run(dialog)
    return found[0] if found else ""


def choose_folder(parent: QWidget | None, title: str) -> str:
    dialog = QFileDialog(parent, title)
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
    found = _run(dialog)
    return found[0] if found else ""
