"""The laptop's own Syncthing for the clinic folder: prepared once in the user data folder with a
clinic's defaults, started and stopped by Amparo, paired with the other laptops by device id.

Defaults (docs/security.md): listen on the clinic's network (tcp, port 22000); local discovery on
(it announces this laptop's device id on the LAN: an admin can turn it off); global discovery,
relays, NAT traversal, usage and crash reporting and upgrades off; the REST API on 127.0.0.1
with a random key. Without `syncthing` installed Amparo works as before: the folder can be
carried any other way.
"""

from __future__ import annotations

import socket
import xml.etree.ElementTree as ET
from pathlib import Path

from intake_app.domain.errors import N_
from intake_app.network.syncthing import (
    FOLDER_ID,
    Daemon,
    Settings,
    SyncthingError,
    find_syncthing,
)

LISTEN = "tcp://0.0.0.0:22000"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class ClinicDaemon:
    """Amparo's Syncthing: `prepare()` once, then `start()`, `pair()`, `peers()`, `stop()`."""

    def __init__(self, home: Path, local_discovery: bool = True) -> None:
        self.home = Path(home)
        self.local_discovery = local_discovery
        self.program = find_syncthing()
        self.daemon: Daemon | None = None

    @property
    def available(self) -> bool:
        return self.program is not None

    @property
    def running(self) -> bool:
        return self.daemon is not None and self.daemon.running

    def prepare(self) -> Daemon:
        """The daemon's keys and hardened config, made on first use; later, read back (the
        REST port and key Amparo chose live in the config Syncthing keeps)."""
        if self.program is None:
            raise SyncthingError(N_("syncthing is not installed"))
        config = self.home / "config.xml"
        if config.is_file():
            root = ET.parse(config).getroot()
            address = root.findtext("gui/address") or ""
            port = int(address.rsplit(":", 1)[1]) if ":" in address else _free_port()
            daemon = Daemon(self.program, self.home, self._settings(port))
            daemon.api_key = root.findtext("gui/apikey") or daemon.api_key
            device = root.find("device")
            daemon.device_id = device.get("id", "") if device is not None else ""
            daemon.harden()  # the clinic's defaults again, whatever was edited meanwhile
        else:
            daemon = Daemon(self.program, self.home, self._settings(_free_port()))
            daemon.generate()
        self.daemon = daemon
        return daemon

    def _settings(self, port: int) -> Settings:
        return Settings(gui_port=port, listen=LISTEN, local_discovery=self.local_discovery)

    def start(self, folder: Path) -> str:
        """Start the daemon with the clinic folder shared with every paired laptop; returns
        this laptop's device id (the other laptops pair with it)."""
        daemon = self.daemon or self.prepare()
        if not self.running:
            daemon.start()
        daemon.share_folder(folder, [peer for peer, _name, _on in self.peers()])
        return daemon.device_id

    def pair(self, folder: Path, device_id: str, name: str) -> None:
        """Pair with another laptop of the clinic (its device id, read from its window) and
        share the clinic folder with it."""
        daemon = self._running()
        daemon.add_device(device_id.strip().upper(), name)
        peers = [peer for peer, _name, _on in self.peers()]
        daemon.share_folder(folder, sorted({*peers, device_id.strip().upper()}))

    def peers(self) -> list[tuple[str, str, bool]]:
        """(device id, name, connected) of every paired laptop."""
        daemon = self._running()
        devices = daemon.api("GET", "/rest/config/devices") or []
        connected = set(daemon.connected_peers())
        return [
            (d["deviceID"], d.get("name", ""), d["deviceID"] in connected)
            for d in devices
            if d.get("deviceID") != daemon.device_id
        ]

    def scan(self, folder: Path, written: list[Path]) -> None:
        """Tell the daemon exactly what was written (20 ms to a peer, not the watcher's 10 s)."""
        if not self.running:
            return
        for path in written:
            self.daemon.scan(str(path.relative_to(folder)), FOLDER_ID)

    def stop(self) -> None:
        if self.daemon is not None:
            self.daemon.stop()

    def _running(self) -> Daemon:
        if not self.running:
            raise SyncthingError(N_("syncthing is not running"))
        return self.daemon
