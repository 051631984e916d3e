"""Features a person must be able to reach from the window: closing a case, changing one's own
passphrase, and the interface language remembered from one start to the next."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QInputDialog

from intake_app import i18n
from intake_app.app import apply_saved_language
from intake_app.domain.errors import WrongPassphrase
from intake_app.ui.main_window import MainWindow
from intake_app.ui.passphrase_dialog import ChangePassphraseDialog
from intake_app.ui.preferences import SETTING_UI_LANGUAGE, preferences
from tests.ui.conftest import PASSPHRASE

NEW = "copper lantern orchard ninety"


def test_a_volunteer_closes_a_case_from_the_file_menu(qtbot, unlocked_session, monkeypatch):
    case_id = unlocked_session.cases.create("es")
    window = MainWindow(unlocked_session)
    qtbot.addWidget(window)
    window.show()
    window.show_cases()
    window.refresh_cases()
    monkeypatch.setattr(window.vault_actions, "_current_case", lambda: case_id)
    asked = {}

    def choose(parent, title, label, items, current, editable):
        asked.update(items=items, current=current)
        return "Submitted", True

    monkeypatch.setattr(QInputDialog, "getItem", choose)
    assert window.vault_actions.case_status.isEnabled()
    window.vault_actions.case_status.trigger()
    assert asked["items"][asked["current"]] == "Intake"
    assert unlocked_session.cases.get(case_id).status == "submitted"


def test_the_passphrase_dialog_refuses_a_wrong_current_or_weak_new_one(qtbot, unlocked_session):
    dialog = ChangePassphraseDialog(unlocked_session)
    qtbot.addWidget(dialog)
    dialog.current.setText("not my passphrase at all")
    dialog.new.setText(NEW)
    dialog.repeat.setText(NEW)
    dialog.change()
    assert "not right" in dialog.error.text() and dialog.result() == 0
    dialog.current.setText(PASSPHRASE)
    dialog.new.setText("short")
    dialog.repeat.setText("short")
    dialog.change()
    assert dialog.error.text() and dialog.result() == 0
    dialog.new.setText(NEW)
    dialog.repeat.setText(NEW + "x")
    dialog.change()
    assert dialog.result() == 0
    dialog.repeat.setText(NEW)
    dialog.change()
    assert dialog.result() == 1
    assert dialog.new.text() == ""  # no secret left in the widgets
    unlocked_session.lock()
    with pytest.raises(WrongPassphrase):  # the old passphrase no longer opens the vault
        unlocked_session.unlock(PASSPHRASE)
    assert unlocked_session.unlock(NEW).display_name == "Marta Volunteer"


def test_the_language_chosen_in_the_menu_is_used_at_the_next_start(qtbot, unlocked_session):
    window = MainWindow(unlocked_session)
    qtbot.addWidget(window)
    window.language_actions["es"].trigger()
    assert i18n.current_language() == "es"
    assert preferences().value(SETTING_UI_LANGUAGE) == "es"
    i18n.set_language("en")  # a new start begins in the environment's language
    apply_saved_language()
    assert i18n.current_language() == "es"
    preferences().remove(SETTING_UI_LANGUAGE)
