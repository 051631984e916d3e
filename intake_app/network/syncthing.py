"""A Syncthing daemon of Amparo's own: found, configured safely before its first start, driven
over its REST API on 127.0.0.1, and stopped by the PID it was started with.

Amparo never syncs the live vault (Syncthing is not for databases): the daemon carries the clinic
folder of encrypted, signed change files (store/clinic_files.py) between the clinic's laptops.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import subprocess
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from intake_app.domain.errors import N_, AmparoError

READY_SECONDS = 30.0
FOLDER_ID = "amparo-clinic"


class SyncthingError(AmparoError):
    """Syncthing could not be set up, started or reached; `reason` is fixed text, marked for
    translation, and what the window and the CLI show."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
        self.user_message = reason


def find_syncthing() -> str | None:
    """The `syncthing` program on this laptop, or None: Amparo works without it as before."""
    found = shutil.which("syncthing")
    if found:
        return found
    return "/usr/bin/syncthing" if os.access("/usr/bin/syncthing", os.X_OK) else None


@dataclass(frozen=True)
class Settings:
    """How the daemon is reached and what it may do. Global discovery, relays, NAT traversal,
    usage and crash reporting, upgrades and the browser are always off; local discovery is the
    one switch (it announces the device on the clinic's network)."""

    gui_port: int
    listen: str  # e.g. tcp://0.0.0.0:22000 for a clinic; tcp://127.0.0.1:PORT in tests
    local_discovery: bool = True
    reconnect_seconds: int = 60


_OPTIONS_OFF = {
    "globalAnnounceEnabled": "false",
    "relaysEnabled": "false",
    "natEnabled": "false",
    "stunKeepaliveStartS": "0",
    "urAccepted": "-1",
    "crashReportingEnabled": "false",
    "autoUpgradeIntervalH": "0",
    "startBrowser": "false",
}


