"""The vault's care in the menus: people, audit log, backup, restore, bundles, retention."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from intake_app.domain import permissions
from intake_app.domain.errors import AmparoError
from intake_app.i18n import _, ngettext
from intake_app.session import Session


class PurgeDialog(QDialog):
    """The retention period, how many closed cases are past it, and erasing them."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("purge_dialog")
        self.setWindowTitle(_("Erase closed cases"))
        self.days = QSpinBox()
        self.days.setObjectName("retention_days")
        self.days.setRange(1, 36_500)
        self.days.setValue(session.transfer.retention_days())
        self.days.setSuffix(" " + _("days"))
        self.days.setAccessibleName(_("Keep closed cases for"))
        self.count = QLabel()
        self.count.setObjectName("purge_count")
        self.count.setWordWrap(True)
        explain = QLabel(
            _(
                "Cases that were submitted or decided, and have not changed for longer than "
                "this, are erased from the vault. The audit log records how many, never who."
            )
        )
        explain.setWordWrap(True)
        form = QFormLayout()
        form.addRow(_("Keep closed cases for") + ":", self.days)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Erase"))
        self.buttons.accepted.connect(self.erase)
        self.buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(explain)
        column.addLayout(form)
        column.addWidget(self.count)
        column.addWidget(self.buttons)
        self.days.valueChanged.connect(lambda _value: self._count())
        self.erased = 0
        self._count()

    def _count(self) -> int:
        count = len(self.session.transfer.closed_cases_past_retention(self.days.value()))
        self.count.setText(
            ngettext(
                "{count} closed case is past this period.",
                "{count} closed cases are past this period.",
                count,
            ).format(count=count)
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(count > 0)
        return count

    def erase(self) -> None:
        self.session.transfer.set_retention_days(self.days.value())
        self.erased = self.session.transfer.purge_closed_cases(self.days.value())
        self.accept()


class VaultActions(QObject):
    """Builds the Administration menu and the bundle actions, and enables them by permission."""

    def __init__(self, window: QMainWindow) -> None:
        # The main window (ui/main_window.py) builds this and passes itself: importing it here,
        # even for the annotation, would be an import cycle.
        super().__init__(window)
        self.window = window
        self.session = window.session
        self._needs: dict[QAction, str | None] = {}
        self.menu = window.menuBar().addMenu("")
        self.people = self._action(self.menu, self.show_people, permissions.MANAGE_PEOPLE)
        self.audit = self._action(self.menu, self.show_audit, permissions.VIEW_AUDIT_LOG)
        self.menu.addSeparator()
        self.backup = self._action(self.menu, self.show_backup, permissions.BACKUP)
        self.restore = self._action(self.menu, self.show_restore, None)
        self.menu.addSeparator()
        self.purge = self._action(self.menu, self.show_purge, permissions.PURGE)
        self.menu.addSeparator()
        self.clinic = self._action(self.menu, self.show_clinic, permissions.INTERVIEW)
        self.clinic.setObjectName("action_clinic")
        file_menu = window.file_menu
        first = file_menu.actions()[0] if file_menu.actions() else None
        self.export_bundle = QAction(self)
        self.export_bundle.triggered.connect(self.show_export_bundle)
        self.import_bundle = QAction(self)
        self.import_bundle.triggered.connect(self.show_import_bundle)
        self.case_status = QAction(self)
        self.case_status.setObjectName("action_case_status")
        self.case_status.triggered.connect(self.show_case_status)
        self.share_case = QAction(self)
        self.share_case.setObjectName("action_share_case")
        self.share_case.triggered.connect(self.share_with_clinic)
        self.change_passphrase = QAction(self)
        self.change_passphrase.setObjectName("action_change_passphrase")
        self.change_passphrase.triggered.connect(self.show_change_passphrase)
        file_menu.insertAction(first, self.case_status)
        file_menu.insertAction(first, self.share_case)
        file_menu.insertSeparator(first)
        file_menu.insertAction(first, self.export_bundle)
        file_menu.insertAction(first, self.import_bundle)
        file_menu.insertSeparator(first)
        file_menu.insertAction(first, self.change_passphrase)
        file_menu.insertSeparator(first)
        self._needs[self.case_status] = permissions.INTERVIEW
        self._needs[self.share_case] = permissions.INTERVIEW
        self._needs[self.change_passphrase] = permissions.INTERVIEW
        self._needs[self.export_bundle] = permissions.TRANSFER_CASE
        self._needs[self.import_bundle] = permissions.TRANSFER_CASE
        self.retranslate()
        self.refresh()

    def _action(self, menu, slot, needs: str | None) -> QAction:
        action = QAction(self)
        action.triggered.connect(slot)
        menu.addAction(action)
        self._needs[action] = needs
        return action

    def retranslate(self) -> None:
        self.menu.setTitle(_("&Administration"))
        self.people.setText(_("&People…"))
        self.audit.setText(_("&Audit log…"))
        self.backup.setText(_("&Back up the vault…"))
        self.restore.setText(_("&Restore from a backup…"))
        self.purge.setText(_("&Erase closed cases…"))
        self.clinic.setText(_("&Clinic network…"))
        self.share_case.setText(_("S&hare the case with the clinic"))
        self.export_bundle.setText(_("&Export case bundle…"))
        self.import_bundle.setText(_("&Import case bundle…"))
        self.case_status.setText(_("Change the case’s &status…"))
        self.change_passphrase.setText(_("Change my &passphrase…"))

    def refresh(self) -> None:
        """Enable what the signed-in person may do (restore works while locked, too)."""
        for action, needs in self._needs.items():
            action.setEnabled(needs is None or self.session.can(needs))

    # --- the actions ---------------------------------------------------------------------------

    def show_people(self) -> None:
        from intake_app.ui.people_dialog import PeopleDialog

        PeopleDialog(self.session, self.window).exec()

    def show_audit(self) -> None:
        from intake_app.ui.audit_dialog import AuditDialog

        AuditDialog(self.session, self.window).exec()

    def show_backup(self) -> None:
        from intake_app.ui.backup_dialogs import BackupDialog

        BackupDialog(self.session, self.window, self.window.idle_lock.postpone).exec()
        self.window.refresh_cases()

    def show_restore(self) -> None:
        from intake_app.ui.backup_dialogs import RestoreDialog

        # Restoring switches this window to the restored vault: close the open one first.
        if self.session.is_unlocked:
            self.window.lock()
        if RestoreDialog(self.session, self.window).exec():
            self.window.unlock_page.retranslate()  # it names the (new) vault's location
            self.window.show_start()

    def show_purge(self) -> None:
        dialog = PurgeDialog(self.session, self.window)
        if dialog.exec():
            self.window.refresh_cases()
            QMessageBox.information(
                self.window,
                _("Erase closed cases"),
                ngettext("Erased {count} case.", "Erased {count} cases.", dialog.erased).format(
                    count=dialog.erased
                ),
            )

    def show_clinic(self) -> None:
        from intake_app.ui.clinic_dialog import ClinicDialog

        ClinicDialog(self.session, self.window, self.window.clinic_daemon).exec()
        self.window.refresh_cases()

    def share_with_clinic(self) -> None:
        """Share the selected case: from now on its changes reach the clinic's other laptops
        (those who may see it: whoever shares it, counsel and admins)."""
        title = _("Share the case with the clinic")
        case_id = self._current_case()
        folder = self.session.clinic.folder()
        if not case_id:
            QMessageBox.information(self.window, title, _("Select a case in the list first."))
            return
        if folder is None or not self.session.clinic.members():
            QMessageBox.information(
                self.window,
                title,
                _("This laptop is not in a clinic yet: see Administration → Clinic network."),
            )
            return
        try:
            self.session.clinic.share(folder, case_id)
            self.session.clinic.sync(folder)
        except AmparoError as exc:
            QMessageBox.warning(self.window, title, _(exc.user_message))
            return
        except OSError:
            QMessageBox.warning(
                self.window, title, _("The clinic folder cannot be read or written.")
            )
            return
        QMessageBox.information(
            self.window,
            title,
            _("Case {case} is shared: counsel and the clinic's admins will see it.").format(
                case=case_id
            ),
        )

    def show_case_status(self) -> None:
        """Move the selected case along; "submitted" and "decided" close it (the retention
        period counts from then)."""
        from PySide6.QtWidgets import QInputDialog

        from intake_app.domain.records import CASE_STATUSES
        from intake_app.ui.case_list import status_label

        case_id = self._current_case()
        if not case_id:
            QMessageBox.information(
                self.window,
                _("Change the case’s status"),
                _("Select a case in the list first, then change its status."),
            )
            return
        current = self.session.cases.get(case_id).status
        labels = [status_label(status) for status in CASE_STATUSES]
        index = CASE_STATUSES.index(current) if current in CASE_STATUSES else 0
        label, chosen = QInputDialog.getItem(
            self.window,
            _("Change the case’s status"),
            _("Status of case {case} (submitted and decided cases are closed):").format(
                case=case_id
            ),
            labels,
            index,
            False,
        )
        if chosen and label in labels:
            self.session.cases.set_status(case_id, CASE_STATUSES[labels.index(label)])
            self.window.refresh_cases()

    def show_change_passphrase(self) -> None:
        from intake_app.ui.passphrase_dialog import ChangePassphraseDialog

        if ChangePassphraseDialog(self.session, self.window).exec():
            self.window.statusBar().showMessage(_("Your passphrase was changed."), 8000)

    def _current_case(self) -> str | None:
        page = self.window._cases_page
        if page is not None and self.window.stack.currentWidget() is page:
            return page.selected_case_id()
        interview = self.window._interview_page
        return interview.case_id if interview is not None else None

    def show_export_bundle(self) -> None:
        from intake_app.ui.bundle_dialogs import BundleExportDialog

        case_id = self._current_case()
        if not case_id:
            QMessageBox.information(
                self.window,
                _("Export case bundle"),
                _("Select a case in the list first, then export it."),
            )
            return
        BundleExportDialog(self.session, case_id, self.window).exec()

    def show_import_bundle(self) -> None:
        from intake_app.ui.bundle_dialogs import BundleImportDialog

        dialog = BundleImportDialog(self.session, self.window)
        if dialog.exec() and dialog.imported_case:
            self.window.refresh_cases()
