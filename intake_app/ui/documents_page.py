"""The documents of a case: add by dialog or drag and drop, thumbnails, details, order, delete."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from intake_app.domain.errors import AmparoError
from intake_app.i18n import _, ngettext
from intake_app.session import Session
from intake_app.ui import file_dialogs
from intake_app.ui.documents_form import DocumentForm, category_label, fill_languages
from intake_app.ui.documents_widgets import DocumentList, local_files, render_pdf_thumbnail
from intake_app.ui.runner import BackgroundRunner
from intake_app.ui.widgets import AnnouncedLabel, heading, page_top_bar

PDF_THUMBNAIL_MAX_BYTES = 30 * 1024 * 1024
FILE_FILTER = "PDF, JPEG, PNG, HEIC (*.pdf *.jpg *.jpeg *.png *.heic *.heif)"


class DocumentsPage(QWidget):
    """Where a volunteer takes in a family's documents; the packet binds them as exhibits."""

    closed = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from intake_app.session.documents import exhibit_tabs

        self.session = session
        self.case_id: str | None = None
        self.runner = BackgroundRunner(self)
        self._queue: list[Path] = []
        self._problems: list[str] = []
        self._attached = 0
        tabs = exhibit_tabs()
        self.tab_ids = [tab.id for tab in tabs]
        self.title = heading()
        self.case_label = QLabel()
        self.back_button = self._button("documents_back", self._back)
        self.add_button = self._button("documents_add", self.choose_files)
        self.new_language_label = QLabel()
        self.new_language = QComboBox()
        self.new_language.setObjectName("documents_new_language")
        self.progress = QProgressBar()
        self.progress.setObjectName("documents_progress")
        self.progress.hide()
        self.message = AnnouncedLabel()
        self.notice = AnnouncedLabel(error=False)
        self.tabs_list = QListWidget()
        self.tabs_list.setObjectName("documents_tabs")
        self.list = DocumentList()
        self.preview = QLabel()
        self.preview.setObjectName("documents_preview")
        self.preview.setMinimumSize(220, 220)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.form = DocumentForm(self.tab_ids, {tab.id: list(tab.evidence) for tab in tabs})

        top = page_top_bar(self.title, self.case_label, self.back_button)
        adding = QHBoxLayout()
        adding.addWidget(self.add_button)
        adding.addWidget(self.new_language_label)
        adding.addWidget(self.new_language)
        adding.addWidget(self.progress, 1)
        adding.addStretch(1)
        details = QWidget()
        column = QVBoxLayout(details)
        column.addWidget(self.preview)
        column.addWidget(self.form)
        column.addStretch(1)
        splitter = QSplitter()
        splitter.addWidget(self.tabs_list)
        splitter.addWidget(self.list)
        splitter.addWidget(details)
        splitter.setSizes([260, 360, 420])
        outer = QVBoxLayout(self)
        outer.addLayout(top)
        outer.addLayout(adding)
        outer.addWidget(self.message)
        outer.addWidget(self.notice)
        outer.addWidget(splitter, 1)

        self.setAcceptDrops(True)
        self.tabs_list.currentRowChanged.connect(lambda _row: self._show_tab())
        self.list.currentItemChanged.connect(lambda *_a: self._show_selected())
        self.list.model().rowsMoved.connect(lambda *_a: self._save_order())
        self.list.files_dropped.connect(self.add_files)
        self.form.saved.connect(self._save_details)
        self.form.delete_requested.connect(self.delete_document)
        self.retranslate()

    def _back(self) -> None:
        self.form.save_pending()
        self.closed.emit()

    def _button(self, name: str, slot) -> QPushButton:
        button = QPushButton()
        button.setObjectName(name)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    # --- showing ---------------------------------------------------------------------------

    def show_case(self, case_id: str) -> None:
        self.case_id = case_id
        self.case_label.setText(_("Case {case}").format(case=case_id))
        self.message.clear_message()
        self.notice.clear_message()
        self.refresh()

    @property
    def current_tab(self) -> str:
        row = max(0, self.tabs_list.currentRow())
        return self.tab_ids[row]

    def refresh(self, select: str | None = None) -> None:
        if self.case_id is None:
            return
        docs = self.session.documents.list(self.case_id)
        counts = {tab: 0 for tab in self.tab_ids}
        for doc in docs:
            counts[doc.category] = counts.get(doc.category, 0) + 1
        row = max(0, self.tabs_list.currentRow())
        if select is not None:
            chosen = next((d for d in docs if d.id == select), None)
            if chosen is not None and chosen.category in self.tab_ids:
                row = self.tab_ids.index(chosen.category)
        self.tabs_list.blockSignals(True)
        self.tabs_list.clear()
        for tab in self.tab_ids:
            item = QListWidgetItem(f"{category_label(tab)} ({counts[tab]})")
            item.setData(Qt.ItemDataRole.UserRole, tab)
            self.tabs_list.addItem(item)
        self.tabs_list.setCurrentRow(row)
        self.tabs_list.blockSignals(False)
        self._show_tab(select)

    def _show_tab(self, select: str | None = None) -> None:
        if self.case_id is None:
            return
        docs = [
            d for d in self.session.documents.list(self.case_id) if d.category == self.current_tab
        ]
        self.list.blockSignals(True)
        self.list.clear()
        for doc in docs:
            pages = ngettext("{n} page", "{n} pages", doc.pages).format(n=doc.pages)
            item = QListWidgetItem(f"{doc.title}\n{doc.file_name} · {pages}")
            item.setData(Qt.ItemDataRole.UserRole, doc.id)
            item.setIcon(QIcon(self._thumbnail(doc)))
            self.list.addItem(item)
        self.list.blockSignals(False)
        ids = [d.id for d in docs]
        self.list.setCurrentRow(ids.index(select) if select in ids else (0 if ids else -1))
        self._show_selected()

    def _thumbnail(self, doc) -> QPixmap:
        """The stored thumbnail; a PDF's first page is rendered once, from memory, and kept."""
        pixmap = QPixmap()
        png = self.session.documents.thumbnail(doc.id)
        if png is None and doc.kind == "pdf" and doc.size <= PDF_THUMBNAIL_MAX_BYTES:
            png = render_pdf_thumbnail(self.session.documents.read(doc.id))
            if png:
                self.session.documents.set_thumbnail(doc.id, png)
        if png:
            pixmap.loadFromData(png)
        return pixmap

    def selected_id(self) -> str | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def _show_selected(self) -> None:
        doc_id = self.selected_id()
        if doc_id is None:
            self.form.show_document(None)
            self.preview.clear()
            return
        doc = self.session.documents.get(doc_id)
        self.form.show_document(doc)
        pixmap = self._thumbnail(doc)
        if not pixmap.isNull():
            self.preview.setPixmap(
                pixmap.scaled(
                    220,
                    220,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
        else:
            self.preview.setText(_("No preview"))

    # --- adding ----------------------------------------------------------------------------

    def choose_files(self) -> None:
        files = file_dialogs.open_files(self, _("Attach documents"), FILE_FILTER)
        self.add_files([Path(f) for f in files])

    def dragEnterEvent(self, event) -> None:
        if local_files(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        files = local_files(event.mimeData())
        if files:
            event.acceptProposedAction()
            self.add_files(files)

    def add_files(self, files: list[Path]) -> None:
        """Attach files to the selected tab: each is checked off the GUI thread, then copied
        into the vault on it (the vault's connection never leaves this thread)."""
        if self.case_id is None or not files or self._queue:
            return
        self._queue = list(files)
        self._problems = []
        self._attached = 0
        self.message.clear_message()
        self.progress.setRange(0, 2 * len(files))
        self.progress.setValue(0)
        self.progress.show()
        self.add_button.setEnabled(False)
        self.notice.announce(_("Attaching {count} files…").format(count=len(files)))
        self._next(self.case_id, self.current_tab, self.new_language.currentData() or "en")

    def _next(self, case_id: str, tab: str, language: str) -> None:
        if self.case_id != case_id:
            self._queue = []  # the page was cleared (locked) meanwhile
            return
        if not self._queue:
            self._finished()
            return
        path = self._queue.pop(0)
        limits = self.session.documents.limits()
        from intake_app.evidence import inspect_file

        def stored(checked) -> None:
            self._step()
            if self.case_id == case_id:
                try:
                    self.session.documents.attach(
                        case_id, path, category=tab, language=language, checked=checked
                    )
                    self._attached += 1
                except AmparoError as exc:
                    self._problems.append(f"{path.name}: {_(exc.user_message)}")
            self._step()
            self._next(case_id, tab, language)

        def refused(exc: Exception) -> None:
            self._step(2)
            message = (
                _(exc.user_message)
                if isinstance(exc, AmparoError)
                else _("This file cannot be attached. Nothing was stored.")
            )
            self._problems.append(f"{path.name}: {message}")
            self._next(case_id, tab, language)

        self.runner.submit(lambda: inspect_file(path, limits), stored, refused)

    def _step(self, n: int = 1) -> None:
        self.progress.setValue(self.progress.value() + n)

    def _finished(self) -> None:
        self.progress.hide()
        self.add_button.setEnabled(True)
        self.notice.announce(
            ngettext("{n} document attached.", "{n} documents attached.", self._attached).format(
                n=self._attached
            )
        )
        if self._problems:
            self.message.announce("\n".join(self._problems))
        self.refresh()

    def wait_for_imports(self, msecs: int = 30_000) -> bool:
        """For tests: let the background checks finish (their results arrive as events)."""
        from PySide6.QtCore import QCoreApplication, QElapsedTimer

        timer = QElapsedTimer()
        timer.start()
        while (self._queue or self.progress.isVisible()) and timer.elapsed() < msecs:
            self.runner.wait(50)
            QCoreApplication.processEvents()
        return not self._queue and not self.progress.isVisible()

    # --- changing --------------------------------------------------------------------------

    def _save_details(self, doc_id: str, values: dict) -> None:
        try:
            self.session.documents.update(doc_id, **values)
        except (AmparoError, ValueError):
            self.message.announce(_("The changes could not be saved."))
            return
        self.notice.announce(_("Saved."))
        self.refresh(select=doc_id)

    def _save_order(self) -> None:
        if self.case_id is None:
            return
        ids = [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())]
        self.session.documents.reorder(self.case_id, self.current_tab, ids)
        self.notice.announce(_("New order saved."))

    def delete_document(self, doc_id: str, confirm: bool = True) -> None:
        if confirm:
            answer = QMessageBox.question(
                self,
                _("Delete document"),
                _("Delete this document from the case? This cannot be undone."),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.session.documents.delete(doc_id)
        self.refresh()

    # --- language and privacy --------------------------------------------------------------

    def retranslate(self) -> None:
        self.title.setText(_("Documents"))
        if self.case_id:
            self.case_label.setText(_("Case {case}").format(case=self.case_id))
        self.back_button.setText(_("← Back to the review"))
        self.add_button.setText(_("Attach files…"))
        self.new_language_label.setText(_("New files are in:"))
        fill_languages(self.new_language)
        self.form.retranslate()
        self.list.setAccessibleName(_("Documents in this tab; drag to change their order"))
        self.tabs_list.setAccessibleName(_("Exhibit tabs"))
        self.refresh(self.selected_id())

    def clear(self) -> None:
        """Forget the case: lists, previews and details (edits not yet saved are saved first,
        while the vault is still open)."""
        if self.case_id is not None and self.session.is_unlocked:
            self.form.save_pending()
        self.case_id = None
        self._queue = []
        self.list.clear()
        self.tabs_list.clear()
        self.preview.clear()
        self.form.show_document(None)
        self.case_label.clear()
        self.message.clear_message()
        self.notice.clear_message()
        self.progress.hide()
        self.add_button.setEnabled(True)
