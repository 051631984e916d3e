"""Changing one's own passphrase: the current one, a new one checked for strength, twice."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from intake_app.domain.errors import AmparoError, WrongPassphrase
from intake_app.domain.passphrase import check_passphrase
from intake_app.i18n import _
from intake_app.session import Session
from intake_app.ui.create_vault_page import passphrase_problem_text
from intake_app.ui.widgets import AnnouncedLabel


class ChangePassphraseDialog(QDialog):
    """Rewraps the signed-in person's key slot; nobody else's passphrase changes."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("change_passphrase_dialog")
        self.setWindowTitle(_("Change my passphrase"))
        self.current = self._secret("current_passphrase", _("Current passphrase"))
        self.new = self._secret("new_passphrase", _("New passphrase"))
        self.repeat = self._secret("repeat_passphrase", _("New passphrase again"))
        self.feedback = QLabel()
        self.feedback.setWordWrap(True)
        self.error = AnnouncedLabel()
        form = QFormLayout()
        form.addRow(_("Current passphrase") + ":", self.current)
        form.addRow(_("New passphrase") + ":", self.new)
        form.addRow(_("New passphrase again") + ":", self.repeat)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.change)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addLayout(form)
        column.addWidget(self.feedback)
        column.addWidget(self.error)
        column.addWidget(buttons)
        self.new.textChanged.connect(self._explain)
        self.repeat.textChanged.connect(self._explain)
        self._explain()

    def _secret(self, name: str, accessible: str) -> QLineEdit:
        field = QLineEdit()
        field.setObjectName(name)
        field.setEchoMode(QLineEdit.EchoMode.Password)
        field.setAccessibleName(accessible)
        return field

    def _problems(self) -> list[str]:
        name = self.session.person.display_name if self.session.is_unlocked else ""
        problems = list(check_passphrase(self.new.text(), context=(name,)).problems)
        if self.repeat.text() != self.new.text():
            problems.append("mismatch")
        return problems

    def _explain(self) -> None:
        problems = self._problems() if self.new.text() else []
        text = " ".join(passphrase_problem_text(code) for code in problems)
        self.feedback.setText(text or (_("Strong passphrase.") if self.new.text() else ""))

    def change(self) -> None:
        """Change it, or say why not and keep the dialog open (nothing changes on a refusal)."""
        problems = self._problems()
        if problems:
            self.error.announce(" ".join(passphrase_problem_text(code) for code in problems))
            return
        try:
            self.session.change_passphrase(self.current.text(), self.new.text())
        except WrongPassphrase:
            self.error.announce(_("The current passphrase is not right. Nothing was changed."))
            return
        except AmparoError as exc:
            self.error.announce(_(exc.user_message))
            return
        for field in (self.current, self.new, self.repeat):
            field.clear()
        self.accept()
