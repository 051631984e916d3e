"""The clinic network in the window: found, join, admit by fingerprint, sync; conflicts."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QComboBox, QInputDialog, QLineEdit, QListWidget

from intake_app import i18n
from intake_app.session import Session
from intake_app.store import insecure_test_kdf
from intake_app.ui.clinic_dialog import ClinicDialog
from intake_app.ui.interview.review_page import ReviewPage
from tests.ui.conftest import PASSPHRASE


def _laptop(tmp_path, name: str) -> Session:
    s = Session(tmp_path / name / "amparo.vault", kdf=insecure_test_kdf(), sleep=lambda _s: None)
    s.create_vault(f"{name} admin", "admin", PASSPHRASE)
    return s


@pytest.fixture
def two(tmp_path):
    folder = tmp_path / "shared"
    folder.mkdir()
    ana, beto = _laptop(tmp_path, "ana"), _laptop(tmp_path, "beto")
    for s in (ana, beto):
        s.clinic.set_folder(folder)
    yield folder, ana, beto
    for s in (ana, beto):
        s.lock()


def _answers(monkeypatch, *texts: str) -> None:
    queue = list(texts)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: (queue.pop(0), True))


def test_found_join_and_admit_from_the_window(qtbot, two, monkeypatch):
    _folder, ana, beto = two
    founding = ClinicDialog(ana)
    qtbot.addWidget(founding)
    assert "not in a clinic" in founding.clinic_label.text()
    _answers(monkeypatch, "Ana")
    founding.create_button.click()
    clinic_id = ana.clinic.clinic_id
    assert founding.clinic_label.text() == clinic_id and clinic_id in founding.notice.text()
    assert not founding.create_button.isVisible()

    joining = ClinicDialog(beto)
    qtbot.addWidget(joining)
    _answers(monkeypatch, clinic_id, "Beto")
    joining.join_button.click()
    fingerprint = beto.clinic.fingerprint()
    assert fingerprint in joining.notice.text()

    founding.refresh()
    assert founding.requests.count() == 1
    assert fingerprint in founding.requests.item(0).text()  # compared aloud before admitting
    founding.requests.setCurrentRow(0)
    founding.role.setCurrentIndex(founding.role.findData("attorney"))
    founding.admit_button.click()
    assert "Admitted Beto as Attorney." in founding.notice.text()
    joining.sync()
    assert joining.members.count() == 2 and joining.sync_button.isEnabled()
    assert "Last sync:" in joining.last_sync.text()


def test_every_input_of_the_clinic_window_has_a_name_in_both_languages(qtbot, two):
    _folder, ana, _beto = two
    for language in ("en", "es"):
        i18n.set_language(language)
        dialog = ClinicDialog(ana)
        qtbot.addWidget(dialog)
        for kind in (QLineEdit, QListWidget, QComboBox):
            for widget in dialog.findChildren(kind):
                assert widget.accessibleName(), widget.objectName()
    assert dialog.windowTitle() == "Red de la clínica"


def test_a_refusal_is_shown_in_words_and_changes_nothing(qtbot, two, monkeypatch):
    _folder, _ana, beto = two
    dialog = ClinicDialog(beto)
    qtbot.addWidget(dialog)
    _answers(monkeypatch, "not-a-clinic-id", "Beto")
    dialog.join_button.click()
    assert dialog.message.text() == "not a clinic id"
    assert beto.clinic.clinic_id is None


def test_counsel_settles_a_conflict_on_the_review_page(qtbot, two):
    folder, ana, beto = two
    ana.clinic.create(folder, "Ana")
    beto.clinic.request_to_join(folder, ana.clinic.clinic_id, "Beto")
    (request,) = ana.clinic.requests(folder)
    ana.clinic.admit(folder, request.id, "attorney")
    beto.clinic.sync(folder)
    case_id = ana.cases.create("es")
    ana.cases.save_answer(case_id, "detainee_family_names", "QUISPE")
    ana.clinic.share(folder, case_id)
    ana.clinic.sync(folder)
    beto.clinic.sync(folder)
    (on_beto,) = [c.id for c in beto.cases.list()]
    ana.cases.save_answer(case_id, "facility_name", "Broadview")
    beto.cases.save_answer(on_beto, "facility_name", "Dodge County Jail")
    for s in (ana, beto, ana):
        s.clinic.sync(folder)
    page = ReviewPage(beto)
    qtbot.addWidget(page)
    page.show_case(on_beto)
    text = page.answers_view.toPlainText()
    assert "Answers two people changed at the same time" in text
    assert "Broadview" in text and "Dodge County Jail" in text
    kept = beto.cases.answers(on_beto)["facility_name"]
    page._link_activated(QUrl("conflict:facility_name:1"))  # keep the other value
    assert beto.clinic.conflicts(on_beto) == []
    assert beto.cases.answers(on_beto)["facility_name"] != kept
    assert "Answers two people changed" not in page.answers_view.toPlainText()
    beto.clinic.sync(folder)
    ana.clinic.sync(folder)
    assert ana.clinic.conflicts(case_id) == []
    assert (
        ana.cases.answers(case_id)["facility_name"] == beto.cases.answers(on_beto)["facility_name"]
    )


def test_the_window_says_when_syncthing_is_absent_or_stopped(qtbot, two, tmp_path):
    from intake_app.network.clinic_daemon import ClinicDaemon

    _folder, ana, _beto = two
    absent = ClinicDaemon(tmp_path / "st-absent")
    absent.program = None
    dialog = ClinicDialog(ana, daemon=absent)
    qtbot.addWidget(dialog)
    assert "not installed" in dialog.syncthing_state.text()
    assert not dialog.start_syncthing.isVisibleTo(dialog)
    stopped = ClinicDaemon(tmp_path / "st-stopped")
    stopped.program = "/usr/bin/syncthing"
    dialog = ClinicDialog(ana, daemon=stopped)
    qtbot.addWidget(dialog)
    assert dialog.syncthing_state.text() == "Syncthing is not running."
    assert dialog.start_syncthing.isVisibleTo(dialog) and dialog.start_syncthing.isEnabled()
    assert not dialog.peers.isVisibleTo(dialog)
