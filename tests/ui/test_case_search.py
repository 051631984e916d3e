"""Searching the case list as people type: case and accents set aside, and an empty result
says so."""

from __future__ import annotations

from intake_app.ui.main_window import MainWindow


def _window(qtbot, session) -> MainWindow:
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    window.show_cases()
    window.refresh_cases()
    return window


def test_a_search_without_accents_finds_the_accented_name(qtbot, unlocked_session):
    case_id = unlocked_session.cases.create("es")
    unlocked_session.cases.save_answer(case_id, "detainee_family_names", "Gutiérrez Núñez")
    unlocked_session.cases.save_answer(case_id, "detainee_given_names", "José")
    page = _window(qtbot, unlocked_session).cases_page
    for typed in ("gutierrez", "GUTIERREZ nunez", "jose", "Núñez"):
        page.search.setText(typed)
        assert page.proxy.rowCount() == 1, typed
        assert not page.empty.isVisible()


def test_a_search_that_finds_nothing_says_so(qtbot, unlocked_session):
    unlocked_session.cases.create("es")
    page = _window(qtbot, unlocked_session).cases_page
    page.search.setText("zzz-nobody")
    assert page.proxy.rowCount() == 0
    assert page.empty.isVisible() and "zzz-nobody" in page.empty.text()
    page.search.clear()
    assert not page.empty.isVisible()
