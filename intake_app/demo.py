"""`intake demo`: a throwaway vault holding one fictional case, for training and for a first look."""

from __future__ import annotations

from pathlib import Path

from intake_app import paths
from intake_app.i18n import _
from intake_app.session import Session

DEMO_PASSPHRASE = "demo vault lantern river cobalt"  # fictional data only; printed on purpose
DEMO_CASE = "demo_case.json"


def write_demo(out: Path) -> list[str]:
    """Create `out/demo.vault` with the fictional case; returns lines to print."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    vault_path = out / "demo.vault"
    for old in (vault_path, vault_path.with_name(vault_path.name + ".keys")):
        old.unlink(missing_ok=True)
    session = Session(vault_path)
    session.create_vault("Demo Volunteer", "admin", DEMO_PASSPHRASE)
    case_id = session.import_case_file(paths.resources_dir() / "demo" / DEMO_CASE)
    session.lock()
    return [
        _("Demo vault: {path}").format(path=vault_path),
        _("Passphrase (fictional data only): {passphrase}").format(passphrase=DEMO_PASSPHRASE),
        _("Fictional case: {case}").format(case=case_id),
    ]
