"""The case list: a table model over the session's cases, with search as you type and sorting."""

from __future__ import annotations

import datetime as dt

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

from intake_app.domain.values import ValueProblem, format_a_number
from intake_app.i18n import _, format_date
from intake_app.session import CaseSummary, Session
from intake_app.ui.widgets import heading


def status_label(status: str) -> str:
    return {
        "intake": _("Intake"),
        "attorney_review": _("Attorney review"),
        "ready": _("Ready"),
        "submitted": _("Submitted"),
        "decided": _("Decided"),
    }.get(status, status)


class CaseListModel(QAbstractTableModel):
    """Rows are CaseSummary values; the model never holds a database connection."""

    COLUMNS = ("name", "a_number", "facility", "status", "progress", "updated")
    SEARCH_ROLE = Qt.ItemDataRole.UserRole + 1
    SORT_ROLE = Qt.ItemDataRole.UserRole + 2

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[CaseSummary] = []
        self._search: list[str] = []

    def set_cases(self, cases: list[CaseSummary]) -> None:
        self.beginResetModel()
        self._rows = list(cases)
        # One lower-cased string per row, so filtering a keystroke is a substring test.
        self._search = [
            " ".join((c.display_name, c.a_number, _shown_a_number(c), c.facility, c.id)).casefold()
            for c in self._rows
        ]
        self.endResetModel()

    def clear(self) -> None:
        self.set_cases([])

    def case_at(self, row: int) -> CaseSummary:
        return self._rows[row]

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 (Qt override)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802 (Qt override)
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
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
        if not index.isValid():
            return None
        case = self._rows[index.row()]
        column = self.COLUMNS[index.column()]
        if role == self.SEARCH_ROLE:
            return self._search[index.row()]
        if role == self.SORT_ROLE:
            return {
                "name": case.display_name.casefold(),
                "a_number": case.a_number,
                "facility": case.facility.casefold(),
                "status": case.status,
                "progress": case.answered / case.required if case.required else 1.0,
                "updated": case.updated_at,
            }[column]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(case, column)
        return None

    def _display(self, case: CaseSummary, column: str) -> str:
        if column == "name":
            return case.display_name or _("(no name yet)")
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
        when = dt.datetime.fromisoformat(case.updated_at).astimezone()
        return format_date(when.date(), fmt="medium") + when.strftime(" %H:%M")


def _shown_a_number(case: CaseSummary) -> str:
    try:
        return format_a_number(case.a_number) if case.a_number else ""
    except ValueProblem:
        return case.a_number


class CaseFilterModel(QSortFilterProxyModel):
    """Filters on the precomputed search text so each keystroke costs one pass of `in` tests."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._needle = ""
        self.setSortRole(CaseListModel.SORT_ROLE)

    def set_needle(self, text: str) -> None:
        self._needle = text.strip().casefold()
        self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex) -> bool:  # noqa: N802
        if not self._needle:
            return True
        model = self.sourceModel()
        text = model.data(model.index(source_row, 0, source_parent), CaseListModel.SEARCH_ROLE)
        return all(part in text for part in self._needle.split())


class CaseListPage(QWidget):
    """Search, sort, open, create and delete cases."""

    case_opened = Signal(str)
    new_case_requested = Signal()
    lock_requested = Signal()

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
        self.table = QTableView()
        self.table.setObjectName("case_table")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(5, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
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
        column = QVBoxLayout(self)
        column.addLayout(top)
        column.addLayout(bar)
        column.addWidget(self.table, 1)
        column.addWidget(self.empty)

        self.search.textChanged.connect(self.proxy.set_needle)
        self.new_button.clicked.connect(self.new_case_requested)
        self.table.activated.connect(self._open_index)
        QShortcut(QKeySequence.StandardKey.Find, self, activated=self.focus_search)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(_("Cases"))
        self.search_label.setText(_("Search:"))
        self.search.setAccessibleName(_("Search cases"))
        self.search.setPlaceholderText(_("Name, A-number or facility"))
        self.new_button.setText(_("New case"))
        self.table.setAccessibleName(_("Cases"))
        self.empty.setText(_("No cases yet. Press “New case” to start an interview."))
        if self.session.is_unlocked:
            self.signed_in.setText(
                _("Signed in as {name}").format(name=self.session.person.display_name)
            )
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 5)

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def refresh(self) -> None:
        self.model.set_cases(self.session.list_cases())
        self.empty.setVisible(self.model.rowCount() == 0)
        self.table.setVisible(self.model.rowCount() > 0)
        self.retranslate()
        self.table.resizeColumnsToContents()

    def clear(self) -> None:
        self.model.clear()
        self.search.clear()
        self.signed_in.clear()

    def _open_index(self, index: QModelIndex) -> None:
        source = self.proxy.mapToSource(index)
        self.case_opened.emit(self.model.case_at(source.row()).id)
