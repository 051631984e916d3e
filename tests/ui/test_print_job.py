"""Printing a 30-page packet keeps the window responsive: one page per turn of the event loop,
a progress dialog that counts the pages, Cancel that stops the job, 300 dpi."""

from __future__ import annotations

import io

from pypdf import PdfReader
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QTimer
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QPushButton, QWidget
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from intake_app.ui.print_job import PRINT_DPI, PrintJob

PAGES = 30


def _pdf(pages: int) -> bytes:
    out = io.BytesIO()
    drawing = canvas.Canvas(out, pagesize=letter)
    for n in range(pages):
        drawing.drawString(72, 720, f"Page {n + 1} of the packet")
        drawing.rect(72, 72, 468, 600)
        drawing.showPage()
    drawing.save()
    return out.getvalue()


def _document(qtbot, parent: QWidget, pages: int) -> QPdfDocument:
    document = QPdfDocument(parent)
    data = QByteArray(_pdf(pages))
    buffer = QBuffer(data, parent)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document.load(buffer)
    qtbot.waitUntil(lambda: document.status() == QPdfDocument.Status.Ready)
    parent._keep = (data, buffer)  # alive as long as the document reads from them
    return document


def _printer(path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    return printer


def test_printing_thirty_pages_turns_the_event_loop_and_shows_progress(qtbot, tmp_path):
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    document = _document(qtbot, window, PAGES)
    turns = []
    ticker = QTimer(window)
    ticker.setInterval(0)
    ticker.timeout.connect(lambda: turns.append(job.page))
    printer = _printer(tmp_path / "printed.pdf")
    job = PrintJob(document, printer, window)
    seen = []
    job.progress.canceled.connect(lambda: seen.append("canceled"))
    ticker.start()
    with qtbot.waitSignal(job.finished, timeout=120_000) as finished:
        job.start()
        qtbot.waitUntil(lambda: job.page >= 2, timeout=60_000)
        assert job.progress.isVisible() and job.progress.maximum() == PAGES
        seen.append(job.progress.labelText())
    ticker.stop()
    assert finished.args == [True]
    # The event loop ran between pages: the ticker saw the job at many different pages.
    assert len(set(turns)) >= PAGES // 2, sorted(set(turns))
    assert printer.resolution() == PRINT_DPI
    assert len(PdfReader(str(tmp_path / "printed.pdf")).pages) == PAGES
    assert any("of 30" in text for text in seen if isinstance(text, str))
    print(f"\nprint: {PAGES} pages, the event loop turned {len(turns)} times while printing")


def test_cancel_stops_the_job(qtbot, tmp_path):
    window = QWidget()
    qtbot.addWidget(window)
    document = _document(qtbot, window, PAGES)
    job = PrintJob(document, _printer(tmp_path / "cancelled.pdf"), window)
    with qtbot.waitSignal(job.finished, timeout=60_000) as finished:
        job.start()
        qtbot.waitUntil(lambda: job.page >= 3, timeout=60_000)
        cancel = job.progress.findChild(QPushButton)
        assert cancel is not None and cancel.text() == "Cancel"
        cancel.click()
    assert finished.args == [False]
    assert job.page < PAGES
