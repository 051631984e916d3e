"""The clinic network in the window: this laptop's place, its members, requests, and syncing."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from intake_app.domain import permissions
from intake_app.domain.errors import AmparoError
from intake_app.i18n import _, format_date, ngettext
from intake_app.network.clinic_daemon import ClinicDaemon
from intake_app.session import Session
from intake_app.ui import file_dialogs
from intake_app.ui.people_dialog import kind_label
from intake_app.ui.widgets import AnnouncedLabel

ROLES = ("volunteer", "attorney", "admin")


def sync_summary(last: dict | None) -> str:
    """The last sync in words (counts only: a sync never names a client)."""
    if not last:
        return _("Not synced yet.")
    try:
        when = dt.datetime.fromisoformat(last["at"]).astimezone()
        at = format_date(when.date()) + " " + when.strftime("%H:%M")
    except (KeyError, TypeError, ValueError):
        at = "?"
    counts = {k: last.get(k, 0) for k in ("applied", "published", "refused")}
    taken = ngettext(
        "{applied} change file taken in", "{applied} change files taken in", counts["applied"]
    )
    return _("Last sync: {at} — {taken}, {published} published, {refused} refused.").format(
        at=at, taken=taken.format(**counts), **counts
    )


class ClinicDialog(QDialog):
    """Found or join a clinic, admit the laptops that ask, see who is in it, and sync now."""

    def __init__(
        self, session: Session, parent: QWidget | None = None, daemon: ClinicDaemon | None = None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.daemon = daemon
        self.setObjectName("clinic_dialog")
        self.setWindowTitle(_("Clinic network"))
        self.resize(640, 520)
        self.message = AnnouncedLabel()
        self.message.setObjectName("clinic_message")
        self.notice = AnnouncedLabel(error=False)
        self.notice.setObjectName("clinic_notice")
        self.clinic_label = QLabel()
        self.clinic_label.setObjectName("clinic_id")
        self.clinic_label.setWordWrap(True)
        # The id is given to the laptops that join: it must be easy to copy.
        self.clinic_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.fingerprint = QLineEdit()
        self.fingerprint.setObjectName("clinic_fingerprint")
        self.fingerprint.setReadOnly(True)
        self.fingerprint.setAccessibleName(_("This laptop's fingerprint"))
        self.folder = QLineEdit()
        self.folder.setObjectName("clinic_folder")
        self.folder.setReadOnly(True)
        self.folder.setAccessibleName(_("Clinic folder"))
        self.choose_folder = QPushButton(_("Choose…"))
        self.choose_folder.setObjectName("clinic_choose_folder")
        self.choose_folder.setAccessibleName(_("Choose the clinic folder"))
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.choose_folder)
        form = QFormLayout()
        form.addRow(_("Clinic") + ":", self.clinic_label)
        form.addRow(_("This laptop's fingerprint") + ":", self.fingerprint)
        form.addRow(_("Clinic folder") + ":", folder_row)

        self.create_button = QPushButton(_("Found a clinic…"))
        self.create_button.setObjectName("clinic_create")
        self.join_button = QPushButton(_("Join a clinic…"))
        self.join_button.setObjectName("clinic_join")
        start_row = QHBoxLayout()
        start_row.addWidget(self.create_button)
        start_row.addWidget(self.join_button)
        start_row.addStretch(1)

        self.members = QListWidget()
        self.members.setObjectName("clinic_members")
        self.members.setAccessibleName(_("Members of the clinic"))
        self.requests = QListWidget()
        self.requests.setObjectName("clinic_requests")
        self.requests.setAccessibleName(_("Laptops asking to join"))
        self.role = QComboBox()
        self.role.setObjectName("clinic_role")
        self.role.setAccessibleName(_("Role of the laptop to admit"))
        for role in ROLES:
            self.role.addItem(kind_label(role, ""), role)
        self.admit_button = QPushButton(_("Admit"))
        self.admit_button.setObjectName("clinic_admit")
        admit_row = QHBoxLayout()
        admit_row.addWidget(QLabel(_("Admit as") + ":"))
        admit_row.addWidget(self.role)
        admit_row.addWidget(self.admit_button)
        admit_row.addStretch(1)

        self.last_sync = QLabel()
        self.last_sync.setObjectName("clinic_last_sync")
        self.last_sync.setWordWrap(True)
        self.sync_button = QPushButton(_("Sync now"))
        self.sync_button.setObjectName("clinic_sync")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.addButton(self.sync_button, QDialogButtonBox.ButtonRole.ActionRole)

        column = QVBoxLayout(self)
        column.addWidget(self.message)
        column.addWidget(self.notice)
        column.addLayout(form)
        column.addLayout(start_row)
        self.members_title = QLabel(_("Members"))
        column.addWidget(self.members_title)
        column.addWidget(self.members, 1)
        self.requests_title = QLabel(_("Laptops asking to join (compare the fingerprint aloud)"))
        column.addWidget(self.requests_title)
        column.addWidget(self.requests, 1)
        column.addLayout(admit_row)
        column.addWidget(self.last_sync)
        column.addWidget(self._syncthing_box())
        column.addWidget(buttons)

        self.choose_folder.clicked.connect(self._choose_folder)
        self.create_button.clicked.connect(self._create)
        self.join_button.clicked.connect(self._join)
        self.admit_button.clicked.connect(self._admit)
        self.sync_button.clicked.connect(self.sync)
        self.refresh()

    def _syncthing_box(self) -> QGroupBox:
        """This laptop's Syncthing: its state, its device id, the paired laptops, pairing."""
        box = QGroupBox(_("Syncthing (carries the clinic folder between laptops)"))
        self.syncthing_state = QLabel()
        self.syncthing_state.setObjectName("syncthing_state")
        self.syncthing_state.setWordWrap(True)
        self.device_id = QLineEdit()
        self.device_id.setObjectName("syncthing_device_id")
        self.device_id.setReadOnly(True)
        self.device_id.setAccessibleName(_("This laptop's Syncthing device id"))
        self.start_syncthing = QPushButton(_("Start Syncthing"))
        self.start_syncthing.setObjectName("syncthing_start")
        self.peers = QListWidget()
        self.peers.setObjectName("syncthing_peers")
        self.peers.setAccessibleName(_("Paired laptops"))
        self.peers.setMaximumHeight(90)
        self.peer_id = QLineEdit()
        self.peer_id.setObjectName("syncthing_peer_id")
        self.peer_id.setAccessibleName(_("Another laptop's Syncthing device id"))
        self.peer_id.setPlaceholderText(_("Another laptop's device id"))
        self.pair_button = QPushButton(_("Pair"))
        self.pair_button.setObjectName("syncthing_pair")
        pair_row = QHBoxLayout()
        pair_row.addWidget(self.peer_id, 1)
        pair_row.addWidget(self.pair_button)
        inner = QVBoxLayout(box)
        inner.addWidget(self.syncthing_state)
        inner.addWidget(self.device_id)
        inner.addWidget(self.start_syncthing)
        inner.addWidget(self.peers)
        inner.addLayout(pair_row)
        self.start_syncthing.clicked.connect(self._start_syncthing)
        self.pair_button.clicked.connect(self._pair)
        return box

    def _refresh_syncthing(self) -> None:
        daemon = self.daemon
        running = daemon is not None and daemon.running
        if daemon is None or not daemon.available:
            self.syncthing_state.setText(
                _(
                    "Syncthing is not installed on this laptop. Amparo works as before; carry "
                    "the clinic folder another way (a shared drive, a USB stick)."
                )
            )
        elif not running:
            self.syncthing_state.setText(_("Syncthing is not running."))
        else:
            self.syncthing_state.setText(
                _("Syncthing is running. Give this device id to the laptops that pair with it:")
            )
        self.device_id.setVisible(running)
        self.device_id.setText(daemon.daemon.device_id if running else "")
        self.start_syncthing.setVisible(daemon is not None and daemon.available and not running)
        self.start_syncthing.setEnabled(self.session.clinic.folder() is not None)
        for widget in (self.peers, self.peer_id, self.pair_button):
            widget.setVisible(running)
        self.peers.clear()
        if running:
            try:
                for device, name, connected in daemon.peers():
                    state = _("connected") if connected else _("not connected")
                    self.peers.addItem(f"{name or device[:7]} — {state}")
            except AmparoError as exc:
                self.syncthing_state.setText(_(exc.user_message))

    def _start_syncthing(self) -> None:
        folder = self._needs_folder()
        if folder is not None and self.daemon is not None:
            self._run(lambda: self.daemon.start(folder))

    def _pair(self) -> None:
        folder = self._needs_folder()
        device = self.peer_id.text().strip()
        if folder is None or self.daemon is None or not device:
            return
        name, ok = QInputDialog.getText(self, _("Pair"), _("That laptop's name:"))
        if ok:
            self._run(lambda: self.daemon.pair(folder, device, name.strip()))
            self.peer_id.clear()

    # --- what is shown ------------------------------------------------------------------

    def refresh(self) -> None:
        network = self.session.clinic
        clinic_id = network.clinic_id
        member = bool(network.members()) and clinic_id is not None
        self.clinic_label.setText(clinic_id or _("This laptop is not in a clinic yet."))
        self.fingerprint.setText(network.fingerprint())
        folder = network.folder()
        self.folder.setText(str(folder) if folder else "")
        admin = self.session.can(permissions.MANAGE_PEOPLE)
        self.create_button.setVisible(clinic_id is None)
        self.join_button.setVisible(clinic_id is None)
        for button in (self.create_button, self.join_button, self.choose_folder):
            button.setEnabled(admin)
        self.members.clear()
        for one in network.members():
            text = f"{one.name} — {kind_label(one.role, '')} — {one.fingerprint}"
            self.members.addItem(text)
        self.requests.clear()
        if folder and clinic_id and admin:
            try:
                for one in network.requests(folder):
                    item = QListWidgetItem(f"{one.name} — {one.fingerprint}")
                    item.setData(Qt.ItemDataRole.UserRole, one.id)
                    self.requests.addItem(item)
            except OSError:
                pass
        showing = self.requests.count() > 0
        for widget in (self.requests_title, self.requests, self.role, self.admit_button):
            widget.setVisible(showing)
        self.sync_button.setEnabled(member and folder is not None)
        self.last_sync.setText(sync_summary(network.last_sync()))
        self._refresh_syncthing()

    # --- what an admin does -------------------------------------------------------------

    def _choose_folder(self) -> None:
        chosen = file_dialogs.choose_folder(self, _("Choose the clinic folder"))
        if chosen:
            self._run(lambda: self.session.clinic.set_folder(chosen))

    def _needs_folder(self):
        folder = self.session.clinic.folder()
        if folder is None:
            self.message.announce(_("Choose the clinic folder first."))
        return folder

    def _create(self) -> None:
        folder = self._needs_folder()
        if folder is None:
            return
        name, ok = QInputDialog.getText(
            self, _("Found a clinic"), _("This laptop's name in the clinic:")
        )
        if ok and name.strip():
            self._run(lambda: self.session.clinic.create(folder, name))
            if self.session.clinic.clinic_id:
                self.notice.announce(
                    _("Clinic founded. Give its id to the laptops that will join: {id}").format(
                        id=self.session.clinic.clinic_id
                    )
                )

    def _join(self) -> None:
        folder = self._needs_folder()
        if folder is None:
            return
        clinic_id, ok = QInputDialog.getText(
            self, _("Join a clinic"), _("The clinic id an admin gave you:")
        )
        if not ok or not clinic_id.strip():
            return
        name, ok = QInputDialog.getText(
            self, _("Join a clinic"), _("This laptop's name in the clinic:")
        )
        if ok and name.strip():
            fingerprint = self._run(
                lambda: self.session.clinic.request_to_join(folder, clinic_id, name)
            )
            if fingerprint:
                self.notice.announce(
                    _(
                        "Asked to join. Read this fingerprint to the admin who admits this "
                        "laptop: {fp}"
                    ).format(fp=fingerprint)
                )

    def _admit(self) -> None:
        item = self.requests.currentItem()
        folder = self.session.clinic.folder()
        if item is None or folder is None:
            self.message.announce(_("Select the laptop to admit first."))
            return
        role = self.role.currentData()
        member = self._run(
            lambda: self.session.clinic.admit(folder, item.data(Qt.ItemDataRole.UserRole), role)
        )
        if member is not None:
            self.notice.announce(
                _("Admitted {name} as {role}.").format(
                    name=member.name, role=kind_label(member.role, "")
                )
            )

    def sync(self) -> None:
        folder = self.session.clinic.folder()
        if folder is None:
            return
        result = self._run(lambda: self.session.clinic.sync(folder))
        if result is not None:
            report, written = result
            if self.daemon is not None:
                self._run(lambda: self.daemon.scan(folder, written))
            if report.refused:
                reasons = "; ".join(f"{name}: {_(why)}" for name, why in report.refused[:5])
                self.message.announce(
                    _("Some change files were refused: {reasons}").format(reasons=reasons)
                )

    def _run(self, action):
        """Do one thing; a refusal is shown in words (never a traceback) and nothing else
        changes."""
        self.message.clear_message()
        self.notice.clear_message()
        try:
            result = action()
        except AmparoError as exc:
            self.message.announce(_(exc.user_message))
            result = None
        except OSError:
            self.message.announce(_("The clinic folder cannot be read or written."))
            result = None
        self.refresh()
        return result
