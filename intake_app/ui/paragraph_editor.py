"""Counsel edits the generated paragraphs of one case's letters, or resets them to Amparo's text."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from intake_app.i18n import _
from intake_app.session import Session


def document_title(document: str) -> str:
    return {
        "cover_letter": _("Cover letter"),
        "declaration": _("Declaration"),
        "sponsor_letter": _("Sponsor letter"),
        "translation_certificate": _("Certificate of translation"),
    }.get(document, document)


class ParagraphEditor(QDialog):
    """One box per paragraph; a changed box becomes this case's override when saved."""

    def __init__(self, session: Session, case_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from intake_app.packet import editable_blocks

        self.session = session
        self.case_id = case_id
        self.setObjectName("paragraph_editor")
        self.setWindowTitle(_("Edit the letter's paragraphs"))
        self.resize(900, 700)
        self.blocks = editable_blocks(session.packets.inputs(case_id))
        self.editors: dict[str, QPlainTextEdit] = {}
        body = QWidget()
        column = QVBoxLayout(body)
        intro = QLabel(
            _(
                "Change any paragraph for this case only. Amparo keeps its own text: “Reset” puts "
                "it back. An empty paragraph is left out of the packet."
            )
        )
        intro.setWordWrap(True)
        column.addWidget(intro)
        current_doc = None
        box_layout = None
        for block in self.blocks:
            if block.document != current_doc:
                current_doc = block.document
                box = QGroupBox(document_title(block.document))
                box_layout = QVBoxLayout(box)
                column.addWidget(box)
            assert box_layout is not None
            if block.heading:
                box_layout.addWidget(QLabel(f"<b>{_escape(block.heading)}</b>"))
            editor = QPlainTextEdit(block.override if block.override is not None else block.text)
            editor.setObjectName(f"paragraph.{block.key}")
            editor.setAccessibleName(block.heading or document_title(block.document))
            editor.setTabChangesFocus(True)
            editor.setMinimumHeight(90)
            reset = QPushButton(_("Reset"))
            reset.setObjectName(f"reset.{block.key}")
            reset.setEnabled(block.override is not None)
            reset.clicked.connect(lambda _c=False, b=block, e=editor: e.setPlainText(b.text))
            row = QHBoxLayout()
            row.addWidget(editor, 1)
            row.addWidget(reset)
            box_layout.addLayout(row)
            self.editors[block.key] = editor
        scroll = QScrollArea()
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        outer = QVBoxLayout(self)
        outer.addWidget(scroll, 1)
        outer.addWidget(buttons)

    def save(self) -> None:
        for block in self.blocks:
            text = self.editors[block.key].toPlainText().strip()
            if text == block.text.strip():
                if block.override is not None:
                    self.session.packets.reset_paragraph_override(self.case_id, block.key)
            elif text != (block.override or "").strip() or block.override is None:
                self.session.packets.set_paragraph_override(self.case_id, block.key, text)
        self.accept()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
