"""The review page: answers by section, missing answers linked to their question, the analysis."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from intake_app import i18n
from intake_app.ui.interview import ReviewPage
from intake_app.ui.main_window import MainWindow
from tests.ui.interview_driver import PERSONA, show_active


def _review(qtbot, session, case_id: str) -> ReviewPage:
    page = ReviewPage(session)
    qtbot.addWidget(page)
    show_active(qtbot, page)
    page.show_case(case_id)
    return page


def _follow_first_link_by_keyboard(qtbot, page: ReviewPage) -> None:
    page.answers_view.setFocus()
    qtbot.keyClick(page.answers_view, Qt.Key.Key_Tab)
    qtbot.keyClick(page.answers_view, Qt.Key.Key_Return)


def test_answers_show_by_section_in_words(qtbot, unlocked_session):
    case_id = unlocked_session.cases.import_file(PERSONA)
    page = _review(qtbot, unlocked_session, case_id)
    text = page.answers_view.toPlainText()
    assert text.index("Before we begin") < text.index("Identity and custody") < text.index("Family")
    assert "A087-654-321" in text  # display_value, not the stored digits
    assert "September 14, 1986" in text
    assert "Child 2" in text and "Mateo Gutiérrez Quispe" in text
    assert "$3,000.00" in text


def test_missing_required_answer_links_back_to_its_question(qtbot, unlocked_session):
    case_id = unlocked_session.cases.import_file(PERSONA)
    page = _review(qtbot, unlocked_session, case_id)
    text = page.answers_view.toPlainText()
    assert "Required answers still missing" in text
    assert "Has the detained person agreed that the attorney may send" in text
    with qtbot.waitSignal(page.question_requested) as signal:
        _follow_first_link_by_keyboard(qtbot, page)
    assert signal.args == [case_id, "consent_share_with_ice", -1]


def test_a_missing_answer_in_a_group_item_names_the_item(qtbot, unlocked_session):
    case_id = unlocked_session.cases.create("es")
    unlocked_session.cases.save_answer(case_id, "has_children", "yes")
    unlocked_session.cases.save_answer(case_id, "children", [{"child_name": "Ana"}, {}])
    page = _review(qtbot, unlocked_session, case_id)
    assert "Family · Child 2: What is this child's full name?" in page.answers_view.toPlainText()
    html = page.answers_view.toHtml()
    assert "question:child_name:1" in html


def test_following_a_link_opens_the_interview_at_that_question(qtbot, unlocked_session):
    case_id = unlocked_session.cases.import_file(PERSONA)
    window = MainWindow(unlocked_session)
    qtbot.addWidget(window)
    show_active(qtbot, window)
    window.open_case(case_id)
    window.show_review(case_id)
    _follow_first_link_by_keyboard(qtbot, window.review_page)
    assert window.stack.currentWidget() is window.interview_page
    assert QApplication.focusWidget().objectName().startswith("consent_share_with_ice")
    assert not window.review_page.answers_view.toPlainText()  # left behind, so wiped


def test_analysis_panel_shows_factors_with_facts_findings_flags_bases_evidence(
    qtbot, unlocked_session
):
    case_id = unlocked_session.cases.import_file(PERSONA)
    page = _review(qtbot, unlocked_session, case_id)
    text = page.analysis_view.toPlainText()
    for heading in (
        "Custody posture",
        "Humanitarian factors",
        "Arrest and detainer findings",
        "Red flags for attorney review",
        "Suggested legal bases",
        "Evidence still missing",
    ):
        assert heading in text
    analysis = unlocked_session.cases.analysis(case_id)
    assert analysis.factors and analysis.factors[0].title_in("en") in text
    assert analysis.factors[0].facts_in("en")[0] in text
    for need in analysis.missing_evidence:
        assert need.name_in("en") in text
    assert "not legal advice" in text
    # The posture comes first, with the facts that led to it.
    assert analysis.posture is not None
    posture_at = text.index(analysis.posture.title_in("en"))
    assert posture_at < text.index("Humanitarian factors")
    assert all(fact in text for fact in analysis.posture.facts_in("en"))


def test_an_unknown_posture_names_the_answers_that_would_decide_it(qtbot, unlocked_session):
    case_id = unlocked_session.cases.create("es")
    unlocked_session.cases.save_answer(case_id, "detainee_family_names", "Quispe")
    page = _review(qtbot, unlocked_session, case_id)
    text = page.analysis_view.toPlainText()
    assert "Custody posture not yet known" in text
    assert "How the person entered the United States" in text
    assert "Which box the Notice to Appear marks" in text


def test_client_text_is_shown_as_text_never_as_markup(qtbot, unlocked_session):
    case_id = unlocked_session.cases.create("es")
    unlocked_session.cases.save_answer(case_id, "interviewee_name", '<b>Rosa</b> & <a href="x">')
    page = _review(qtbot, unlocked_session, case_id)
    assert '<b>Rosa</b> & <a href="x">' in page.answers_view.toPlainText()


def test_review_retranslates_live_and_clear_wipes_it(qtbot, unlocked_session):
    case_id = unlocked_session.cases.import_file(PERSONA)
    page = _review(qtbot, unlocked_session, case_id)
    i18n.set_language("es")
    page.retranslate()
    assert "Factores humanitarios" in page.analysis_view.toPlainText()
    assert "Antes de empezar" in page.answers_view.toPlainText()
    page.clear()
    assert not page.answers_view.toPlainText()
    assert not page.analysis_view.toPlainText()
    assert page.case_id is None
