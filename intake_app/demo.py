"""`intake demo`: a throwaway vault holding one fictional case, for training and a first look."""

from __future__ import annotations

from pathlib import Path

from intake_app import paths
from intake_app.i18n import _
from intake_app.session import Session

DEMO_PASSPHRASE = "demo vault lantern river cobalt"  # fictional data only; printed on purpose
DEMO_CASE = "demo_case.json"
# A fictional clinic: the demo packet's letterhead and the family sheet's contact block.
DEMO_CLINIC = {
    "name": "Lakeshore Immigrant Legal Clinic (fictional)",
    "address": ["1450 W. Cermak Road, Suite 210", "Chicago, IL 60608"],
    "phone": "+13125550100",
    "email": "intake@lakeshore-clinic.example",
    "website": "lakeshore-clinic.example",
    "contact": "Ana Morales",
    "hours": "lunes a viernes, 9:00 a 17:00 / Monday to Friday, 9 a.m. to 5 p.m.",
    "delivery_method": "electronic mail and first-class mail",
}


def write_demo(out: Path) -> list[str]:
    """Create `out/demo.vault` with the fictional case and its outputs: the packet for ICE,
    counsel's privileged review, the physician letters and the family's sheet.

    Returns the lines to print. The PDFs are not encrypted: the case is fictional.
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    vault_path = out / "demo.vault"
    for old in (vault_path, vault_path.with_name(vault_path.name + ".keys")):
        old.unlink(missing_ok=True)
    session = Session(vault_path)
    session.create_vault("Demo Volunteer", "admin", DEMO_PASSPHRASE)
    case_id = session.cases.import_file(paths.resources_dir() / "demo" / DEMO_CASE)
    session.packets.set_clinic_profile(DEMO_CLINIC)
    packet, take_home = out / "packet.pdf", out / "take-home.pdf"
    review, letters = out / "counsel-review.pdf", out / "physician-letters.pdf"
    packet.write_bytes(session.packets.build(case_id))
    review.write_bytes(session.packets.build_counsel_review(case_id))
    take_home.write_bytes(session.packets.build_take_home(case_id))
    physician = session.packets.build_physician_letters(case_id)
    if physician is not None:
        letters.write_bytes(physician)
    session.lock()
    return [
        _("Demo vault: {path}").format(path=vault_path),
        _("Passphrase (fictional data only): {passphrase}").format(passphrase=DEMO_PASSPHRASE),
        _("Fictional case: {case}").format(case=case_id),
        _("Request packet for ICE (draft, for attorney review): {path}").format(path=packet),
        _("Counsel review (privileged, never filed): {path}").format(path=review),
        *(
            [_("Letters to the treating physicians: {path}").format(path=letters)]
            if physician is not None
            else []
        ),
        _("Family take-home sheet: {path}").format(path=take_home),
    ]
