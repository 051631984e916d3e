"""Printing a PDF page by page from the event loop: the window stays responsive, a progress
dialog counts the pages and Cancel stops the job, and pages go out at 300 dpi, not at the
printer's 1,200 (which made a 28-page packet a 152 MB job and froze the window for minutes)."""

from __future__ import annotations

from PySide6.QtCore import QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QProgressDialog, QWidget

from intake_app.i18n import _

PRINT_DPI = 300


class PrintJob(QObject):
    """One document sent to one printer, a page per turn of the event loop.

    `finished(done)`: True when every page went out, False when cancelled or refused.
    """

    finished = Signal(bool)

    def __init__(self, document, printer, parent: QWidget) -> None:
        super().__init__(parent)
        self.document = document
        self.printer = printer
        self.pages = document.pageCount()
        self.page = 0
        self.painter: QPainter | None = None
        printer.setResolution(PRINT_DPI)
        self.progress = QProgressDialog(parent)
        self.progress.setObjectName("print_progress")
        self.progress.setWindowTitle(_("Printing"))
        self.progress.setLabelText(_("Printing the packet…"))
        self.progress.setCancelButtonText(_("Cancel"))
        self.progress.setRange(0, max(self.pages, 1))
        self.progress.setMinimumDuration(0)
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setAccessibleName(_("Printing progress"))
        self.progress.canceled.connect(self.cancel)
        self.timer = QTimer(self)
        self.timer.setInterval(0)
        self.timer.timeout.connect(self._next_page)

    def start(self) -> None:
        self.painter = QPainter()
        if not self.painter.begin(self.printer):
            self._end(False)
            return
        self.progress.setValue(0)
        self.timer.start()

    def cancel(self) -> None:
        if self.timer.isActive():
            self.printer.abort()
            self._end(False)

    def _next_page(self) -> None:
        """Render and send one page, then give the event loop back."""
        assert self.painter is not None
        if self.progress.wasCanceled():
            self.cancel()
            return
        if self.page >= self.pages:
            self._end(True)
            return
        if self.page:
            self.printer.newPage()
        target = self.painter.viewport()
        size = self.document.pagePointSize(self.page).toSize()
        scaled = size.scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
        image = self.document.render(self.page, QSize(scaled.width(), scaled.height()))
        self.painter.drawImage(0, 0, image)
        self.page += 1
        self.progress.setLabelText(
            _("Printing page {page} of {pages}…").format(page=self.page, pages=self.pages)
        )
        self.progress.setValue(self.page)

    def _end(self, done: bool) -> None:
        self.timer.stop()
        if self.painter is not None and self.painter.isActive():
            self.painter.end()
        self.progress.reset()
        self.progress.hide()
        self.finished.emit(done)
