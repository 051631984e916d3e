"""The case list: a table model over the session's cases, with search as you type and sorting."""

from __future__ import annotations

import datetime as dt
import unicodedata
from functools import lru_cache

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from intake_app.domain.records import CASE_STATUSES
from intake_app.domain.values import ValueProblem, format_a_number
from intake_app.i18n import _, current_language, format_date
from intake_app.session import CaseSummary, Session
from intake_app.ui.widgets import heading


def fold(text: str) -> str:
    """Case and accents set aside, as a person searching types: "Núñez" → "nunez"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def status_label(status: str) -> str:
    return {
        "intake": _("Intake"),
        "attorney_review": _("Attorney review"),
        "ready": _("Ready"),
        "submitted": _("Submitted"),
        "decided": _("Decided"),
    }.get(status, status)


_NO_PARENT = QModelIndex()


class CaseListModel(QAbstractTableModel):
    """Rows are CaseSummary values; the model never holds a database connection.

    It sorts itself (with keys computed once per row) because a proxy's sort would call
    `data()` hundreds of thousands of times on a list of thousands of cases.
    """

    COLUMNS = ("name", "a_number", "facility", "status", "progress", "updated")
    SEARCH_ROLE = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[CaseSummary] = []
        self._search: list[str] = []
        self._names: list[str] = []
        self._sort = (5, Qt.SortOrder.DescendingOrder)

    def set_cases(self, cases: list[CaseSummary]) -> None:
        self.beginResetModel()
        self._rows = list(cases)
        self._order_rows()
        self.endResetModel()

    def _order_rows(self) -> None:
        column, order = self._sort
        key = self._sort_key(self.COLUMNS[column])
        self._rows.sort(key=key, reverse=order == Qt.SortOrder.DescendingOrder)
        self._names = [c.display_name for c in self._rows]
        # One folded string per row (case and accents ignored: "gutierrez" finds GUTIÉRREZ), so
        # filtering a keystroke is a substring test.
        self._search = [
            fold(" ".join((name, c.a_number, _shown_a_number(c), c.facility, c.id)))
            for name, c in zip(self._names, self._rows, strict=True)
        ]

    @staticmethod
    def _sort_key(column: str):
        return {
            "name": lambda c: c.display_name.casefold(),
            "a_number": lambda c: c.a_number,
            "facility": lambda c: c.facility.casefold(),
            "status": lambda c: CASE_STATUSES.index(c.status) if c.status in CASE_STATUSES else 99,
            "progress": lambda c: c.answered / c.required if c.required else 1.0,
            "updated": lambda c: c.updated_at,
        }[column]

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.COLUMNS):
            return
        self.layoutAboutToBeChanged.emit()
        self._sort = (column, order)
        self._order_rows()
        self.layoutChanged.emit()

    def clear(self) -> None:
        self.set_cases([])

    def case_at(self, row: int) -> CaseSummary:
        return self._rows[row]

    def rowCount(self, parent=_NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=_NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (
            _("Name"),
            _("A-number"),
            _("Facility"),
            _("Status"),
            _("Progress"),
            _("Last change"),
        )[section]

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if role == self.SEARCH_ROLE:
            return self._search[index.row()]
        if role != Qt.ItemDataRole.DisplayRole or not index.isValid():
            return None
        row = index.row()
        column = self.COLUMNS[index.column()]
        if column == "name":
            return self._names[row] or _("(no name yet)")
        return self._display(self._rows[row], column)

    def _display(self, case: CaseSummary, column: str) -> str:
        if column == "a_number":
            return _shown_a_number(case)
        if column == "facility":
            return case.facility
        if column == "status":
            return status_label(case.status)
        if column == "progress":
            if not case.required:
                return ""
            return f"{round(100 * case.answered / case.required)} %"
        return _shown_time(case.updated_at)


@lru_cache(maxsize=8192)
def _shown_time_in(stamp: str, language: str) -> str:
    when = dt.datetime.fromisoformat(stamp).astimezone()
    return format_date(when.date(), language, fmt="medium") + when.strftime(" %H:%M")


def _shown_time(stamp: str) -> str:
    return _shown_time_in(stamp, current_language())


def _shown_a_number(case: CaseSummary) -> str:
    try:
        return format_a_number(case.a_number) if case.a_number else ""
    except ValueProblem:
        return case.a_number


class CaseFilterModel(QSortFilterProxyModel):
    """Filters on the precomputed search text; sorting is handed to the source model."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._needle: list[str] = []

    def set_needle(self, text: str) -> None:
        self.beginFilterChange()
        self._needle = fold(text.strip()).split()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        self.sourceModel().sort(column, order)

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex) -> bool:
        if not self._needle:
            return True
        text = self.sourceModel()._search[source_row]
        return all(part in text for part in self._needle)


