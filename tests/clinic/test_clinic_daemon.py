"""This laptop's own Syncthing: prepared with a clinic's defaults before it ever runs."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from intake_app.network.clinic_daemon import LISTEN, ClinicDaemon
from intake_app.network.syncthing import SyncthingError, find_syncthing

needs_syncthing = pytest.mark.skipif(
    find_syncthing() is None, reason="syncthing is not installed (.ci/run installs it)"
)


@needs_syncthing
def test_prepared_once_with_the_clinic_defaults_and_read_back_the_same(tmp_path):
    daemon = ClinicDaemon(tmp_path / "syncthing")
    first = daemon.prepare()  # generate and edit only: nothing runs, nothing listens
    root = ET.parse(tmp_path / "syncthing" / "config.xml").getroot()
    options = {child.tag: child.text for child in root.find("options")}
    assert options["listenAddress"] == LISTEN
    assert [e.text for e in root.find("options").findall("listenAddress")] == [LISTEN]
    off = {
        "globalAnnounceEnabled": "false",
        "relaysEnabled": "false",
        "natEnabled": "false",
        "urAccepted": "-1",
        "crashReportingEnabled": "false",
        "autoUpgradeIntervalH": "0",
        "startBrowser": "false",
    }
    assert {k: options[k] for k in off} == off
    assert options["localAnnounceEnabled"] == "true"  # finds the clinic's laptops on its LAN
    assert root.findtext("gui/address") == f"127.0.0.1:{first.settings.gui_port}"
    assert root.findtext("gui/apikey") == first.api_key
    assert (tmp_path / "syncthing" / "config.xml").stat().st_mode & 0o077 == 0
    again = ClinicDaemon(tmp_path / "syncthing", local_discovery=False).prepare()
    assert (again.device_id, again.api_key, again.settings.gui_port) == (
        first.device_id,
        first.api_key,
        first.settings.gui_port,
    )
    root = ET.parse(tmp_path / "syncthing" / "config.xml").getroot()
    assert root.findtext("options/localAnnounceEnabled") == "false"  # the admin's switch


def test_without_syncthing_it_says_so_and_nothing_runs(tmp_path):
    daemon = ClinicDaemon(tmp_path / "syncthing")
    daemon.program = None
    assert not daemon.available and not daemon.running
    with pytest.raises(SyncthingError) as raised:
        daemon.prepare()
    assert raised.value.user_message == "syncthing is not installed"
    with pytest.raises(SyncthingError):
        daemon.peers()
    daemon.scan(tmp_path, [])  # no daemon: nothing to tell
    daemon.stop()
