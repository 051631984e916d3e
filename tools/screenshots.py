"""Regenerates docs/screenshots from the real widgets (offscreen, fictional data).

Run: `QT_QPA_PLATFORM=offscreen .venv/bin/python tools/screenshots.py`
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from intake_app import i18n  # noqa: E402
from intake_app.session import Session  # noqa: E402
from intake_app.store import insecure_test_kdf  # noqa: E402
from intake_app.ui.main_window import MainWindow  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
PASSPHRASE = "screenshot lantern river cobalt"
CLINIC = {  # fictional
    "name": "Lakeshore Immigrant Legal Clinic (fictional)",
    "address": ["1450 W. Cermak Road, Suite 210", "Chicago, IL 60608"],
    "phone": "+13125550100",
    "email": "intake@lakeshore-clinic.example",
}
PERSONAS = sorted((ROOT / "tests" / "personas").glob("*.json"))
EXHIBIT_DIR = ROOT / "tests" / "fixtures" / "exhibits"  # fictional samples
EXHIBITS = (
    ("oncologist_letter.pdf", "detainee_medical", "en"),
    ("medication_list.heic", "detainee_medical", "en"),
    ("acta_nacimiento_hector.pdf", "identity", "es"),
    ("birth_certificate_sofia.pdf", "children", "en"),
    ("pay_stub_january.png", "employment", "en"),
    ("court_disposition_62a.pdf", "dispositions", "en"),
)


def grab(window: MainWindow, name: str) -> None:
    QApplication.processEvents()
    path = OUT / f"{name}.png"
    window.grab().save(str(path))
    print(path.relative_to(ROOT))


def save_page(pdf: bytes, name: str, page: int = 0) -> None:
    """One page of a built document, rendered by QtPdf from memory, as a PNG in docs/."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize
    from PySide6.QtPdf import QPdfDocument

    data = QByteArray(pdf)
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    size = document.pagePointSize(page).toSize()
    image = document.render(page, QSize(size.width() * 5 // 4, size.height() * 5 // 4))
    path = OUT / f"{name}.png"
    image.save(str(path))
    print(path.relative_to(ROOT))


def roads(session: Session, case_ids: dict[str, str]) -> None:
    """Page one of each road out of detention, for the persona whose posture opens it."""
    shown = {
        "bond_motion": "chicago_father_daughter_leukemia",
        "medical_care_request": "leukemia_traffic_stop_michigan",
        "accommodation_request": "chicago_father_daughter_leukemia",
        "stay_of_removal": "final_order_in_absentia_miami",
        "class_counsel_referral": "chicago_operation_warrantless_arrest",
        "habeas_support": "ewi_greeley_bond_class_year_only",
    }
    for road_id, persona in shown.items():
        pdf = session.packets.build_road(case_ids[persona], road_id)
        save_page(pdf, f"road-{road_id.replace('_', '-')}")


def clinic_network(tmp: Path) -> None:
    """Three fictional laptops of one clinic: the Clinic network window as the founding admin
    sees it (a laptop asking to join), and a conflict on counsel's review page."""
    from intake_app.ui.clinic_dialog import ClinicDialog

    folder = tmp / "clinic-folder"
    folder.mkdir()
    laptops = {}
    for name, role in (("Marta Ruiz", "admin"), ("Lakeshore attorney", "admin")):
        s = Session(tmp / name / "amparo.vault", kdf=insecure_test_kdf(), sleep=lambda _s: None)
        s.create_vault(name, role, PASSPHRASE)
        s.clinic.set_folder(folder)
        laptops[name] = s
    admin, counsel = laptops["Marta Ruiz"], laptops["Lakeshore attorney"]
    admin.clinic.create(folder, "Front desk laptop")
    counsel.clinic.request_to_join(folder, admin.clinic.clinic_id, "Counsel's laptop")
    (request,) = admin.clinic.requests(folder)
    admin.clinic.admit(folder, request.id, "attorney")
    counsel.clinic.sync(folder)
    volunteer = Session(tmp / "v" / "amparo.vault", kdf=insecure_test_kdf(), sleep=lambda _s: None)
    volunteer.create_vault("Volunteer", "admin", PASSPHRASE)
    volunteer.clinic.request_to_join(folder, admin.clinic.clinic_id, "Church basement laptop 2")
    case_id = admin.cases.import_file(PERSONAS[0])
    admin.clinic.share(folder, case_id)
    admin.clinic.sync(folder)
    counsel.clinic.sync(folder)
    (on_counsel,) = [c.id for c in counsel.cases.list()]
    admin.cases.save_answer(case_id, "facility_name", "Broadview Processing Center")
    counsel.cases.save_answer(on_counsel, "facility_name", "Dodge County Jail")
    for s in (admin, counsel, admin):
        s.clinic.sync(folder)
    for language in ("en", "es"):
        i18n.set_language(language)
        dialog = ClinicDialog(admin)
        dialog.resize(720, 600)
        dialog.show()
        QApplication.processEvents()
        path = OUT / f"clinic-network-{language}.png"
        dialog.grab().save(str(path))
        print(path.relative_to(ROOT))
        dialog.close()
    i18n.set_language("en")
    window = MainWindow(counsel)
    window.resize(1280, 800)
    window.show()
    window.show_cases()
    window.show_review(on_counsel)
    grab(window, "review-conflict-en")
    window.lock()
    window.close()
    for s in (admin, counsel, volunteer):
        if s.is_unlocked:
            s.lock()


SIZES = ((1366, 768), (1024, 768))


def window_sizes(tmp: Path) -> None:
    """Every interview section and the packet step at 1366×768 and 1024×768, not maximised,
    in both languages (docs/screenshots/sizes/): nothing scrolls sideways, nothing is cut."""
    folder = OUT / "sizes"
    folder.mkdir(parents=True, exist_ok=True)
    session = Session(tmp / "sizes.vault", kdf=insecure_test_kdf())
    session.create_vault("Marta Ruiz", "attorney", PASSPHRASE)
    case_id = session.cases.import_file(
        ROOT / "tests" / "personas" / "chicago_father_daughter_leukemia.json"
    )
    for language in ("en", "es"):
        i18n.set_language(language)
        window = MainWindow(session)
        window.show()
        for width, height in SIZES:
            window.resize(width, height)
            window.open_case(case_id)
            page = window.interview_page
            for index, section in enumerate(page.form.sections):
                page.show_section(index)
                _save_small(
                    window, folder / f"{language}-{width}x{height}-{index:02d}-{section.id}.png"
                )
            window.show_packet(case_id)
            window.packet_page.wait_for_build()
            for _ in range(200):
                QApplication.processEvents()
                if window.packet_page.document.pageCount():
                    break
            _settle(0.8)  # the preview paints its pages a moment after the document loads
            _save_small(window, folder / f"{language}-{width}x{height}-99-packet.png")
        window.close()  # locks the vault
        session.unlock(PASSPHRASE)
    session.lock()


def _settle(seconds: float) -> None:
    import time

    until = time.monotonic() + seconds
    while time.monotonic() < until:
        QApplication.processEvents()
        time.sleep(0.02)


def _save_small(window: MainWindow, path: Path) -> None:
    """A screenshot in 256 colours: the same picture at a fraction of the repository's space."""
    from PIL import Image

    QApplication.processEvents()
    window.grab().save(str(path))
    with Image.open(path) as image:
        image.convert("RGB").quantize(256).save(path, optimize=True)
    print(path.relative_to(ROOT))


def main() -> None:
    app = QApplication.instance() or QApplication([])
    if sys.argv[1:] == ["sizes"]:
        with tempfile.TemporaryDirectory() as tmp:
            QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, tmp)
            window_sizes(Path(tmp))
        return
    if sys.argv[1:] == ["clinic"]:
        OUT.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory() as tmp:
            clinic_network(Path(tmp))
        return
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, tmp)
        session = Session(Path(tmp) / "clinic.vault", kdf=insecure_test_kdf())
        session.create_vault("Marta Ruiz", "attorney", PASSPHRASE)
        case_ids = [session.cases.import_file(p) for p in PERSONAS]
        michigan = case_ids[[p.stem for p in PERSONAS].index("leukemia_traffic_stop_michigan")]
        for name, category, language in EXHIBITS:
            session.documents.attach(
                michigan, EXHIBIT_DIR / name, category=category, language=language
            )
        session.lock()
        window = MainWindow(session)
        window.resize(1280, 800)
        window.show()
        for language in ("en", "es"):
            i18n.set_language(language)
            window.lock()
            grab(window, f"unlock-{language}")
            window.unlock_page.passphrase.setText(PASSPHRASE)
            window.unlock_page.try_unlock()
            grab(window, f"case-list-{language}")
        i18n.set_language("en")
        window.open_case(case_ids[0])
        window.interview_page.go_to_question("arrest_setting", -1)
        grab(window, "interview-es-with-en")
        window.show_review(case_ids[0])
        grab(window, "review-en")
        i18n.set_language("es")
        grab(window, "review-es")
        i18n.set_language("en")
        window.show_packet(case_ids[0])
        window.packet_page.wait_for_build()
        for _ in range(200):
            QApplication.processEvents()
            if window.packet_page.document.pageCount():
                break
        grab(window, "packet-step-en")
        by_name = dict(zip([p.stem for p in PERSONAS], case_ids, strict=True))
        for language in ("en", "es"):
            i18n.set_language(language)
            window.show_packet(michigan)
            window.packet_page.wait_for_build()
            for _ in range(200):
                QApplication.processEvents()
                if window.packet_page.document.pageCount():
                    break
            grab(window, f"packet-step-roads-{language}")
        i18n.set_language("en")
        session.packets.set_clinic_profile(CLINIC)
        roads(session, by_name)
        for language in ("en", "es"):
            i18n.set_language(language)
            window.show_documents(michigan)
            window.documents_page.tabs_list.setCurrentRow(8)  # the detainee's medical records
            window.documents_page.list.setCurrentRow(0)
            grab(window, f"documents-{language}")
        i18n.set_language("en")
        window.lock()
        window.close()
    app.processEvents()


if __name__ == "__main__":
    main()
