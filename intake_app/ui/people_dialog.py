"""People (admins): who can open the vault, adding someone with their own passphrase, removing."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLayout,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from intake_app.domain.errors import AmparoError, PassphraseRejected
from intake_app.domain.passphrase import MIN_LENGTH
from intake_app.domain.records import Person
from intake_app.i18n import _
from intake_app.session import Session
from intake_app.ui.create_vault_page import passphrase_problem_text
from intake_app.ui.widgets import AnnouncedLabel, busy

# (role, title) in the order the role list shows them.
KINDS = (
    ("volunteer", ""),
    ("attorney", ""),
    ("attorney", "accredited_representative"),
    ("admin", ""),
)


def kind_label(role: str, title: str = "") -> str:
    if title == "accredited_representative":
        return _("Accredited representative")
    return {
        "volunteer": _("Volunteer"),
        "attorney": _("Attorney"),
        "admin": _("Administrator"),
    }.get(role, role)


def _password(name: str) -> QLineEdit:
    field = QLineEdit()
    field.setObjectName(name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


class AddPersonDialog(QDialog):
    """Name, role and a first passphrase the new person will type (and may change later)."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.person: Person | None = None
        self.setObjectName("add_person_dialog")
        self.setWindowTitle(_("Add a person"))
        self.name = QLineEdit()
        self.name.setObjectName("new_person_name")
        self.kind = QComboBox()
        self.kind.setObjectName("new_person_role")
        for role, title in KINDS:
            self.kind.addItem(kind_label(role, title))
        self.passphrase = _password("new_person_passphrase")
        self.repeat = _password("new_person_repeat")
        hint = QLabel(
            _(
                "The person types this passphrase to sign in. At least {n} characters; "
                "a few unrelated words work well."
            ).format(n=MIN_LENGTH)
        )
        hint.setWordWrap(True)
        self.error = AnnouncedLabel()
        form = QFormLayout()
        for text, widget in (
            (_("Name"), self.name),
            (_("Role"), self.kind),
            (_("Passphrase"), self.passphrase),
            (_("Repeat passphrase"), self.repeat),
        ):
            widget.setAccessibleName(text)
            label = QLabel(text + ":")
            label.setBuddy(widget)
            form.addRow(label, widget)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Add"))
        buttons.accepted.connect(self.add)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        # Never smaller than what the fields and a shown error need: an error line used to
        # squash the fields to half their height instead of the dialog growing.
        column.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        column.addLayout(form)
        column.addWidget(hint)
        column.addWidget(self.error)
        column.addWidget(buttons)

    def _show_error(self, text: str) -> None:
        self.error.announce(text)
        # A wrapped message's height depends on the width: grow to fit it, fields unsquashed.
        self.adjustSize()

    def add(self) -> None:
        if not self.name.text().strip():
            self._show_error(_("Enter the person's name; it appears in the audit log."))
            return
        if self.passphrase.text() != self.repeat.text():
            self._show_error(passphrase_problem_text("mismatch"))
            return
        role, title = KINDS[max(0, self.kind.currentIndex())]
        try:
            with busy(self):
                self.person = self.session.people.add(
                    self.name.text(), role, self.passphrase.text(), title
                )
        except PassphraseRejected as exc:
            codes = [c for c in exc.detail.split(",") if c]
            self._show_error(" ".join(passphrase_problem_text(c) for c in codes))
            return
        except AmparoError as exc:
            self._show_error(_(exc.user_message))
            return
        self.passphrase.clear()
        self.repeat.clear()
        self.accept()


class PeopleDialog(QDialog):
    """Everyone who can open the vault; admins add and remove people here."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("people_dialog")
        self.setWindowTitle(_("People"))
        self.resize(560, 400)
        intro = QLabel(
            _(
                "Each person signs in with their own passphrase. Removing someone re-encrypts "
                "the vault under a new key: their passphrase then opens nothing."
            )
        )
        intro.setWordWrap(True)
        self.table = QTableWidget(0, 2)
        self.table.setObjectName("people_table")
        self.table.setHorizontalHeaderLabels([_("Name"), _("Role")])
        self.table.setAccessibleName(_("People"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.add_button = QPushButton(_("Add a person…"))
        self.add_button.setObjectName("add_person")
        self.remove_button = QPushButton(_("Remove…"))
        self.remove_button.setObjectName("remove_person")
        close = QPushButton(_("Close"))
        self.message = AnnouncedLabel()
        self.notice = AnnouncedLabel(error=False)
        # Edits an insider made to the people list behind the app's back (store/membership.py).
        self.tampered = AnnouncedLabel()
        self.tampered.setObjectName("membership_problems")
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        row.addWidget(close)
        column = QVBoxLayout(self)
        column.addWidget(self.tampered)
        column.addWidget(intro)
        column.addWidget(self.table, 1)
        column.addWidget(self.message)
        column.addWidget(self.notice)
        column.addLayout(row)
        self.add_button.clicked.connect(self.add_person)
        self.remove_button.clicked.connect(self.remove_selected)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        close.clicked.connect(self.accept)
        self.people: list[Person] = []
        self.refresh()

    def refresh(self) -> None:
        problems = self.session.people.describe_problems()
        self.tampered.announce(
            " ".join([_("The list of people has been edited outside Amparo."), *problems])
            if problems
            else ""
        )
        self.people = self.session.people.list()
        self.table.setRowCount(len(self.people))
        for row, person in enumerate(self.people):
            name = person.display_name
            if person.id == self.session.person.id:
                name = _("{name} (you)").format(name=name)
            self.table.setItem(row, 0, QTableWidgetItem(name))
            self.table.setItem(row, 1, QTableWidgetItem(kind_label(person.role, person.title)))
        self._selection_changed()

    def add_person(self) -> None:
        dialog = AddPersonDialog(self.session, self)
        if dialog.exec() and dialog.person is not None:
            self.notice.announce(
                _("{name} can now sign in.").format(name=dialog.person.display_name)
            )
            self.refresh()

    def _selection_changed(self) -> None:
        # Nobody removes themselves (another admin can); the store refuses it too.
        person = self.selected()
        self.remove_button.setEnabled(person is not None and person.id != self.session.person.id)

    def selected(self) -> Person | None:
        row = self.table.currentRow()
        return self.people[row] if 0 <= row < len(self.people) else None

    def remove_selected(self, confirm: bool = True) -> None:
        person = self.selected()
        if person is None:
            return
        if confirm:
            answer = QMessageBox.question(
                self,
                _("Remove a person"),
                _(
                    "Remove {name}? Their passphrase will stop working, and the vault will be "
                    "re-encrypted under a new key. Their name stays in the audit log."
                ).format(name=person.display_name),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        try:
            self.session.people.remove(person.id)
        except AmparoError as exc:
            self.message.announce(_(exc.user_message))
            return
        self.message.clear_message()
        self.notice.announce(_("{name} was removed.").format(name=person.display_name))
        self.refresh()