class Daemon:
    """One Syncthing daemon with its home folder (keys, config, index)."""

    def __init__(self, program: str, home: Path, settings: Settings) -> None:
        self.program = program
        self.home = Path(home)
        self.settings = settings
        self.api_key = secrets.token_urlsafe(24)
        self.device_id = ""
        self._process: subprocess.Popen | None = None
        self._log = None

    # --- before the first start -----------------------------------------------------------

    def generate(self) -> str:
        """Keys and a config, edited before anything runs; returns the device id."""
        self.home.mkdir(parents=True, exist_ok=True, mode=0o700)
        done = subprocess.run(
            [
                self.program,
                "generate",
                "--home",
                str(self.home),
                "--skip-port-probing",
                "--no-default-folder",
            ],
            capture_output=True,
            text=True,
            timeout=60,
            env=self._env(),
        )
        if done.returncode != 0:
            raise SyncthingError(N_("syncthing could not create its keys"))
        self.device_id = (
            next(
                (
                    line.split("Device ID:", 1)[1].strip()
                    for line in (done.stdout + done.stderr).splitlines()
                    if "Device ID:" in line
                ),
                "",
            )
            or self._device_id_from_config()
        )
        self.harden()
        return self.device_id

    def _device_id_from_config(self) -> str:
        root = ET.parse(self.home / "config.xml").getroot()
        device = root.find("device")
        if device is None:
            raise SyncthingError(N_("syncthing wrote no device id"))
        return device.get("id", "")

    def harden(self) -> None:
        path = self.home / "config.xml"
        tree = ET.parse(path)
        root = tree.getroot()
        gui = root.find("gui")
        options = root.find("options")
        if gui is None or options is None:
            raise SyncthingError(N_("syncthing's configuration is not as expected"))
        _set(gui, "address", f"127.0.0.1:{self.settings.gui_port}")
        _set(gui, "apikey", self.api_key)
        listens = options.findall("listenAddress")
        for extra in listens[1:]:
            options.remove(extra)
        _set(options, "listenAddress", self.settings.listen)
        for name, value in _OPTIONS_OFF.items():
            _set(options, name, value)
        lan = "true" if self.settings.local_discovery else "false"
        _set(options, "localAnnounceEnabled", lan)
        _set(options, "announceLANAddresses", lan)
        _set(options, "reconnectionIntervalS", str(self.settings.reconnect_seconds))
        tree.write(path, encoding="utf-8", xml_declaration=False)
        os.chmod(path, 0o600)

    # --- running --------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def _env(self) -> dict[str, str]:
        env = {
            k: v
            for k, v in os.environ.items()
            if k.lower() not in ("http_proxy", "https_proxy", "all_proxy")
        }
        env.update(STNOUPGRADE="1", STNODEFAULTFOLDER="1", STHASHING="minio")
        return env

    def start(self) -> None:
        """Start, and return once the REST API answers (SyncthingError after 30 s)."""
        self._log = open(self.home / "daemon.log", "ab")  # noqa: SIM115 — lives with the daemon
        self._process = subprocess.Popen(
            [
                self.program,
                "serve",
                "--home",
                str(self.home),
                "--no-browser",
                "--no-restart",
                "--no-upgrade",
            ],
            stdout=self._log,
            stderr=subprocess.STDOUT,
            env=self._env(),
        )
        deadline = time.monotonic() + READY_SECONDS
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise SyncthingError(N_("syncthing stopped as it started"))
            try:
                if self.api("GET", "/rest/system/ping").get("ping") == "pong":
                    return
            except SyncthingError:
                pass
            time.sleep(0.05)
        raise SyncthingError(N_("syncthing did not answer in time"))

    def stop(self) -> None:
        """SIGTERM to the monitor we started (it stops its daemon child), then wait. Never
        SIGKILL the monitor first: that would leave the daemon running."""
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)
        if self._log is not None:
            self._log.close()
            self._log = None

    def api(self, method: str, path: str, body: Any = None, timeout: float = 60) -> Any:
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.settings.gui_port}{path}",
            data=data,
            method=method,
            headers={"X-API-Key": self.api_key, "Content-Type": "application/json"},
        )
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        try:
            with opener.open(request, timeout=timeout) as response:
                text = response.read().decode("utf-8")
        except (urllib.error.URLError, OSError, TimeoutError) as exc:
            raise SyncthingError(N_("syncthing's API did not answer")) from exc
        return json.loads(text) if text.strip() else None

    # --- the clinic folder ----------------------------------------------------------------

    def add_device(self, device_id: str, name: str, address: str = "dynamic") -> None:
        self.api(
            "PUT",
            f"/rest/config/devices/{device_id}",
            {
                "deviceID": device_id,
                "name": name,
                "addresses": [address],
                "autoAcceptFolders": False,
            },
        )

    def share_folder(self, path: Path, device_ids: list[str], folder_id: str = FOLDER_ID) -> None:
        self.api(
            "PUT",
            f"/rest/config/folders/{folder_id}",
            {
                "id": folder_id,
                "label": "Amparo clinic",
                "path": str(path),
                "type": "sendreceive",
                "rescanIntervalS": 3600,
                "fsWatcherEnabled": True,
                "fsWatcherDelayS": 10,
                "devices": [{"deviceID": d} for d in [self.device_id, *device_ids]],
            },
        )

    def scan(self, relative: str | None = None, folder_id: str = FOLDER_ID) -> None:
        """Scan what was just written (by path: a full scan grows with the folder)."""
        query = f"folder={folder_id}"
        if relative:
            query += "&sub=" + urllib.request.quote(relative)
        self.api("POST", f"/rest/db/scan?{query}")

    def connected_peers(self) -> list[str]:
        found = self.api("GET", "/rest/system/connections").get("connections", {})
        return sorted(d for d, c in found.items() if c.get("connected"))

    def folder_state(self, folder_id: str = FOLDER_ID) -> dict[str, Any]:
        return self.api("GET", f"/rest/db/status?folder={folder_id}")


def _set(parent: ET.Element, name: str, value: str) -> None:
    element = parent.find(name)
    if element is None:
        element = ET.SubElement(parent, name)
    element.text = value
