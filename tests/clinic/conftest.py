"""Laptops of one clinic sharing a plain folder (no Syncthing): each its own vault."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from intake_app.session import Session
from intake_app.store import insecure_test_kdf

PASSPHRASE = "river lantern cobalt meadow ninety"


@dataclass
class Laptop:
    name: str
    session: Session

    def sync(self, folder: Path):
        report, _written = self.session.clinic.sync(folder)
        return report


def laptop(tmp_path: Path, name: str) -> Laptop:
    session = Session(
        tmp_path / name / "amparo.vault", kdf=insecure_test_kdf(), sleep=lambda _s: None
    )
    session.create_vault(f"{name} admin", "admin", PASSPHRASE)
    return Laptop(name, session)


def admit(admin: Laptop, other: Laptop, folder: Path, role: str) -> None:
    """The whole joining dance: request, fingerprints compared, admitted, roster read."""
    fingerprint = other.session.clinic.request_to_join(
        folder, admin.session.clinic.clinic_id, other.name
    )
    (request,) = [m for m in admin.session.clinic.requests(folder) if m.name == other.name]
    assert request.fingerprint == fingerprint == other.session.clinic.fingerprint()
    admin.session.clinic.admit(folder, request.id, role)
    other.sync(folder)


@pytest.fixture
def clinic(tmp_path):
    """Three laptops: Ana's (the founding admin), Beto's (an attorney), Cruz's (a volunteer)."""
    folder = tmp_path / "shared"
    folder.mkdir()
    ana, beto, cruz = (laptop(tmp_path, n) for n in ("ana", "beto", "cruz"))
    ana.session.clinic.create(folder, "Ana")
    admit(ana, beto, folder, "attorney")
    admit(ana, cruz, folder, "volunteer")
    yield folder, ana, beto, cruz
    for one in (ana, beto, cruz):
        one.session.lock()
