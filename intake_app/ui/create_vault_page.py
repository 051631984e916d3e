"""First run: where the vault lives, who the first person is, and a strong passphrase."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from intake_app.domain.errors import AmparoError, PassphraseRejected
from intake_app.domain.passphrase import MIN_LENGTH, check_passphrase
from intake_app.i18n import _
from intake_app.session import Session
from intake_app.ui.unlock_page import password_field
from intake_app.ui.widgets import AnnouncedLabel, busy, button_row, centred_card, heading

ROLE_CHOICES = ("admin", "attorney", "volunteer")


def role_label(role: str) -> str:
    return {
        "admin": _("Administrator"),
        "attorney": _("Attorney or accredited representative"),
        "volunteer": _("Volunteer"),
    }[role]


def passphrase_problem_text(code: str) -> str:
    return {
        "too_short": _("Use at least {n} characters.").format(n=MIN_LENGTH),
        "common": _("This is a common passphrase; choose another."),
        "guessable": _("This would be easy to guess. Add a few unrelated words."),
        "mismatch": _("The two passphrases do not match."),
    }[code]


class CreateVaultPage(QWidget):
    """First run: where the vault lives, who the first person is, and their passphrase."""

    vault_created = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.title = heading()
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.location = QLineEdit(str(session.vault_path))
        self.location.setObjectName("vault_location")
        self.name = QLineEdit()
        self.name.setObjectName("person_name")
        self.role = QComboBox()
        self.role.setObjectName("person_role")
        self.passphrase = password_field("new_passphrase")
        self.repeat = password_field("repeat_passphrase")
        self.strength = QProgressBar()
        self.strength.setObjectName("passphrase_strength")
        self.strength.setRange(0, 4)
        self.strength.setTextVisible(False)
        self.strength.setMaximumHeight(8)
        self.feedback = QLabel()
        self.feedback.setObjectName("passphrase_feedback")
        self.feedback.setWordWrap(True)
        self.error = AnnouncedLabel()
        self.create_button = QPushButton()
        self.create_button.setObjectName("create_vault")
        self.create_button.setDefault(True)

        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.labels = [QLabel() for _ in range(5)]
        for label, field in zip(
            self.labels,
            (self.location, self.name, self.role, self.passphrase, self.repeat),
            strict=True,
        ):
            label.setBuddy(field)
            self.form.addRow(label, field)
        self.form.addRow("", self.strength)
        self.form.addRow("", self.feedback)

        body = QWidget()
        column = QVBoxLayout(body)
        column.addWidget(self.title)
        column.addWidget(self.intro)
        column.addSpacing(8)
        column.addLayout(self.form)
        column.addWidget(self.error)
        buttons = button_row(self.create_button)
        column.addLayout(buttons)
        QVBoxLayout(self).addWidget(centred_card(body, 620))

        self.passphrase.textChanged.connect(self._update_feedback)
        self.repeat.textChanged.connect(self._update_feedback)
        self.name.textChanged.connect(self._update_feedback)
        self.create_button.clicked.connect(self._create)
        for field in (self.location, self.name, self.passphrase, self.repeat):
            field.returnPressed.connect(self._create)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(_("Create the clinic's vault"))
        self.intro.setText(
            _(
                "Everything Amparo stores is encrypted in this vault. Choose a long passphrase "
                "that you will remember: without it nobody, not even the clinic, can open the "
                "vault."
            )
        )
        texts = (
            _("Vault location"),
            _("Your name"),
            _("Your role"),
            _("Passphrase"),
            _("Repeat passphrase"),
        )
        fields = (self.location, self.name, self.role, self.passphrase, self.repeat)
        for label, field, text in zip(self.labels, fields, texts, strict=True):
            label.setText(text + ":")
            field.setAccessibleName(text)
        # Roles map by position: item data would cost the first window Qt's enum set-up.
        current = max(0, self.role.currentIndex())
        self.role.clear()
        self.role.addItems([role_label(role) for role in ROLE_CHOICES])
        self.role.setCurrentIndex(current)
        self.strength.setAccessibleName(_("Passphrase strength"))
        self.create_button.setText(_("Create vault"))
        self._update_feedback()

    def chosen_role(self) -> str:
        return ROLE_CHOICES[max(0, self.role.currentIndex())]

    def _problems(self) -> list[str]:
        if not self.passphrase.text():
            self.strength.setValue(0)
            return ["too_short"]
        check = check_passphrase(self.passphrase.text(), context=(self.name.text(),))
        problems = list(check.problems)
        if self.repeat.text() and self.repeat.text() != self.passphrase.text():
            problems.append("mismatch")
        self.strength.setValue(check.score if not check.problems else min(check.score, 2))
        return problems

    def _update_feedback(self) -> None:
        problems = self._problems()
        text = self.passphrase.text()
        if not text:
            message = _("At least {n} characters. A few unrelated words work well.").format(
                n=MIN_LENGTH
            )
        elif problems:
            message = " ".join(passphrase_problem_text(code) for code in problems)
        elif not self.repeat.text():
            message = _("Strong passphrase. Type it again below.")
        else:
            message = _("Strong passphrase. The two entries match.")
        self.feedback.setText(message)
        self.passphrase.setAccessibleDescription(message)

    def _create(self) -> None:
        problems = self._problems()
        if not self.name.text().strip():
            self.error.announce(_("Enter your name; it appears in the audit log."))
            self.name.setFocus()
            return
        if self.passphrase.text() != self.repeat.text():
            problems.append("mismatch")
        if problems:
            self.error.announce(
                " ".join(passphrase_problem_text(c) for c in dict.fromkeys(problems))
            )
            self.passphrase.setFocus()
            return
        self.session.vault_path = type(self.session.vault_path)(self.location.text().strip())
        try:
            with busy(self):
                self.session.create_vault(
                    self.name.text(), self.chosen_role(), self.passphrase.text()
                )
        except PassphraseRejected:
            self.error.announce(_("That passphrase cannot be used. Choose a longer one."))
            return
        except AmparoError as exc:
            self.error.announce(_(exc.user_message))
            return
        except OSError as exc:
            self.error.announce(
                _("The vault could not be created there: {reason}").format(reason=exc.strerror)
            )
            return
        self.clear()
        self.vault_created.emit()

    def clear(self) -> None:
        for field in (self.passphrase, self.repeat):
            field.clear()
        self.error.clear_message()
