"""The interview's top bar: title and case number, the "Saved" mark, interview language, exits."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from intake_app.i18n import _, language_name
from intake_app.ui.interview.fields import muted_label
from intake_app.ui.widgets import heading


def page_button(object_name: str) -> QPushButton:
    button = QPushButton()
    button.setObjectName(object_name)
    button.setAutoDefault(True)  # Enter presses it, as Space does
    return button


class InterviewHeader(QWidget):
    """Shows no client data: only the case number, which is not identifying."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.case_id: str | None = None
        self.saved_once = False
        self.title = heading()
        self.case_label = muted_label()
        self.case_label.setObjectName("interview_case")
        self.saved = muted_label()
        self.saved.setObjectName("saved_indicator")
        self.saved.setWordWrap(False)
        self.language_label = QLabel()
        self.language_combo = QComboBox()
        self.language_combo.setObjectName("interview_language")
        self.language_label.setBuddy(self.language_combo)
        self.review_button = page_button("review")
        self.close_button = page_button("close_interview")
        titles = QVBoxLayout()
        titles.addWidget(self.title)
        titles.addWidget(self.case_label)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addLayout(titles)
        row.addStretch(1)
        row.addWidget(self.saved)
        row.addSpacing(12)
        row.addWidget(self.language_label)
        row.addWidget(self.language_combo)
        row.addWidget(self.review_button)
        row.addWidget(self.close_button)

    def set_case(self, case_id: str, languages: tuple[str, ...], interview_language: str) -> None:
        self.case_id = case_id
        self.saved_once = False
        self.language_combo.clear()
        for code in languages:
            self.language_combo.addItem(language_name(code), code)
        self.language_combo.setCurrentIndex(
            max(0, self.language_combo.findData(interview_language))
        )
        self.retranslate()

    def show_saved(self) -> None:
        """Quietly: a mark in the corner, not an announcement after every answer."""
        self.saved_once = True
        self.retranslate()

    def wipe(self) -> None:
        self.case_id = None
        self.saved_once = False
        self.saved.clear()
        self.case_label.clear()

    def retranslate(self) -> None:
        self.title.setText(_("Interview"))
        self.language_label.setText(_("Interview language:"))
        self.language_combo.setAccessibleName(_("Interview language"))
        self.review_button.setText(_("Review"))
        self.close_button.setText(_("Back to cases"))
        self.saved.setToolTip(_("Every answer is saved, encrypted, the moment it is given."))
        self.saved.setText(("✓ " + _("Saved")) if self.saved_once else "")
        if self.case_id is not None:
            self.case_label.setText(_("Case {case}").format(case=self.case_id))
