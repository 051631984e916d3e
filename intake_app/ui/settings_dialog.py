"""Settings: the clinic's profile (kept inside the vault), languages, and the auto-lock timeout."""

from __future__ import annotations

import base64

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from intake_app import i18n
from intake_app.domain import permissions
from intake_app.i18n import _
from intake_app.session import Session
from intake_app.ui import file_dialogs
from intake_app.ui.preferences import (
    SETTING_AUTOLOCK_MINUTES,
    SETTING_INTERVIEW_LANGUAGE,
    SETTING_UI_LANGUAGE,
    preferences,
    saved_autolock_minutes,
    saved_interview_language,
)
from intake_app.ui.widgets import AnnouncedLabel

CLINIC_PROFILE_KEY = "clinic.profile"
PROFILE_FIELDS = (
    "name",
    "address",
    "phone",
    "email",
    "representative_name",
    "representative_kind",
    "bar_number",
)
MAX_LOGO_BYTES = 2_000_000


class SettingsDialog(QDialog):
    """Edits the clinic profile (needs attorney or admin) and this computer's preferences."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("settings_dialog")
        self.setWindowTitle(_("Settings"))
        self.resize(640, 620)
        profile = dict(session.get_setting(CLINIC_PROFILE_KEY, {}) or {})
        self._logo: str | None = profile.get("logo_png_base64")
        can_edit_profile = session.can(permissions.EDIT_CLINIC_PROFILE)

        self.fields: dict[str, QLineEdit | QPlainTextEdit | QComboBox] = {}
        clinic_box = QGroupBox(_("Clinic profile (printed on letters)"))
        clinic_form = QFormLayout(clinic_box)
        labels = {
            "name": _("Clinic name"),
            "address": _("Address"),
            "phone": _("Phone"),
            "email": _("Email"),
            "representative_name": _("Attorney or accredited representative"),
            "representative_kind": _("Signs as"),
            "bar_number": _("Bar or accreditation number"),
        }
        for key in PROFILE_FIELDS:
            if key == "address":
                widget: QLineEdit | QPlainTextEdit | QComboBox = QPlainTextEdit()
                widget.setTabChangesFocus(True)
                widget.setFixedHeight(70)
                widget.setPlainText(str(profile.get(key, "")))
            elif key == "representative_kind":
                widget = QComboBox()
                widget.addItem(_("Attorney"), "attorney")
                widget.addItem(_("DOJ-accredited representative"), "accredited_representative")
                index = widget.findData(profile.get(key, "attorney"))
                widget.setCurrentIndex(max(0, index))
            else:
                widget = QLineEdit(str(profile.get(key, "")))
            widget.setObjectName(f"clinic_{key}")
            widget.setAccessibleName(labels[key])
            widget.setEnabled(can_edit_profile)
            self.fields[key] = widget
            label = QLabel(labels[key] + ":")
            label.setBuddy(widget)
            clinic_form.addRow(label, widget)
        self.logo_preview = QLabel()
        self.logo_preview.setFixedHeight(48)
        self.logo_button = QPushButton(_("Choose logo…"))
        self.logo_button.setObjectName("clinic_logo")
        self.logo_button.setEnabled(can_edit_profile)
        self.logo_button.clicked.connect(self._choose_logo)
        logo_row = QHBoxLayout()
        logo_row.addWidget(self.logo_preview, 1)
        logo_row.addWidget(self.logo_button)
        clinic_form.addRow(_("Logo") + ":", logo_row)
        if not can_edit_profile:
            clinic_form.addRow(QLabel(_("Only an attorney or an administrator can change this.")))
        self._show_logo()

        prefs_box = QGroupBox(_("This computer"))
        prefs_form = QFormLayout(prefs_box)
        self.ui_language = QComboBox()
        self.ui_language.setObjectName("ui_language")
        self.interview_language = QComboBox()
        self.interview_language.setObjectName("default_interview_language")
        for code in i18n.SUPPORTED_LANGUAGES:
            self.ui_language.addItem(i18n.language_name(code), code)
            self.interview_language.addItem(i18n.language_name(code), code)
        self.ui_language.setCurrentIndex(self.ui_language.findData(i18n.current_language()))
        self.interview_language.setCurrentIndex(
            self.interview_language.findData(saved_interview_language())
        )
        self.autolock = QSpinBox()
        self.autolock.setObjectName("autolock_minutes")
        self.autolock.setRange(1, 120)
        self.autolock.setSuffix(" " + _("min"))
        self.autolock.setValue(saved_autolock_minutes())
        for label_text, widget in (
            (_("Language of the application"), self.ui_language),
            (_("Usual interview language"), self.interview_language),
            (_("Lock after this long without use"), self.autolock),
        ):
            widget.setAccessibleName(label_text)
            label = QLabel(label_text + ":")
            label.setBuddy(widget)
            prefs_form.addRow(label, widget)

        self.error = AnnouncedLabel()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(clinic_box)
        column.addWidget(prefs_box)
        column.addWidget(self.error)
        column.addWidget(buttons)

    def _show_logo(self) -> None:
        if not self._logo:
            self.logo_preview.setText(_("No logo"))
            return
        pixmap = QPixmap()
        pixmap.loadFromData(base64.b64decode(self._logo))
        self.logo_preview.setPixmap(
            pixmap.scaledToHeight(48, Qt.TransformationMode.SmoothTransformation)
        )

    def _choose_logo(self) -> None:
        path = file_dialogs.open_file(self, _("Choose logo"), _("Images (*.png *.jpg *.jpeg)"))
        if not path:
            return
        pixmap = QPixmap(path)
        if pixmap.isNull():
            self.error.announce(_("That file is not an image Amparo can read."))
            return
        # Stored as a small PNG inside the vault, never as a path to a file elsewhere.
        from PySide6.QtCore import QBuffer, QByteArray, QIODevice

        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        pixmap.scaledToHeight(
            min(pixmap.height(), 240), Qt.TransformationMode.SmoothTransformation
        ).save(buffer, "PNG")
        if data.size() > MAX_LOGO_BYTES:
            self.error.announce(_("That image is too large for a logo."))
            return
        self._logo = base64.b64encode(bytes(data)).decode("ascii")
        self._show_logo()

    def profile(self) -> dict[str, str]:
        values: dict[str, str] = {}
        for key, widget in self.fields.items():
            if isinstance(widget, QPlainTextEdit):
                values[key] = widget.toPlainText().strip()
            elif isinstance(widget, QComboBox):
                values[key] = widget.currentData()
            else:
                values[key] = widget.text().strip()
        if self._logo:
            values["logo_png_base64"] = self._logo
        return values

    def _save(self) -> None:
        if self.session.can(permissions.EDIT_CLINIC_PROFILE):
            self.session.set_setting(CLINIC_PROFILE_KEY, self.profile())
        prefs = preferences()
        prefs.setValue(SETTING_UI_LANGUAGE, self.ui_language.currentData())
        prefs.setValue(SETTING_INTERVIEW_LANGUAGE, self.interview_language.currentData())
        prefs.setValue(SETTING_AUTOLOCK_MINUTES, self.autolock.value())
        i18n.set_language(self.ui_language.currentData())
        self.accept()
