"""Carry one case to another vault: export it as an encrypted bundle, import one here."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from intake_app.domain.errors import AmparoError
from intake_app.i18n import _
from intake_app.session import Session
from intake_app.ui import file_dialogs
from intake_app.ui.widgets import AnnouncedLabel, button_row, path_row

BUNDLE_FILTER = "Amparo case bundle (*.amparo-case)"
SUFFIX = ".amparo-case"


class BundleExportDialog(QDialog):
    """Writes the bundle, then shows its one-time passphrase once, large, to read or copy."""

    def __init__(self, session: Session, case_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.case_id = case_id
        self.setObjectName("bundle_export_dialog")
        self.setWindowTitle(_("Export case {case}").format(case=case_id))
        self.resize(620, 300)
        explain = QLabel(
            _(
                "The case (answers, documents, packet choices and its audit trail) is written "
                "to one encrypted file, to carry to another Amparo vault. It opens with a "
                "one-time passphrase that is shown once, after the file is written."
            )
        )
        explain.setWordWrap(True)
        # The file is named by the case number, never by the client.
        self.path = QLineEdit(str(Path.home() / f"{case_id}{SUFFIX}"))
        self.path.setObjectName("bundle_path")
        self.path.setAccessibleName(_("Save to"))
        self.passphrase = QLineEdit()
        self.passphrase.setObjectName("bundle_passphrase")
        self.passphrase.setReadOnly(True)
        font = QFont(self.passphrase.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setFamily("monospace")
        self.passphrase.setFont(font)
        self.passphrase.setAccessibleName(_("One-time passphrase"))
        self.passphrase.hide()
        self.passphrase_note = QLabel(
            _(
                "Write this passphrase down or read it to the person who imports the case. "
                "Do not send it with the file. Amparo does not keep it."
            )
        )
        self.passphrase_note.setWordWrap(True)
        self.passphrase_note.hide()
        self.message = AnnouncedLabel()
        self.notice = AnnouncedLabel(error=False)
        self.start = QPushButton(_("Export"))
        self.start.setObjectName("start_bundle_export")
        self.start.setDefault(True)
        close = QPushButton(_("Close"))
        close.clicked.connect(self.accept)
        self.start.clicked.connect(self.export)
        form = QFormLayout()
        form.addRow(_("Save to") + ":", path_row(self.path, self._browse, "bundle_browse"))
        buttons = button_row(self.start, close)
        column = QVBoxLayout(self)
        column.addWidget(explain)
        column.addLayout(form)
        column.addWidget(self.message)
        column.addWidget(self.notice)
        column.addWidget(self.passphrase)
        column.addWidget(self.passphrase_note)
        column.addLayout(buttons)

    def _browse(self) -> None:
        path = file_dialogs.save_file(self, _("Save to"), self.path.text(), BUNDLE_FILTER)
        if path:
            self.path.setText(path)

    def export(self) -> None:
        text = self.path.text().strip()
        if not text:
            self.message.announce(_("Choose where the bundle goes."))
            return
        out = Path(text).expanduser()
        if out.suffix != SUFFIX:
            out = out.with_name(out.name + SUFFIX)
        try:
            words, _report = self.session.transfer.export_bundle(self.case_id, out)
        except AmparoError as exc:
            self.message.announce(_(exc.user_message))
            return
        self.message.clear_message()
        self.notice.announce(_("Written: {path}").format(path=out))
        self.passphrase.setText(words)
        self.passphrase.show()
        self.passphrase_note.show()
        self.start.setEnabled(False)

    def done(self, result: int) -> None:
        self.passphrase.clear()  # shown once: gone when the dialog closes
        super().done(result)


class BundleImportDialog(QDialog):
    """A bundle file and its one-time passphrase; the case arrives whole or not at all."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.imported_case: str | None = None
        self.setObjectName("bundle_import_dialog")
        self.setWindowTitle(_("Import a case bundle"))
        self.resize(600, 220)
        self.path = QLineEdit()
        self.path.setObjectName("bundle_import_path")
        self.path.setAccessibleName(_("Bundle file"))
        self.passphrase = QLineEdit()
        self.passphrase.setObjectName("bundle_import_passphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName(_("One-time passphrase"))
        self.message = AnnouncedLabel()
        form = QFormLayout()
        form.addRow(_("Bundle file") + ":", path_row(self.path, self._browse, "import_browse"))
        form.addRow(_("One-time passphrase") + ":", self.passphrase)
        self.start = QPushButton(_("Import"))
        self.start.setObjectName("start_bundle_import")
        self.start.setDefault(True)
        cancel = QPushButton(_("Cancel"))
        cancel.clicked.connect(self.reject)
        self.start.clicked.connect(self.import_bundle)
        buttons = button_row(self.start, cancel)
        column = QVBoxLayout(self)
        column.addLayout(form)
        column.addWidget(self.message)
        column.addLayout(buttons)

    def _browse(self) -> None:
        path = file_dialogs.open_file(self, _("Bundle file"), BUNDLE_FILTER)
        if path:
            self.path.setText(path)

    def import_bundle(self) -> None:
        text = self.path.text().strip()
        if not text:
            self.message.announce(_("Choose the bundle file."))
            return
        try:
            report = self.session.transfer.import_bundle(
                Path(text).expanduser(), self.passphrase.text()
            )
        except AmparoError as exc:
            self.message.announce(_(exc.user_message))
            return
        except OSError as exc:
            self.message.announce(
                _("The file could not be read: {reason}").format(reason=exc.strerror)
            )
            return
        self.passphrase.clear()
        self.imported_case = report.case_id
        self.accept()
