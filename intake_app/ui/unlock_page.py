"""The unlock screen: a passphrase, a clear message when it is wrong, and a pause after a few."""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from intake_app.domain.errors import AmparoError
from intake_app.i18n import _, ngettext
from intake_app.session import Session
from intake_app.ui.widgets import AnnouncedLabel, button_row, centred_card, heading


def password_field(object_name: str) -> QLineEdit:
    field = QLineEdit()
    field.setObjectName(object_name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    # Paste stays allowed: password managers and long phrases depend on it (NIST 800-63B).
    field.setClearButtonEnabled(True)
    return field


class UnlockPage(QWidget):
    """Asks for the passphrase; a wrong one gets a clear message and, after a few, a pause."""

    unlocked = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.title = heading()
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.location = QLabel()
        self.location.setObjectName("vault_location")
        self.passphrase_label = QLabel()
        self.passphrase = password_field("passphrase")
        self.passphrase_label.setBuddy(self.passphrase)
        self.error = AnnouncedLabel()
        # Why the vault closed (idle, screen lock), so a returning volunteer is not puzzled.
        self.reason = AnnouncedLabel(error=False)
        self.reason.setObjectName("lock_reason")
        self.unlock_button = QPushButton()
        self.unlock_button.setObjectName("unlock")
        self.unlock_button.setDefault(True)
        self._countdown = QTimer(self)
        self._countdown.setInterval(250)
        self._countdown.timeout.connect(self._tick)

        body = QWidget()
        column = QVBoxLayout(body)
        column.addWidget(self.title)
        column.addWidget(self.reason)
        column.addWidget(self.intro)
        column.addWidget(self.location)
        column.addSpacing(8)
        column.addWidget(self.passphrase_label)
        column.addWidget(self.passphrase)
        column.addWidget(self.error)
        buttons = button_row(self.unlock_button)
        column.addLayout(buttons)
        QVBoxLayout(self).addWidget(centred_card(body))

        self.unlock_button.clicked.connect(self.try_unlock)
        self.passphrase.returnPressed.connect(self.try_unlock)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(_("Unlock the vault"))
        self.intro.setText(_("Enter your passphrase to open the clinic's cases."))
        self.location.setText(_("Vault: {path}").format(path=self.session.vault_path))
        self.passphrase_label.setText(_("Passphrase:"))
        self.passphrase.setAccessibleName(_("Passphrase"))
        self.unlock_button.setText(_("Unlock"))

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.passphrase.setFocus()

    def try_unlock(self) -> None:
        if self.session.unlock_wait_seconds() > 0:
            return
        try:
            self.session.unlock(self.passphrase.text())
        except AmparoError as exc:
            self.passphrase.selectAll()
            self.error.announce(_(exc.user_message))
            if self.session.unlock_wait_seconds() > 0:
                self.unlock_button.setEnabled(False)
                self._countdown.start()
                self._tick()
            return
        self.clear()
        self.unlocked.emit()

    def _tick(self) -> None:
        seconds = int(self.session.unlock_wait_seconds() + 0.999)
        if seconds <= 0:
            self._countdown.stop()
            self.unlock_button.setEnabled(True)
            self.unlock_button.setText(_("Unlock"))
            return
        self.unlock_button.setText(
            ngettext("Wait {n} second", "Wait {n} seconds", seconds).format(n=seconds)
        )

    def clear(self) -> None:
        self.passphrase.clear()
        self.error.clear_message()
        self.reason.clear_message()

    def show_reason(self, text: str) -> None:
        self.reason.announce(text)