class CaseListPage(QWidget):
    """Search, sort, open, create and delete cases."""

    case_opened = Signal(str)
    new_case_requested = Signal()
    delete_requested = Signal(str)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.model = CaseListModel(self)
        self.proxy = CaseFilterModel(self)
        self.proxy.setSourceModel(self.model)

        self.title = heading()
        self.signed_in = QLabel()
        self.signed_in.setObjectName("signed_in_as")
        self.search_label = QLabel()
        self.search = QLineEdit()
        self.search.setObjectName("case_search")
        self.search.setClearButtonEnabled(True)
        self.search_label.setBuddy(self.search)
        self.new_button = QPushButton()
        self.new_button.setObjectName("new_case")
        self.delete_button = QPushButton()
        self.delete_button.setObjectName("delete_case")
        self.table = QTableView()
        self.table.setObjectName("case_table")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSortIndicator(5, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        # Column widths from the first rows only: measuring 5,000 rows costs a third of a second.
        header.setResizeContentsPrecision(60)
        self.empty = QLabel()
        self.empty.setObjectName("empty_case_list")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)

        top = QHBoxLayout()
        top.addWidget(self.title)
        top.addStretch(1)
        top.addWidget(self.signed_in)
        bar = QHBoxLayout()
        bar.addWidget(self.search_label)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.new_button)
        bar.addWidget(self.delete_button)
        # Shown to whoever can back up, when the last backup is older than the clinic's setting.
        self.backup_reminder = QLabel()
        self.backup_reminder.setObjectName("backup_reminder")
        self.backup_reminder.setWordWrap(True)
        self.backup_reminder.setStyleSheet(
            "background: #fff4ce; color: #3d2e00; padding: 6px; border-radius: 4px;"
        )
        self.backup_reminder.hide()
        column = QVBoxLayout(self)
        column.addLayout(top)
        column.addWidget(self.backup_reminder)
        column.addLayout(bar)
        column.addWidget(self.table, 1)
        column.addWidget(self.empty)

        self.search.textChanged.connect(self.proxy.set_needle)
        self.search.textChanged.connect(lambda _text: self._show_empty())
        self.new_button.clicked.connect(self.new_case_requested)
        self.delete_button.clicked.connect(self._delete_current)
        self.table.activated.connect(self._open_index)
        QShortcut(QKeySequence.StandardKey.Find, self, activated=self.focus_search)
        QShortcut(QKeySequence.StandardKey.New, self, activated=self.new_case_requested.emit)
        QShortcut(QKeySequence.StandardKey.Delete, self.table, activated=self._delete_current)
        # From the search box, Down moves into the results and Enter opens the first match.
        self.search.returnPressed.connect(self._open_first_match)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(_("Cases"))
        self.search_label.setText(_("Search:"))
        self.search.setAccessibleName(_("Search cases"))
        self.search.setPlaceholderText(_("Name, A-number or facility"))
        self.new_button.setText(_("New case"))
        self.delete_button.setText(_("Delete case"))
        self.table.setAccessibleName(_("Cases"))
        self._show_empty()
        if self.session.is_unlocked:
            self.signed_in.setText(
                _("Signed in as {name}").format(name=self.session.person.display_name)
            )
        self._show_backup_reminder()
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 5)

    def _show_empty(self) -> None:
        """Say why the table is empty: no case yet, or none matching the search."""
        if self.model.rowCount() == 0:
            self.empty.setText(_("No cases yet. Press “New case” to start an interview."))
        elif self.proxy.rowCount() == 0:
            self.empty.setText(
                _("No case matches “{text}”.").format(text=self.search.text().strip())
            )
        self.empty.setVisible(self.model.rowCount() == 0 or self.proxy.rowCount() == 0)

    def _show_backup_reminder(self) -> None:
        overdue = self.session.is_unlocked and self.session.transfer.backup_overdue()
        if overdue:
            last = self.session.transfer.last_backup_at()
            if last is None:
                text = _("This vault has never been backed up. Use Administration → Back up.")
            else:
                text = _(
                    "The last backup was made on {date}. Back up the vault "
                    "(Administration → Back up)."
                ).format(date=format_date(last.astimezone().date()))
            self.backup_reminder.setText(text)
        self.backup_reminder.setVisible(overdue)

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def refresh(self) -> None:
        self.model.set_cases(self.session.cases.list())
        self._show_empty()
        self.table.setVisible(self.model.rowCount() > 0)
        self.retranslate()
        self.table.resizeColumnsToContents()

    def clear(self) -> None:
        self.model.clear()
        self.search.clear()
        self.signed_in.clear()
        self.backup_reminder.hide()

    def selected_case_id(self) -> str | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.model.case_at(self.proxy.mapToSource(index).row()).id

    def _delete_current(self) -> None:
        case_id = self.selected_case_id()
        if case_id:
            self.delete_requested.emit(case_id)

    def _open_first_match(self) -> None:
        if self.proxy.rowCount() > 0:
            first = self.proxy.index(0, 0)
            self.table.setCurrentIndex(first)
            self._open_index(first)

    def _open_index(self, index: QModelIndex) -> None:
        source = self.proxy.mapToSource(index)
        self.case_opened.emit(self.model.case_at(source.row()).id)
