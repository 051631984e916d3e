"""Shared fixtures for widget tests: an offscreen Qt, a cheap-KDF session, English to start."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from intake_app import i18n
from intake_app.session import Session
from intake_app.store import insecure_test_kdf

PASSPHRASE = "marble kettle horizon seventeen"


@pytest.fixture(autouse=True, scope="session")
def private_qsettings(tmp_path_factory):
    """Preferences go to a temporary folder, never the developer's real configuration."""
    from PySide6.QtCore import QSettings

    folder = str(tmp_path_factory.mktemp("qsettings"))
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, folder)
    return folder


@pytest.fixture(autouse=True)
def english_ui():
    i18n.set_language("en")
    yield
    i18n.set_language("en")


@pytest.fixture
def session(tmp_path):
    s = Session(tmp_path / "ui.vault", kdf=insecure_test_kdf(), sleep=lambda _s: None)
    yield s
    s.lock()


@pytest.fixture
def unlocked_session(session):
    session.create_vault("Marta Volunteer", "volunteer", PASSPHRASE)
    return session
