"""The main window: which page shows (create, unlock, cases), the menus, language and locking."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox, QStackedWidget, QWidget

from intake_app import i18n
from intake_app.i18n import _, ngettext
from intake_app.session import Session
from intake_app.ui.idle_lock import IdleLock
from intake_app.ui.preferences import saved_autolock_minutes, saved_interview_language
from intake_app.ui.unlock_page import UnlockPage
from intake_app.ui.vault_menu import VaultActions

WARM_UP_DELAY_MS = 150


class MainWindow(QMainWindow):
    """Holds the pages; locking returns to the unlock page and clears every client value."""

    def __init__(
        self,
        session: Session,
        parent: QWidget | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.idle_lock = IdleLock(saved_autolock_minutes() * 60, clock, self)
        self.idle_lock.idle_timed_out.connect(self._idle_locked)
        self._clock = clock
        self._clipboard_guard = None
        # Sleep and screen lock close the vault; D-Bus is wired after the first paint.
        self._system_lock = None
        self._warmed = False
        self._shortcuts_set = False
        # The title never names a client: it shows in task bars and screen-sharing pickers.
        self.setWindowTitle("Amparo")
        self.resize(1100, 720)
        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        # The pages behind the unlock screen are built on first use, so the window a person
        # sees first appears without waiting for them (see `warm_up`).
        self._create_page = None
        self._unlock_page = None
        self._cases_page = None
        self._interview_page = None
        self._review_page = None
        self._packet_page = None
        self._documents_page = None

        self._build_menus()
        listener = self._language_changed
        i18n.on_language_changed(listener)
        self.destroyed.connect(lambda: i18n.remove_language_listener(listener))
        self.show_start()

    # --- pages built on first use ------------------------------------------------------------

    @property
    def create_page(self):
        if self._create_page is None:
            from intake_app.ui.create_vault_page import CreateVaultPage

            self._create_page = CreateVaultPage(self.session)
            self._create_page.vault_created.connect(self.show_cases)
            self.stack.addWidget(self._create_page)
        return self._create_page

    @property
    def unlock_page(self) -> UnlockPage:
        if self._unlock_page is None:
            self._unlock_page = UnlockPage(self.session)
            self._unlock_page.unlocked.connect(self.show_cases)
            self.stack.addWidget(self._unlock_page)
        return self._unlock_page

    @property
    def cases_page(self):
        if self._cases_page is None:
            from intake_app.ui.case_list import CaseListPage

            page = CaseListPage(self.session)
            page.new_case_requested.connect(self._new_case)
            page.delete_requested.connect(self.delete_case)
            page.case_opened.connect(self.open_case)
            self.stack.addWidget(page)
            self._cases_page = page
        return self._cases_page

    @property
    def interview_page(self):
        if self._interview_page is None:
            from intake_app.ui.interview import InterviewPage

            page = InterviewPage(self.session)
            page.review_requested.connect(self.show_review)
            page.closed.connect(self.show_cases)
            self.stack.addWidget(page)
            self._interview_page = page
        return self._interview_page

    @property
    def review_page(self):
        if self._review_page is None:
            from intake_app.ui.interview import ReviewPage

            page = ReviewPage(self.session)
            page.closed.connect(self._back_to_interview)
            page.question_requested.connect(self._go_to_question)
            page.packet_requested.connect(self.show_packet)
            page.documents_requested.connect(self.show_documents)
            self.stack.addWidget(page)
            self._review_page = page
        return self._review_page

    @property
    def packet_page(self):
        if self._packet_page is None:
            from intake_app.ui.packet_page import PacketPage

            page = PacketPage(self.session)
            page.closed.connect(self._back_to_review)
            page.edit_paragraphs_requested.connect(self.edit_paragraphs)
            self.stack.addWidget(page)
            self._packet_page = page
        return self._packet_page

    @property
    def documents_page(self):
        if self._documents_page is None:
            from intake_app.ui.documents_page import DocumentsPage

            page = DocumentsPage(self.session)
            page.closed.connect(self._documents_closed)
            self.stack.addWidget(page)
            self._documents_page = page
        return self._documents_page

    def show_documents(self, case_id: str) -> None:
        self.documents_page.show_case(case_id)
        self.stack.setCurrentWidget(self.documents_page)

    def _documents_closed(self) -> None:
        case_id = self.documents_page.case_id
        self.documents_page.clear()
        if case_id:
            self.show_review(case_id)  # the checklist now counts what was attached

    def show_packet(self, case_id: str) -> None:
        self.packet_page.show_case(case_id)
        self.stack.setCurrentWidget(self.packet_page)

    def _back_to_review(self) -> None:
        case_id = self.packet_page.case_id
        self.packet_page.clear()
        if case_id:
            self.show_review(case_id)

    def edit_paragraphs(self, case_id: str) -> None:
        from intake_app.ui.paragraph_editor import ParagraphEditor

        if ParagraphEditor(self.session, case_id, self).exec():
            self.packet_page.refresh()

    def _built_pages(self) -> list[QWidget]:
        return [
            page
            for page in (
                self._create_page,
                self._unlock_page,
                self._cases_page,
                self._interview_page,
                self._review_page,
                self._packet_page,
                self._documents_page,
            )
            if page is not None
        ]

    @property
    def system_lock(self):
        """Sleep and screen-lock signals (built after the first paint, see `warm_up`: nothing
        is unlocked before then, so there is nothing to lock)."""
        if self._system_lock is None:
            from intake_app.ui.system_lock import SystemLockWatcher

            self._system_lock = SystemLockWatcher(self, use_dbus=False)
            self._system_lock.lock_requested.connect(self._system_locked)
        return self._system_lock

    @property
    def clipboard_guard(self):
        """Text copied from Amparo is cleared from the clipboard after 30 s (and on lock).
        Built after the first paint (see `warm_up`), or when first needed."""
        if self._clipboard_guard is None:
            from intake_app.ui.clipboard_guard import ClipboardGuard

            self._clipboard_guard = ClipboardGuard(clock=self._clock, parent=self)
        return self._clipboard_guard

    def warm_up(self) -> None:
        """Load the modules behind the unlock screen while the person types the passphrase."""
        self._set_shortcuts()
        self.clipboard_guard  # noqa: B018 (built now so copying is guarded from the start)
        self.session.preload()
        self.system_lock.connect_dbus()
        import intake_app.ui.case_list
        import intake_app.ui.interview  # noqa: F401

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._warmed:
            self._warmed = True
            # After the first paint, while the person reaches for the keyboard.
            QTimer.singleShot(WARM_UP_DELAY_MS, self.warm_up)

    def _language_changed(self, _language: str) -> None:
        self.retranslate()

    def _set_shortcuts(self) -> None:
        """Keyboard shortcuts, set after the first paint or at unlock, whichever comes first:
        building key sequences loads Qt's key tables (~20 ms) the unlock screen can do without."""
        if self._shortcuts_set:
            return

        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.settings_action.setShortcut(QKeySequence.StandardKey.Preferences)
        self._shortcuts_set = True

    def _build_menus(self) -> None:
        self.file_menu = self.menuBar().addMenu("")
        self.lock_action = QAction(self)
        self.lock_action.triggered.connect(self.lock)
        self.quit_action = QAction(self)
        self.quit_action.triggered.connect(self.close)
        self.settings_action = QAction(self)
        self.settings_action.triggered.connect(self.open_settings)
        self.file_menu.addAction(self.lock_action)
        self.file_menu.addAction(self.settings_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)

        self.language_menu = self.menuBar().addMenu("")
        group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        for code in i18n.SUPPORTED_LANGUAGES:
            action = QAction(i18n.language_name(code), self, checkable=True)
            action.setChecked(code == i18n.current_language())
            action.triggered.connect(lambda _checked=False, c=code: self.choose_language(c))
            group.addAction(action)
            self.language_menu.addAction(action)
            self.language_actions[code] = action
        self.addAction(self.lock_action)
        self.vault_actions = VaultActions(self)
        self.help_menu = self.menuBar().addMenu("")
        self.guide_action = QAction(self)
        self.guide_action.setShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents))
        self.guide_action.triggered.connect(self.show_guide)
        self.shortcuts_action = QAction(self)
        self.shortcuts_action.triggered.connect(self.show_shortcuts)
        self.about_action = QAction(self)
        self.about_action.triggered.connect(self.show_about)
        for action in (self.guide_action, self.shortcuts_action, self.about_action):
            self.help_menu.addAction(action)
        # Who is signed in, on every page.
        self.signed_in = QLabel()
        self.signed_in.setObjectName("status_signed_in")
        self.statusBar().addPermanentWidget(self.signed_in)
        self.retranslate()

    def show_guide(self) -> None:
        from intake_app.ui.help_dialog import GuideDialog

        GuideDialog(self).exec()

    def show_shortcuts(self) -> None:
        from intake_app.ui.help_dialog import shortcuts_html

        box = QMessageBox(QMessageBox.Icon.Information, _("Keyboard shortcuts"), "", parent=self)
        box.setTextFormat(Qt.TextFormat.RichText)
        box.setText(shortcuts_html())
        box.exec()

    def show_about(self) -> None:
        from intake_app.ui.help_dialog import about_text

        QMessageBox.about(self, _("About Amparo"), about_text())

    def choose_language(self, code: str) -> None:
        """Switch the interface language now, and remember it for the next start."""
        from intake_app.ui.preferences import SETTING_UI_LANGUAGE, preferences

        preferences().setValue(SETTING_UI_LANGUAGE, code)
        i18n.set_language(code)

    def retranslate(self) -> None:
        self.file_menu.setTitle(_("&File"))
        self.lock_action.setText(_("&Lock"))
        self.quit_action.setText(_("&Quit"))
        self.settings_action.setText(_("&Settings…"))
        self.language_menu.setTitle(_("&Language"))
        for code, action in self.language_actions.items():
            action.setChecked(code == i18n.current_language())
        self.vault_actions.retranslate()
        self.help_menu.setTitle(_("&Help"))
        self.guide_action.setText(_("Volunteer &guide"))
        self.shortcuts_action.setText(_("&Keyboard shortcuts"))
        self.about_action.setText(_("&About Amparo"))
        self._show_signed_in()
        for page in self._built_pages():
            page.retranslate()

    # --- navigation ------------------------------------------------------------------------

    def show_start(self) -> None:
        if self.session.is_unlocked:
            self.show_cases()
        elif self.session.vault_exists():
            self.stack.setCurrentWidget(self.unlock_page)
        else:
            self.stack.setCurrentWidget(self.create_page)
        self.lock_action.setEnabled(self.session.is_unlocked)
        self.settings_action.setEnabled(self.session.is_unlocked)
        self.vault_actions.refresh()
        self._show_signed_in()

    def show_cases(self) -> None:
        self._set_shortcuts()
        self.clipboard_guard  # noqa: B018 (client data is about to show: guard copies)
        self.system_lock  # noqa: B018 (and lock on sleep or screen lock from now on)
        self.cases_page.refresh()
        self.stack.setCurrentWidget(self.cases_page)
        self.lock_action.setEnabled(True)
        self.settings_action.setEnabled(True)
        self.vault_actions.refresh()
        self._show_signed_in()
        self.idle_lock.arm()
        self._start_clinic_sync()

    def refresh_cases(self) -> None:
        """After a backup, an import or a purge: the list (and its reminder) as they now are."""
        if self.session.is_unlocked and self._cases_page is not None:
            self._cases_page.refresh()

    def _show_signed_in(self) -> None:
        if not self.session.is_unlocked:
            self.signed_in.clear()
            return
        from intake_app.ui.people_dialog import kind_label

        person = self.session.person
        self.signed_in.setText(
            _("Signed in as {name} ({role})").format(
                name=person.display_name, role=kind_label(person.role, person.title)
            )
        )

    def _system_locked(self, _reason: str) -> None:
        if self.session.is_unlocked:
            self.lock()
            self.unlock_page.show_reason(
                _(
                    "Locked because the screen locked or the computer went to sleep. "
                    "Every answer was saved."
                )
            )

    def _idle_locked(self) -> None:
        if not self.session.is_unlocked:
            return
        minutes = max(1, round(self.idle_lock.timeout_seconds / 60))
        self.lock()
        self.unlock_page.show_reason(
            ngettext(
                "Locked after {n} minute without use. Every answer was saved.",
                "Locked after {n} minutes without use. Every answer was saved.",
                minutes,
            ).format(n=minutes)
        )

    def _new_case(self) -> None:
        case_id = self.session.cases.create(interview_language=saved_interview_language())
        self.cases_page.refresh()
        self.cases_page.case_opened.emit(case_id)

    def open_case(self, case_id: str) -> None:
        self.review_page.clear()
        self.interview_page.open_case(case_id)
        self.stack.setCurrentWidget(self.interview_page)

    def show_review(self, case_id: str) -> None:
        self.review_page.show_case(case_id)
        self.stack.setCurrentWidget(self.review_page)

    def _back_to_interview(self) -> None:
        self.review_page.clear()
        self.stack.setCurrentWidget(self.interview_page)

    def _go_to_question(self, case_id: str, question_id: str, item_index: int) -> None:
        if self.interview_page.case_id != case_id:
            self.interview_page.open_case(case_id)
        self._back_to_interview()
        self.interview_page.go_to_question(question_id, item_index)

    def delete_case(self, case_id: str) -> None:
        """Deleting needs a confirmation that names the case by number, never by client name."""
        from PySide6.QtWidgets import QMessageBox

        answer = QMessageBox.question(
            self,
            _("Delete case"),
            _("Delete case {case} and all its answers? This cannot be undone.").format(
                case=case_id
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.session.cases.delete(case_id)
            self.cases_page.refresh()

    def open_settings(self) -> None:
        from intake_app.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.session, self)
        if dialog.exec():
            self.idle_lock.set_timeout(saved_autolock_minutes() * 60)

    # --- the clinic network: the shared folder, synced every half minute -----------------

    CLINIC_SYNC_MS = 30_000

    @property
    def clinic_daemon(self):
        """This laptop's Syncthing (started from the Clinic network window, stopped with the
        app); its home is the user data folder, beside nothing of the vault's."""
        if getattr(self, "_clinic_daemon", None) is None:
            from PySide6.QtWidgets import QApplication

            from intake_app import paths
            from intake_app.network.clinic_daemon import ClinicDaemon

            self._clinic_daemon = ClinicDaemon(paths.user_data_dir() / "syncthing")
            app = QApplication.instance()
            if app is not None:
                app.aboutToQuit.connect(self._clinic_daemon.stop)
            daemon = self._clinic_daemon
            self.destroyed.connect(lambda *_args: daemon.stop())
        return self._clinic_daemon

    def _start_clinic_sync(self) -> None:
        if getattr(self, "_clinic_timer", None) is None:
            from PySide6.QtCore import QTimer

            self._clinic_timer = QTimer(self)
            self._clinic_timer.setInterval(self.CLINIC_SYNC_MS)
            self._clinic_timer.timeout.connect(self.sync_clinic)
        self._clinic_timer.start()

    def sync_clinic(self) -> None:
        """Take in the other laptops' changes and publish ours, when this laptop is in a clinic.
        Quiet: a refused file is listed in the Clinic network window, never in a popup."""
        from intake_app.domain.errors import AmparoError

        if not self.session.is_unlocked:
            return
        folder = self.session.clinic.folder()
        if folder is None or not self.session.clinic.members():
            return
        try:
            report, written = self.session.clinic.sync(folder)
            daemon = getattr(self, "_clinic_daemon", None)
            if daemon is not None:
                daemon.scan(folder, written)
        except (AmparoError, OSError):
            return
        if report.touched and self.stack.currentWidget() is self._cases_page:
            self.refresh_cases()

    def lock(self) -> None:
        """Close the vault and wipe every widget that showed client data."""
        if getattr(self, "_clinic_timer", None) is not None:
            self._clinic_timer.stop()
        self.idle_lock.disarm()
        from PySide6.QtWidgets import QDialog

        for dialog in self.findChildren(QDialog):
            dialog.reject()
        # Before the vault closes: the interview saves what is still being typed.
        for page in (
            self._interview_page,
            self._review_page,
            self._packet_page,
            self._documents_page,
        ):
            if page is not None:
                page.clear()
        self.session.lock()
        self.clipboard_guard.clear_now()
        for page in (self._cases_page, self._unlock_page, self._create_page):
            if page is not None:
                page.clear()
        self.show_start()

    def closeEvent(self, event) -> None:
        self.lock()
        super().closeEvent(event)
