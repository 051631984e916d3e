"""The main window: which page shows (create, unlock, cases), the menus, language and locking."""

from __future__ import annotations

from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMainWindow, QStackedWidget, QWidget

from intake_app import i18n
from intake_app.i18n import _
from intake_app.session import Session
from intake_app.ui.case_list import CaseListPage
from intake_app.ui.vault_pages import CreateVaultPage, UnlockPage


class MainWindow(QMainWindow):
    """Holds the pages; locking returns to the unlock page and clears every client value."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        # The title never names a client: it shows in task bars and screen-sharing pickers.
        self.setWindowTitle("Amparo")
        self.resize(1100, 720)
        self.stack = QStackedWidget()
        self.create_page = CreateVaultPage(session)
        self.unlock_page = UnlockPage(session)
        self.cases_page = CaseListPage(session)
        for page in (self.create_page, self.unlock_page, self.cases_page):
            self.stack.addWidget(page)
        self.setCentralWidget(self.stack)

        self.create_page.vault_created.connect(self.show_cases)
        self.unlock_page.unlocked.connect(self.show_cases)
        self.cases_page.new_case_requested.connect(self._new_case)
        self._build_menus()
        listener = self._language_changed
        i18n.on_language_changed(listener)
        self.destroyed.connect(lambda: i18n.remove_language_listener(listener))
        self.show_start()

    def _language_changed(self, _language: str) -> None:
        self.retranslate()

    def _build_menus(self) -> None:
        self.file_menu = self.menuBar().addMenu("")
        self.lock_action = QAction(self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.triggered.connect(self.lock)
        self.quit_action = QAction(self)
        self.quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        self.quit_action.triggered.connect(self.close)
        self.file_menu.addAction(self.lock_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)

        self.language_menu = self.menuBar().addMenu("")
        group = QActionGroup(self)
        self.language_actions: dict[str, QAction] = {}
        for code in i18n.SUPPORTED_LANGUAGES:
            action = QAction(i18n.language_name(code), self, checkable=True)
            action.setChecked(code == i18n.current_language())
            action.triggered.connect(lambda _checked=False, c=code: i18n.set_language(c))
            group.addAction(action)
            self.language_menu.addAction(action)
            self.language_actions[code] = action
        self.addAction(self.lock_action)
        self.retranslate()

    def retranslate(self) -> None:
        self.file_menu.setTitle(_("&File"))
        self.lock_action.setText(_("&Lock"))
        self.quit_action.setText(_("&Quit"))
        self.language_menu.setTitle(_("&Language"))
        for code, action in self.language_actions.items():
            action.setChecked(code == i18n.current_language())
        for page in (self.create_page, self.unlock_page, self.cases_page):
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

    def show_cases(self) -> None:
        self.cases_page.refresh()
        self.stack.setCurrentWidget(self.cases_page)
        self.lock_action.setEnabled(True)

    def _new_case(self) -> None:
        self.session.create_case(interview_language="es")
        self.cases_page.refresh()

    def lock(self) -> None:
        """Close the vault and wipe every widget that showed client data."""
        self.session.lock()
        self.cases_page.clear()
        self.unlock_page.clear()
        self.create_page.clear()
        self.show_start()

    def closeEvent(self, event) -> None:  # noqa: N802 (Qt override)
        self.lock()
        super().closeEvent(event)
