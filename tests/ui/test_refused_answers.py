"""A refused answer is never thrown away: kept as typed (encrypted), shown again after a section
change and a lock, listed on the review, and the section stays incomplete until corrected.
A year alone, a month and year, or "about" one is an answer in its own right."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QTextBrowser

from intake_app.ui.interview.review_page import ReviewPage
from tests.ui.conftest import PASSPHRASE
from tests.ui.interview_driver import answer, find, go_to_section, open_page, section_index


def _message(page, question_id: str) -> str:
    widget = page.findChild(QLineEdit, question_id).parentWidget().parentWidget()
    return widget.message.text() if widget.message is not None else ""


def test_a_refused_value_survives_a_section_change_and_a_lock(qtbot, unlocked_session):
    session = unlocked_session
    case_id = session.cases.create("es")
    page = open_page(qtbot, session, case_id)
    go_to_section(page, "immigration_history")
    answer(qtbot, page, "entry_date", "31/02/2012")
    assert find(page, QLineEdit, "entry_date").text() == "31/02/2012"
    assert _message(page, "entry_date")
    row = section_index(page, "immigration_history")
    assert page.navigator.state_of(row) == "◐"
    assert "1 answer to correct" in page.progress.text() or "corregir" in page.progress.text()

    go_to_section(page, "consent")
    go_to_section(page, "immigration_history")
    assert find(page, QLineEdit, "entry_date").text() == "31/02/2012"

    page.clear()
    session.lock()
    session.unlock(PASSPHRASE)
    page.open_case(case_id)
    go_to_section(page, "immigration_history")
    assert find(page, QLineEdit, "entry_date").text() == "31/02/2012"
    assert _message(page, "entry_date")
    assert page.navigator.state_of(row) == "◐"
    assert "entry_date" not in session.cases.answers(case_id)

    review = ReviewPage(session)
    qtbot.addWidget(review)
    review.show_case(case_id)
    shown = " ".join(b.toPlainText() for b in review.findChildren(QTextBrowser))
    assert "31/02/2012" in shown

    # Corrected: the draft goes, the answer is saved, the review no longer lists it.
    answer(qtbot, page, "entry_date", "2012")
    assert session.cases.answers(case_id)["entry_date"] == "2012"
    assert session.cases.drafts(case_id) == []
    review.show_case(case_id)
    shown = " ".join(b.toPlainText() for b in review.findChildren(QTextBrowser))
    assert "31/02/2012" not in shown


def test_a_refused_email_is_kept_as_typed(qtbot, unlocked_session):
    session = unlocked_session
    case_id = session.cases.create("en")
    page = open_page(qtbot, session, case_id)
    form = page.form
    section = form.section_of("sponsor_email").id
    go_to_section(page, section)
    widget = page.findChild(QLineEdit, "sponsor_email")
    if widget is None or not widget.isVisibleTo(page):
        # Shown only once there is a sponsor: give the answers that show it.
        session.cases.save_answer(case_id, "has_sponsor", "yes")
        page.open_case(case_id)
        go_to_section(page, section)
    answer(qtbot, page, "sponsor_email", "javier@")
    (draft,) = session.cases.drafts(case_id)
    assert (draft.question_id, draft.typed) == ("sponsor_email", "javier@")


def test_a_year_alone_and_about_a_year_are_answers(qtbot, unlocked_session):
    session = unlocked_session
    case_id = session.cases.create("es")
    page = open_page(qtbot, session, case_id)
    go_to_section(page, "immigration_history")
    answer(qtbot, page, "entry_date", "aprox. 2012")
    assert session.cases.answers(case_id)["entry_date"] == "~2012"
    assert session.cases.drafts(case_id) == []
    assert find(page, QLineEdit, "entry_date").text() == "about 2012"  # the UI is in English
    answer(qtbot, page, "entry_date", "03/2012")
    assert session.cases.answers(case_id)["entry_date"] == "2012-03"


def test_an_english_rendering_is_written_beside_the_familys_words(qtbot, unlocked_session):
    from PySide6.QtWidgets import QPlainTextEdit

    session = unlocked_session
    case_id = session.cases.create("es")
    page = open_page(qtbot, session, case_id)
    section = page.form.section_of("family_hardship").id
    go_to_section(page, section)
    english = find(page, QPlainTextEdit, "family_hardship@en")
    assert english.isVisibleTo(page) and "English" in english.accessibleName()
    answer(qtbot, page, "family_hardship", "No pueden pagar la renta.")
    answer(qtbot, page, "family_hardship@en", "They cannot pay the rent.")
    saved = session.cases.answers(case_id)
    assert saved["family_hardship"] == "No pueden pagar la renta."
    assert saved["family_hardship@en"] == "They cannot pay the rent."
    # Names and places read the same in every language: no second box for them.
    assert page.findChild(QLineEdit, "detainee_family_names@en") is None
    page.clear()
    page.open_case(session.cases.create("en"))
    go_to_section(page, section)
    assert not find(page, QPlainTextEdit, "family_hardship@en").isVisibleTo(page)


def test_enter_on_an_unanswered_radio_group_chooses_the_focused_answer(qtbot, unlocked_session):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication, QRadioButton

    session = unlocked_session
    case_id = session.cases.create("es")
    page = open_page(qtbot, session, case_id)
    go_to_section(page, "consent")
    first = find(page, QRadioButton, "consent_understood.yes")
    first.setFocus()
    qtbot.keyClick(first, Qt.Key.Key_Return)
    assert session.cases.answers(case_id)["consent_understood"] == "yes"
    assert QApplication.focusWidget() is not first  # and it moved on
    # Enter on another answer of a question already answered never changes it.
    other = find(page, QRadioButton, "consent_understood.no")
    other.setFocus()
    qtbot.keyClick(other, Qt.Key.Key_Return)
    assert session.cases.answers(case_id)["consent_understood"] == "yes"


def test_a_follow_up_question_is_brought_into_view(qtbot, unlocked_session):
    from PySide6.QtCore import QPoint

    session = unlocked_session
    case_id = session.cases.create("en")
    page = open_page(qtbot, session, case_id)
    page.resize(1024, 500)
    go_to_section(page, "arrest")
    view = page.current_view()
    answer(qtbot, page, "arrest_setting", "vehicle_stop")
    revealed = view.questions["vehicle_detainee_role"]
    assert revealed.shown_by_form

    def in_view() -> bool:
        top = revealed.mapTo(view.viewport(), QPoint(0, 0))
        return 0 <= top.y() < view.viewport().height()

    qtbot.waitUntil(in_view, timeout=2000)


def test_why_we_ask_shows_clearly_when_it_has_the_keyboard_focus(qtbot, unlocked_session):
    from PySide6.QtWidgets import QPushButton

    page = open_page(qtbot, unlocked_session, unlocked_session.cases.create("es"))
    go_to_section(page, "consent")
    toggle = page.current_view().findChildren(QPushButton, "interviewee_name.guidance")[0]
    assert toggle.isFlat()
    toggle.setFocus()
    qtbot.waitUntil(lambda: toggle.hasFocus(), timeout=1000)
    assert not toggle.isFlat()  # drawn as a button while focused
    page.findChild(QLineEdit, "interviewee_name").setFocus()
    qtbot.waitUntil(lambda: toggle.isFlat(), timeout=1000)
