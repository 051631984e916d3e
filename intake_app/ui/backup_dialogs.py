"""Back up the vault to a file (a USB stick) with a progress bar; restore one to a new place."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEventLoop
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from intake_app.domain import permissions
from intake_app.domain.errors import AmparoError
from intake_app.i18n import _
from intake_app.session import Session
from intake_app.ui import file_dialogs
from intake_app.ui.widgets import AnnouncedLabel, button_row, path_row

BACKUP_FILTER = "Amparo backup (*.amparo-backup)"


class BackupDialog(QDialog):
    """Where the backup goes, how often to be reminded, and a progress bar while it is made."""

    def __init__(
        self,
        session: Session,
        parent: QWidget | None = None,
        keep_awake: Callable[[], None] = lambda: None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self._keep_awake = keep_awake
        self.setObjectName("backup_dialog")
        self.setWindowTitle(_("Back up the vault"))
        self.resize(600, 260)
        name = f"amparo-{dt.date.today().isoformat()}.amparo-backup"
        self.path = QLineEdit(str(Path.home() / name))
        self.path.setObjectName("backup_path")
        self.path.setAccessibleName(_("Back up to"))
        self.reminder = QSpinBox()
        self.reminder.setObjectName("backup_reminder_days")
        self.reminder.setRange(1, 365)
        self.reminder.setValue(session.transfer.backup_reminder_days())
        self.reminder.setSuffix(" " + _("days"))
        self.reminder.setEnabled(session.can(permissions.MANAGE_SETTINGS))
        self.reminder.setAccessibleName(_("Remind me after"))
        self.progress = QProgressBar()
        self.progress.setObjectName("backup_progress")
        self.progress.setRange(0, 1000)
        self.progress.setTextVisible(False)
        explain = QLabel(
            _(
                "The backup is one encrypted file holding the whole vault. It opens with the "
                "same passphrases. A backup that is interrupted leaves the previous one intact."
            )
        )
        explain.setWordWrap(True)
        self.message = AnnouncedLabel()
        self.notice = AnnouncedLabel(error=False)
        self.start = QPushButton(_("Back up"))
        self.start.setObjectName("start_backup")
        self.start.setDefault(True)
        self.close_button = QPushButton(_("Close"))
        form = QFormLayout()
        form.addRow(_("Back up to") + ":", path_row(self.path, self._browse, "backup_browse"))
        form.addRow(_("Remind me after") + ":", self.reminder)
        buttons = button_row(self.start, self.close_button)
        column = QVBoxLayout(self)
        column.addWidget(explain)
        column.addLayout(form)
        column.addWidget(self.progress)
        column.addWidget(self.message)
        column.addWidget(self.notice)
        column.addLayout(buttons)
        self.start.clicked.connect(self.back_up)
        self.close_button.clicked.connect(self.accept)

    def _browse(self) -> None:
        path = file_dialogs.save_file(self, _("Back up to"), self.path.text(), BACKUP_FILTER)
        if path:
            self.path.setText(path)

    def _step(self, done: int, total: int) -> None:
        self.progress.setValue(int(1000 * done / max(total, 1)))
        self._keep_awake()
        # The connection belongs to this thread: keep the window painted, ignore input.
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)

    def back_up(self) -> bool:
        text = self.path.text().strip()
        if not text:
            self.message.announce(_("Choose where the backup goes."))
            return False
        out = Path(text).expanduser()
        if out.suffix != ".amparo-backup":
            out = out.with_name(out.name + ".amparo-backup")
        self.message.clear_message()
        self.notice.clear_message()
        self.start.setEnabled(False)
        try:
            if self.reminder.isEnabled():
                self.session.transfer.set_backup_reminder_days(self.reminder.value())
            report = self.session.transfer.backup(out, progress=self._step)
        except AmparoError as exc:
            self.message.announce(_(exc.user_message))
            return False
        finally:
            self.start.setEnabled(True)
        self.progress.setValue(1000)
        self.notice.announce(
            _("Backed up and verified: {path} ({size} MB).").format(
                path=report.path, size=f"{report.size / 1e6:.1f}"
            )
        )
        return True


class RestoreDialog(QDialog):
    """A backup file, a NEW place for the vault, and a passphrase that opened it then."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("restore_dialog")
        self.setWindowTitle(_("Restore from a backup"))
        self.resize(620, 280)
        self.backup = QLineEdit()
        self.backup.setObjectName("restore_backup_path")
        self.backup.setAccessibleName(_("Backup file"))
        self.target = QLineEdit(str(session.vault_path.with_name("restored-amparo.vault")))
        self.target.setObjectName("restore_target_path")
        self.target.setAccessibleName(_("New vault location"))
        self.passphrase = QLineEdit()
        self.passphrase.setObjectName("restore_passphrase")
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName(_("Passphrase"))
        explain = QLabel(
            _(
                "The vault is recreated at a new location; an existing vault is never "
                "overwritten. Use a passphrase that opened the vault when the backup was made."
            )
        )
        explain.setWordWrap(True)
        self.message = AnnouncedLabel()
        form = QFormLayout()
        form.addRow(_("Backup file") + ":", path_row(self.backup, self._browse_backup, "b1"))
        form.addRow(_("New vault location") + ":", path_row(self.target, self._browse_target, "b2"))
        form.addRow(_("Passphrase") + ":", self.passphrase)
        self.start = QPushButton(_("Restore"))
        self.start.setObjectName("start_restore")
        cancel = QPushButton(_("Cancel"))
        cancel.clicked.connect(self.reject)
        self.start.clicked.connect(self.restore)
        buttons = button_row(self.start, cancel)
        column = QVBoxLayout(self)
        column.addWidget(explain)
        column.addLayout(form)
        column.addWidget(self.message)
        column.addLayout(buttons)

    def _browse_backup(self) -> None:
        path = file_dialogs.open_file(self, _("Backup file"), BACKUP_FILTER)
        if path:
            self.backup.setText(path)

    def _browse_target(self) -> None:
        path = file_dialogs.save_file(
            self, _("New vault location"), self.target.text(), "Amparo vault (*.vault)"
        )
        if path:
            self.target.setText(path)

    def restore(self) -> None:
        backup, target = self.backup.text().strip(), self.target.text().strip()
        if not backup or not target:
            self.message.announce(_("Choose the backup file and where the vault goes."))
            return
        try:
            self.session.transfer.restore_backup(
                Path(backup).expanduser(), Path(target).expanduser(), self.passphrase.text()
            )
        except AmparoError as exc:
            self.message.announce(_(exc.user_message))
            return
        except OSError as exc:
            self.message.announce(
                _("The vault could not be restored there: {reason}").format(reason=exc.strerror)
            )
            return
        finally:
            self.passphrase.clear()
        self.accept()
