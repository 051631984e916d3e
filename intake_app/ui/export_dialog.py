"""Asks where to save a PDF or a Word draft and for an optional password, saying plainly what no
password means."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from intake_app.i18n import _
from intake_app.ui import file_dialogs
from intake_app.ui.widgets import AnnouncedLabel, path_row

MIN_PDF_PASSWORD = 8


def _words(fmt: str) -> dict[str, str]:
    """The dialog's words for one format (each string whole, for the translators)."""
    if fmt == "docx":
        return {
            "title": _("Export Word document"),
            "password": _("Word document password"),
            "repeat": _("Repeat the Word document password"),
            "filter": _("Word documents (*.docx)"),
            "sealed": _(
                "The Word document will be encrypted (Office agile encryption, AES). Give the "
                "password to the attorney by another way than the file itself."
            ),
            "short": _("Use at least {n} characters for the Word document password."),
        }
    return {
        "title": _("Export PDF"),
        "password": _("PDF password"),
        "repeat": _("Repeat the PDF password"),
        "filter": _("PDF documents (*.pdf)"),
        "sealed": _(
            "The PDF will be encrypted (AES-256). Give the password to the attorney by "
            "another way than the file itself."
        ),
        "short": _("Use at least {n} characters for the PDF password."),
    }


class ExportDialog(QDialog):
    """A destination and an AES-256 password (twice), or a conscious choice of none."""

    def __init__(
        self, suggested_name: str, parent: QWidget | None = None, fmt: str = "pdf"
    ) -> None:
        super().__init__(parent)
        self.fmt = fmt
        self.words = _words(fmt)
        self.setObjectName("export_dialog")
        self.setWindowTitle(self.words["title"])
        self.resize(560, 280)
        self.path = QLineEdit(str(Path.home() / suggested_name))
        self.path.setObjectName("export_path")
        self.path.setAccessibleName(_("Save to"))
        self.password = QLineEdit()
        self.password.setObjectName("export_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(self.words["password"])
        self.repeat = QLineEdit()
        self.repeat.setObjectName("export_password_repeat")
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat.setAccessibleName(self.words["repeat"])
        self.warning = QLabel()
        self.warning.setObjectName("export_warning")
        self.warning.setWordWrap(True)
        self.error = AnnouncedLabel()

        form = QFormLayout()
        form.addRow(_("Save to") + ":", path_row(self.path, self._browse, "export_browse"))
        form.addRow(self.words["password"] + ":", self.password)
        form.addRow(self.words["repeat"] + ":", self.repeat)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addLayout(form)
        column.addWidget(self.warning)
        column.addWidget(self.error)
        column.addWidget(buttons)
        self.password.textChanged.connect(self._explain)
        self._explain()

    def _explain(self) -> None:
        if self.password.text():
            self.warning.setText(self.words["sealed"])
        else:
            self.warning.setText(
                _(
                    "Without a password, anyone who finds this file — on a USB stick, in an email, "
                    "in a downloads folder — can read everything in it."
                )
            )

    def _browse(self) -> None:
        path = file_dialogs.save_file(
            self, self.words["title"], self.path.text(), self.words["filter"]
        )
        if path:
            self.path.setText(path)

    def chosen_password(self) -> str | None:
        return self.password.text() or None

    def chosen_path(self) -> Path:
        path = Path(self.path.text().strip()).expanduser()
        suffix = f".{self.fmt}"
        return path if path.suffix.lower() == suffix else path.with_suffix(suffix)

    def _accept(self) -> None:
        if not self.path.text().strip():
            self.error.announce(_("Choose where to save the file."))
            return
        if self.password.text() != self.repeat.text():
            self.error.announce(_("The two passwords do not match."))
            return
        if self.password.text() and len(self.password.text()) < MIN_PDF_PASSWORD:
            self.error.announce(self.words["short"].format(n=MIN_PDF_PASSWORD))
            return
        if not self.chosen_path().parent.is_dir():
            self.error.announce(_("That folder does not exist."))
            return
        self.accept()
