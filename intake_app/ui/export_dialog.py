"""Asks where to save a PDF and for an optional password, saying plainly what no password means."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from intake_app.i18n import _
from intake_app.ui.widgets import AnnouncedLabel, path_row

MIN_PDF_PASSWORD = 8


class ExportDialog(QDialog):
    """A destination and an AES-256 password (twice), or a conscious choice of none."""

    def __init__(self, suggested_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("export_dialog")
        self.setWindowTitle(_("Export PDF"))
        self.resize(560, 280)
        self.path = QLineEdit(str(Path.home() / suggested_name))
        self.path.setObjectName("export_path")
        self.path.setAccessibleName(_("Save to"))
        self.password = QLineEdit()
        self.password.setObjectName("export_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setAccessibleName(_("PDF password"))
        self.repeat = QLineEdit()
        self.repeat.setObjectName("export_password_repeat")
        self.repeat.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat.setAccessibleName(_("Repeat the PDF password"))
        self.warning = QLabel()
        self.warning.setObjectName("export_warning")
        self.warning.setWordWrap(True)
        self.error = AnnouncedLabel()

        form = QFormLayout()
        form.addRow(_("Save to") + ":", path_row(self.path, self._browse, "export_browse"))
        form.addRow(_("PDF password") + ":", self.password)
        form.addRow(_("Repeat the PDF password") + ":", self.repeat)
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
            self.warning.setText(
                _(
                    "The PDF will be encrypted (AES-256). Give the password to the attorney by "
                    "another way than the file itself."
                )
            )
        else:
            self.warning.setText(
                _(
                    "Without a password, anyone who finds this file — on a USB stick, in an email, "
                    "in a downloads folder — can read everything in it."
                )
            )

    def _browse(self) -> None:
        path, _filter = QFileDialog.getSaveFileName(
            self, _("Export PDF"), self.path.text(), _("PDF documents (*.pdf)")
        )
        if path:
            self.path.setText(path)

    def chosen_password(self) -> str | None:
        return self.password.text() or None

    def chosen_path(self) -> Path:
        path = Path(self.path.text().strip()).expanduser()
        return path if path.suffix.lower() == ".pdf" else path.with_suffix(".pdf")

    def _accept(self) -> None:
        if not self.path.text().strip():
            self.error.announce(_("Choose where to save the file."))
            return
        if self.password.text() != self.repeat.text():
            self.error.announce(_("The two passwords do not match."))
            return
        if self.password.text() and len(self.password.text()) < MIN_PDF_PASSWORD:
            self.error.announce(
                _("Use at least {n} characters for the PDF password.").format(n=MIN_PDF_PASSWORD)
            )
            return
        if not self.chosen_path().parent.is_dir():
            self.error.announce(_("That folder does not exist."))
            return
        self.accept()
