"""The audit log (admins): who did what, when, to which case; never a value anyone typed."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from intake_app.domain.records import AuditEntry
from intake_app.i18n import _, format_date, ngettext
from intake_app.session import Session
from intake_app.ui.widgets import AnnouncedLabel

SHOWN = 2000


def action_label(action: str) -> str:
    """An action code in words; unknown codes (from a newer version) show as they are."""
    return {
        "vault_created": _("Created the vault"),
        "vault_unlocked": _("Signed in"),
        "passphrase_changed": _("Changed their passphrase"),
        "person_added": _("Added a person"),
        "person_removed": _("Removed a person"),
        "vault_rekeyed": _("Re-encrypted the vault under a new key"),
        "case_created": _("Created the case"),
        "case_opened": _("Opened the case"),
        "case_imported": _("Imported the case from a file"),
        "case_status_changed": _("Changed the case's status"),
        "case_interview_language_changed": _("Changed the interview language"),
        "case_deleted": _("Deleted the case"),
        "case_exported_plaintext": _("Exported the case unencrypted"),
        "case_bundle_exported": _("Exported the case as an encrypted bundle"),
        "case_bundle_imported": _("Imported the case from a bundle"),
        "cases_purged": _("Erased closed cases past the retention period"),
        "packet_reviewed": _("Reviewed and signed off the packet"),
        "packet_built": _("Built the packet"),
        "take_home_built": _("Built the take-home sheet"),
        "counsel_review_built": _("Built the counsel review"),
        "physician_letters_built": _("Built the letters to the physicians"),
        "docx_built": _("Built a Word draft"),
        "road_built": _("Built a document for another road out of detention"),
        "document_attached": _("Attached a document"),
        "document_changed": _("Changed a document's details"),
        "documents_reordered": _("Reordered documents"),
        "document_deleted": _("Deleted a document"),
        "backup_made": _("Backed up the vault"),
    }.get(action, action)


def detail_text(entry: AuditEntry) -> str:
    if entry.action in ("person_added", "person_removed"):
        return entry.subject_name or ""
    if entry.action == "cases_purged" and (entry.detail or "").isdigit():
        count = int(entry.detail or 0)
        return ngettext("{count} case", "{count} cases", count).format(count=count)
    if entry.action == "case_bundle_imported" and entry.detail:
        return _("was {case}").format(case=entry.detail)
    return ""


def _when(stamp: str) -> str:
    try:
        moment = dt.datetime.fromisoformat(stamp).astimezone()
    except ValueError:
        return stamp
    return format_date(moment.date(), fmt="medium") + moment.strftime(" %H:%M:%S")


class AuditDialog(QDialog):
    """The newest entries first; a case number narrows them to one case."""

    COLUMNS = 5

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("audit_dialog")
        self.setWindowTitle(_("Audit log"))
        self.resize(860, 520)
        self.case_filter = QLineEdit()
        self.case_filter.setObjectName("audit_case_filter")
        self.case_filter.setPlaceholderText(_("Case number, e.g. C-7KQ2MX"))
        self.case_filter.setAccessibleName(_("Show one case"))
        label = QLabel(_("Show one case:"))
        label.setBuddy(self.case_filter)
        self.table = QTableWidget(0, self.COLUMNS)
        self.table.setObjectName("audit_table")
        self.table.setAccessibleName(_("Audit log"))
        self.table.setHorizontalHeaderLabels(
            [_("When"), _("Who"), _("Case"), _("What"), _("Detail")]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        close = QPushButton(_("Close"))
        close.clicked.connect(self.accept)
        top = QHBoxLayout()
        top.addWidget(label)
        top.addWidget(self.case_filter, 1)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(close)
        self.broken = AnnouncedLabel()
        self.broken.setObjectName("audit_broken")
        column = QVBoxLayout(self)
        column.addWidget(self.broken)
        column.addLayout(top)
        column.addWidget(self.table, 1)
        column.addLayout(bottom)
        self.case_filter.textChanged.connect(lambda _text: self.refresh())
        self.refresh()

    def refresh(self) -> None:
        broken = self.session.audit_problems()
        self.broken.announce(
            ngettext(
                "The audit log has been tampered with: {count} entry does not follow the one "
                "before it (edited, or an entry before it removed).",
                "The audit log has been tampered with: {count} entries do not follow the ones "
                "before them (edited, or entries before them removed).",
                len(broken),
            ).format(count=len(broken))
            if broken
            else ""
        )
        case_id = self.case_filter.text().strip().upper() or None
        entries = self.session.audit_log(case_id, limit=SHOWN)
        self.table.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            who = entry.person_name or _("(unknown)")
            cells = (
                _when(entry.at),
                who,
                entry.case_id or "",
                action_label(entry.action),
                detail_text(entry),
            )
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
