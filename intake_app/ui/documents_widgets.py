"""Widgets of the documents page: the reorderable list that takes dropped files, thumbnails."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt, Signal
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QAbstractItemView, QListWidget

THUMB = 96


def local_files(mime) -> list[Path]:
    if not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]


class DocumentList(QListWidget):
    """One tab's documents: drag to reorder; files dropped from outside are attached."""

    files_dropped = Signal(list)

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("documents_list")
        self.setIconSize(QSize(THUMB, THUMB))
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setSpacing(4)

    def dragEnterEvent(self, event) -> None:
        if local_files(event.mimeData()):
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event) -> None:
        if local_files(event.mimeData()):
            event.acceptProposedAction()
        else:
            super().dragMoveEvent(event)

    def dropEvent(self, event) -> None:
        files = local_files(event.mimeData())
        if files:
            event.acceptProposedAction()
            self.files_dropped.emit(files)
        else:
            super().dropEvent(event)


def render_pdf_thumbnail(pdf: bytes, side: int = 256) -> bytes | None:
    """The first page as a PNG, rendered by QtPdf from memory (no file is ever written)."""
    from PySide6.QtPdf import QPdfDocument

    data = QByteArray(pdf)
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    if document.status() != QPdfDocument.Status.Ready or document.pageCount() < 1:
        return None
    size = (
        document.pagePointSize(0)
        .toSize()
        .scaled(QSize(side, side), Qt.AspectRatioMode.KeepAspectRatio)
    )
    image: QImage = document.render(0, size)
    document.close()
    out = QByteArray()
    png = QBuffer(out)
    png.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(png, "PNG")
    return bytes(out.data())
