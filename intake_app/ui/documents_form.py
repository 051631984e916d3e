"""The metadata of one attached document: tab, what it shows, who gave it, language, translation."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from intake_app.domain.documents import DocumentRecord
from intake_app.evidence.model import COMMON_LANGUAGES, language_name
from intake_app.i18n import N_, _, current_language

# The tabs of forms/packet/exhibits.yaml, named for the volunteer (the packet prints English).
CATEGORY_LABELS = {
    "g28": N_("Form G-28"),
    "identity": N_("Identity documents"),
    "declaration": N_("Declaration"),
    "sponsor": N_("Sponsor"),
    "children": N_("Children: birth certificates, caregiving"),
    "child_medical": N_("Child's medical records"),
    "spouse": N_("Spouse or partner"),
    "pregnancy": N_("Pregnancy"),
    "detainee_medical": N_("Detained person's medical records"),
    "residence": N_("Proof of residence"),
    "employment": N_("Employment and pay stubs"),
    "taxes": N_("Taxes"),
    "compliance": N_("Check-ins and hearings attended"),
    "support_letters": N_("Letters of support"),
    "dispositions": N_("Court dispositions"),
    "immigration_papers": N_("Immigration documents"),
}
TRANSLATION_LABELS = {
    "not_needed": N_("No translation needed"),
    "needed": N_("English translation needed"),
    "attached": N_("English translation attached"),
}


def category_label(category: str) -> str:
    label = CATEGORY_LABELS.get(category)
    return _(label) if label else category


def language_label(code: str) -> str:
    name = language_name(code, current_language())
    return name[:1].upper() + name[1:]


def fill_categories(combo: QComboBox, tabs: list[str]) -> None:
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    for tab in tabs:
        combo.addItem(category_label(tab), tab)
    if current is not None:
        combo.setCurrentIndex(max(0, combo.findData(current)))
    combo.blockSignals(False)


def fill_languages(combo: QComboBox) -> None:
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    for code in COMMON_LANGUAGES:
        combo.addItem(language_label(code), code)
    combo.setCurrentIndex(max(0, combo.findData(current or "en")))
    combo.blockSignals(False)


class DocumentForm(QWidget):
    """Edits one document's metadata; `saved` carries the changed fields, `delete_requested`."""

    saved = Signal(str, dict)
    delete_requested = Signal(str)

    def __init__(self, tabs: list[str], evidence: dict[str, list[str]], parent=None) -> None:
        super().__init__(parent)
        self.tabs = tabs
        self.evidence = evidence  # tab → evidence ids it can hold
        self.doc_id: str | None = None
        self._shown: dict | None = None  # the values as last shown or saved
        self.category = QComboBox()
        self.category.setObjectName("document_category")
        self.evidence_box = QComboBox()
        self.evidence_box.setObjectName("document_evidence")
        self.title = QLineEdit()
        self.title.setObjectName("document_title")
        self.supports = QLineEdit()
        self.supports.setObjectName("document_supports")
        self.provided_by = QLineEdit()
        self.provided_by.setObjectName("document_provided_by")
        self.language = QComboBox()
        self.language.setObjectName("document_language")
        self.received = QLineEdit()
        self.received.setObjectName("document_received")
        self.received.setInputMask("9999-99-99")
        self.translation = QComboBox()
        self.translation.setObjectName("document_translation")
        self.save_button = QPushButton()
        self.save_button.setObjectName("document_save")
        self.delete_button = QPushButton()
        self.delete_button.setObjectName("document_delete")
        self.form = QFormLayout()
        self.labels = {}
        for key, widget in (
            ("category", self.category),
            ("evidence", self.evidence_box),
            ("title", self.title),
            ("supports", self.supports),
            ("provided_by", self.provided_by),
            ("language", self.language),
            ("received", self.received),
            ("translation", self.translation),
        ):
            self.form.addRow(key, widget)
            self.labels[key] = self.form.labelForField(widget)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        buttons.addWidget(self.delete_button)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.addLayout(self.form)
        column.addLayout(buttons)
        self.category.currentIndexChanged.connect(lambda _i: self._fill_evidence(None))
        self.save_button.clicked.connect(lambda _c=False: self._save())
        self.delete_button.clicked.connect(
            lambda _c=False: self.doc_id and self.delete_requested.emit(self.doc_id)
        )
        self.retranslate()
        self.setEnabled(False)

    def retranslate(self) -> None:
        words = {
            "category": _("Exhibit tab"),
            "evidence": _("Evidence it answers"),
            "title": _("Name in the index"),
            "supports": _("Person or fact it supports"),
            "provided_by": _("Provided by"),
            "language": _("Language of the document"),
            "received": _("Date received (YYYY-MM-DD)"),
            "translation": _("Translation"),
        }
        for key, label in self.labels.items():
            label.setText(words[key])
        self.save_button.setText(_("Save changes"))
        self.delete_button.setText(_("Delete document…"))
        fill_categories(self.category, self.tabs)
        fill_languages(self.language)
        current = self.translation.currentData()
        self.translation.clear()
        for state, label in TRANSLATION_LABELS.items():
            self.translation.addItem(_(label), state)
        self.translation.setCurrentIndex(max(0, self.translation.findData(current)))
        self._fill_evidence(self.evidence_box.currentData())

    def _fill_evidence(self, chosen: str | None) -> None:
        from intake_app.analysis import default_rules

        names = default_rules().evidence
        lang = current_language()
        self.evidence_box.blockSignals(True)
        self.evidence_box.clear()
        self.evidence_box.addItem(_("(the tab as a whole)"), "")
        for ev_id in self.evidence.get(self.category.currentData(), []):
            name = names[ev_id].name.get(lang) or names[ev_id].name.get("en", ev_id)
            self.evidence_box.addItem(name, ev_id)
        self.evidence_box.setCurrentIndex(max(0, self.evidence_box.findData(chosen or "")))
        self.evidence_box.blockSignals(False)

    def save_pending(self) -> bool:
        """Save what was edited and not yet saved (before another document, the way back or a
        lock), as every other page saves as it goes; True when something was saved."""
        if not self.doc_id or self._shown is None or self.values() == self._shown:
            return False
        # Marked saved first: saving refreshes the page, which shows this document again.
        self._shown = self.values()
        self.saved.emit(self.doc_id, self._shown)
        return True

    def show_document(self, doc: DocumentRecord | None) -> None:
        self.save_pending()
        self._shown = None
        self.doc_id = doc.id if doc else None
        self.setEnabled(doc is not None)
        if doc is None:
            for edit in (self.title, self.supports, self.provided_by, self.received):
                edit.clear()
            return
        self.category.setCurrentIndex(max(0, self.category.findData(doc.category)))
        self._fill_evidence(doc.evidence_id)
        self.title.setText(doc.title)
        self.supports.setText(doc.supports)
        self.provided_by.setText(doc.provided_by)
        if self.language.findData(doc.language) < 0:
            self.language.addItem(language_label(doc.language), doc.language)
        self.language.setCurrentIndex(self.language.findData(doc.language))
        self.received.setText(doc.date_received or "")
        self.translation.setCurrentIndex(max(0, self.translation.findData(doc.translation)))
        self._shown = self.values()

    def values(self) -> dict:
        received = self.received.text().strip()
        try:
            received = dt.date.fromisoformat(received).isoformat()
        except ValueError:
            received = None
        return {
            "category": self.category.currentData(),
            "evidence_id": self.evidence_box.currentData() or None,
            "title": self.title.text().strip(),
            "supports": self.supports.text().strip(),
            "provided_by": self.provided_by.text().strip(),
            "language": self.language.currentData(),
            "date_received": received,
            "translation": self.translation.currentData(),
        }

    def _save(self) -> None:
        if self.doc_id:
            self._shown = self.values()
            self.saved.emit(self.doc_id, self._shown)
