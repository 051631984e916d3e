"""The interview page driven through its real widgets: answers, conditions, groups, languages."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QRadioButton,
    QTextBrowser,
    QWidget,
)

from intake_app import i18n
from intake_app.ui.interview.fields import typed_date_to_iso
from intake_app.ui.main_window import MainWindow
from tests.ui.conftest import PASSPHRASE
from tests.ui.interview_driver import (
    PERSONA,
    add_item,
    answer,
    click,
    find,
    focused_name,
    go_to_section,
    open_page,
    persona_answers,
    section_index,
    show_active,
)


def _window(qtbot, session) -> MainWindow:
    window = MainWindow(session)
    qtbot.addWidget(window)
    show_active(qtbot, window)
    return window


# What the volunteer types or picks, section by section (from the persona's answers).
PERSONA_STEPS = {
    "consent": ["interviewee_relationship", "interviewee_name", "consent_understood",
                "consent_to_interview", "detainee_knows_of_request"],
    "identity_custody": ["detainee_family_names", "detainee_given_names", "detainee_gender",
                         "detainee_birth_date", "detainee_birth_country", "a_number",
                         "facility_name", "facility_state"],
    "arrest": ["arrest_date", "arrest_time", "arrest_state", "arrest_setting",
               "vehicle_detainee_role", "vehicle_stopped_by", "warrant_shown",
               "local_arrest_first"],
    "immigration_history": ["entry_date", "years_in_us", "prior_removal", "final_order"],
    "family": ["marital_status", "spouse_status", "has_children"],
}  # fmt: skip
CHILD_STEPS = ["child_name", "child_birth_date", "child_citizenship",
               "child_primary_caregiver_before", "child_has_medical_condition",
               "child_diagnosis", "child_physician_name"]  # fmt: skip
# Typed the way a volunteer would, not in stored form.
TYPED = {"a_number": "A087-654-321", "detainee_birth_date": "09/14/1986",
         "arrest_date": "02/03/2026", "entry_date": "04/10/2005",
         "child_birth_date": "06/02/2018", "arrest_time": "7:40 am"}  # fmt: skip


def test_whole_interview_of_a_persona_from_unlock_to_review(qtbot, unlocked_session):
    unlocked_session.lock()
    window = _window(qtbot, unlocked_session)
    qtbot.keyClicks(window.unlock_page.passphrase, PASSPHRASE)
    qtbot.keyClick(window.unlock_page.passphrase, Qt.Key.Key_Return)
    qtbot.mouseClick(window.cases_page.new_button, Qt.MouseButton.LeftButton)
    page = window.interview_page
    assert window.stack.currentWidget() is page
    case_id = page.case_id
    persona = persona_answers()

    for section_id, steps in PERSONA_STEPS.items():
        assert page.form.sections[page.current_index].id == section_id
        for question_id in steps:
            answer(qtbot, page, question_id, TYPED.get(question_id, persona[question_id]))
        if section_id == "family":
            box = add_item(qtbot, page, "children")
            assert box.objectName() == "children_0"
            child = persona["children"][0]
            for question_id in CHILD_STEPS:
                answer(qtbot, box, question_id, TYPED.get(question_id, child[question_id]))
        qtbot.keyClick(
            QApplication.focusWidget(), Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier
        )

    go_to_section(page, "representation")
    answer(qtbot, page, "consent_share_with_ice", "yes")
    assert page.saved.text().endswith("Saved")

    stored = unlocked_session.cases.answers(case_id)
    for steps in PERSONA_STEPS.values():
        for question_id in steps:
            assert stored[question_id] == persona[question_id], question_id
    assert stored["children"][0] == {q: persona["children"][0][q] for q in CHILD_STEPS}

    qtbot.mouseClick(page.review_button, Qt.MouseButton.LeftButton)
    review = window.review_page
    assert window.stack.currentWidget() is review
    answers_text = review.answers_view.toPlainText()
    assert "Gutiérrez Salazar" in answers_text
    assert "A087-654-321" in answers_text
    assert "Every required question is answered" in answers_text
    analysis_text = review.analysis_view.toPlainText()
    assert "Valeria Gutiérrez Quispe" in analysis_text  # a fact behind a humanitarian factor
    assert "Humanitarian factors" in analysis_text


def test_conditional_questions_appear_and_disappear(qtbot, unlocked_session):
    page = open_page(qtbot, unlocked_session, unlocked_session.cases.create("es"))
    go_to_section(page, "arrest")
    view = page.current_view()
    role = view.questions["vehicle_detainee_role"]
    home_entry = view.questions["home_entry"]
    assert role.isHidden() and home_entry.isHidden()
    answer(qtbot, page, "arrest_setting", "vehicle_stop")
    assert role.isVisible() and home_entry.isHidden()
    answer(qtbot, page, "vehicle_detainee_role", "driver")
    answer(qtbot, page, "arrest_setting", "home")
    assert role.isHidden() and home_entry.isVisible()
    # Hidden means absent, but the stored answer stays for when it shows again.
    assert unlocked_session.cases.answers(page.case_id)["vehicle_detainee_role"] == "driver"

    detainer_row = page.navigator.item(section_index(page, "detainer"))
    assert detainer_row.isHidden()
    answer(qtbot, page, "local_arrest_first", "yes")
    assert not detainer_row.isHidden()

    go_to_section(page, "consent")
    answer(qtbot, page, "consent_to_interview", "no")
    shown = [page.navigator.item(i).isHidden() for i in range(page.navigator.count())]
    assert shown.count(False) == 1  # only "Before we begin" is left


def test_repeating_group_adds_reorders_and_removes_items(qtbot, unlocked_session, monkeypatch):
    page = open_page(qtbot, unlocked_session, unlocked_session.cases.create("es"))
    go_to_section(page, "family")
    answer(qtbot, page, "has_children", "yes")
    first = add_item(qtbot, page, "children")
    assert focused_name() == "child_name"  # the new item's first question has the focus
    answer(qtbot, first, "child_name", "Valeria")
    second = add_item(qtbot, page, "children")
    # Tab follows the page's order even in widgets made after the rest of the page.
    name = find(second, QLineEdit, "child_name")
    assert QApplication.focusWidget() is name
    qtbot.keyClick(name, Qt.Key.Key_Tab)
    assert focused_name() == "child_name.guidance"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    # The child's sex (for "his"/"her" in the letter) follows the name, then the birth date.
    assert focused_name().startswith("child_sex.")
    answer(qtbot, second, "child_name", "Mateo")
    answer(qtbot, second, "child_has_medical_condition", "yes")
    assert find(second, QPlainTextEdit, "child_diagnosis").isVisible()
    assert not find(first, QPlainTextEdit, "child_diagnosis").isVisible()

    move_up = find(page, QWidget, "children_1.move_up")
    move_up.setFocus()
    qtbot.keyClick(move_up, Qt.Key.Key_Return)
    stored = unlocked_session.cases.answers(page.case_id)["children"]
    assert [c["child_name"] for c in stored] == ["Mateo", "Valeria"]
    top = find(page, QWidget, "children_0")
    assert find(top, QLineEdit, "child_name").text() == "Mateo"
    assert find(top, QPlainTextEdit, "child_diagnosis").isVisible()  # visibility moved too

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    click(qtbot, find(page, QWidget, "children_0.remove"))
    stored = unlocked_session.cases.answers(page.case_id)["children"]
    assert [c["child_name"] for c in stored] == ["Valeria"]
    assert page.findChild(QWidget, "children_1") is None


def test_interview_and_ui_languages_switch_live(qtbot, unlocked_session):
    case_id = unlocked_session.cases.create("es")
    page = open_page(qtbot, unlocked_session, case_id)
    question = page.current_view().questions["interviewee_name"]
    assert question.label.text() == "¿Cuál es su nombre completo?"
    assert question.translation.text() == "What is your full name?"
    assert find(page, QLineEdit, "interviewee_name").accessibleName() == question.label.text()

    combo = find(page, QComboBox, "interview_language")
    combo.setFocus()
    key = Qt.Key.Key_Up if combo.findData("en") < combo.currentIndex() else Qt.Key.Key_Down
    qtbot.keyClick(combo, key)
    assert combo.currentData() == "en"
    assert question.label.text() == "What is your full name?"
    assert question.translation.isHidden()  # same language: nothing to show beneath
    assert unlocked_session.cases.get(case_id).interview_language == "en"

    i18n.set_language("es")
    page.retranslate()
    assert page.next_button.text().startswith("Siguiente")
    assert question.translation.text() == "¿Cuál es su nombre completo?"
    assert question.label.text() == "What is your full name?"


def test_wrong_passphrase_keeps_the_interview_closed(qtbot, unlocked_session):
    unlocked_session.cases.create("es")
    unlocked_session.lock()
    window = _window(qtbot, unlocked_session)
    qtbot.keyClicks(window.unlock_page.passphrase, "not the passphrase at all")
    qtbot.keyClick(window.unlock_page.passphrase, Qt.Key.Key_Return)
    assert window.stack.currentWidget() is window.unlock_page
    assert window.interview_page.case_id is None
    assert window.unlock_page.error.accessibleName().startswith("Wrong passphrase")


def test_bad_answer_is_announced_and_not_saved(qtbot, unlocked_session):
    page = open_page(qtbot, unlocked_session, unlocked_session.cases.create("es"))
    go_to_section(page, "identity_custody")
    question = page.current_view().questions["a_number"]
    answer(qtbot, page, "a_number", "A12")
    assert "8 or 9 digits" in question.message.text()
    assert question.message.accessibleName() == question.message.text()
    assert "a_number" not in unlocked_session.cases.answers(page.case_id)
    answer(qtbot, page, "a_number", "a 87654321")
    assert question.message.isHidden()
    assert unlocked_session.cases.answers(page.case_id)["a_number"] == "087654321"
    assert find(page, QLineEdit, "a_number").text() == "A087-654-321"


def test_dates_are_typed_in_the_ui_languages_order():
    assert typed_date_to_iso("03/04/2026", "en") == "2026-03-04"
    assert typed_date_to_iso("03/04/2026", "es") == "2026-04-03"
    assert typed_date_to_iso("2026-04-03", "es") == "2026-04-03"


def test_enter_advances_and_alt_arrows_change_section(qtbot, unlocked_session):
    page = open_page(qtbot, unlocked_session, unlocked_session.cases.create("es"))
    name = find(page, QLineEdit, "interviewee_name")
    name.setFocus()
    qtbot.keyClicks(name, "Rosa")
    qtbot.keyClick(name, Qt.Key.Key_Return)
    assert QApplication.focusWidget().objectName().startswith("interviewee_phone")
    yes = find(page, QRadioButton, "consent_understood.yes")
    yes.setFocus()
    qtbot.keyClick(yes, Qt.Key.Key_Space)
    qtbot.keyClick(yes, Qt.Key.Key_Return)
    assert focused_name().startswith("consent_to_interview.")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert page.form.sections[page.current_index].id == "identity_custody"
    assert focused_name() == "detainee_family_names"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert page.form.sections[page.current_index].id == "consent"
    assert unlocked_session.cases.answers(page.case_id)["interviewee_name"] == "Rosa"


def test_text_being_typed_is_saved_when_locking(qtbot, unlocked_session):
    window = _window(qtbot, unlocked_session)
    window.open_case(unlocked_session.cases.create("es"))
    case_id = window.interview_page.case_id
    field = find(window.interview_page, QLineEdit, "interviewee_name")
    field.setFocus()
    qtbot.keyClicks(field, "Rosa Elena")
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert not unlocked_session.is_unlocked
    unlocked_session.unlock(PASSPHRASE)
    assert unlocked_session.cases.answers(case_id)["interviewee_name"] == "Rosa Elena"


def test_lock_wipes_every_widget_that_showed_the_case(qtbot, unlocked_session):
    window = _window(qtbot, unlocked_session)
    case_id = unlocked_session.cases.import_file(PERSONA)
    window.open_case(case_id)
    page = window.interview_page
    for index in range(len(page.form.sections)):
        page.show_section(index)
    window.show_review(case_id)
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    for shown in (page, window.review_page):
        for widget in shown.findChildren(QLineEdit):
            assert not widget.text(), widget.objectName()
        for widget in shown.findChildren(QPlainTextEdit) + shown.findChildren(QTextBrowser):
            assert not widget.toPlainText(), widget.objectName()
        for widget in shown.findChildren(QRadioButton) + shown.findChildren(QCheckBox):
            assert not widget.isChecked(), widget.objectName()
        for widget in shown.findChildren(QLabel):
            assert "Gutiérrez" not in widget.text(), widget.objectName()
    assert page.navigator.count() == 0
    assert page.case_id is None and not page.answers
    assert window.windowTitle() == "Amparo"


def test_every_input_is_named_by_question_id_and_label(qtbot, unlocked_session):
    page = open_page(qtbot, unlocked_session, unlocked_session.cases.create("es"))
    form = page.form
    for index in range(len(form.sections)):
        page.view(index)
    for question in form.questions():
        if form.group_of(question.id) is not None:
            continue
        widget = page.findChild(QWidget, question.id)
        assert widget is not None, question.id
        assert widget.accessibleName() == question.label.get("es"), question.id


def test_navigator_marks_sections_and_go_to_question_focuses_an_item(qtbot, unlocked_session):
    case_id = unlocked_session.cases.import_file(PERSONA)
    page = open_page(qtbot, unlocked_session, case_id)
    # ✓ only when every question the section shows is answered; ◐ while any is open.
    assert page.navigator.state_of(section_index(page, "arrest")) == "✓"
    assert page.navigator.state_of(section_index(page, "consent")) == "◐"
    page.go_to_question("child_physician_name", 0)
    assert page.form.sections[page.current_index].id == "family"
    focused = QApplication.focusWidget()
    assert focused.objectName() == "child_physician_name"
    assert page.findChild(QWidget, "children_0").isAncestorOf(focused)


def _shown_value(scope: QWidget, question_id: str, stored):
    """What the widget for `question_id` shows, in the stored value's terms where it can."""
    widget = scope.findChild(QWidget, question_id)
    if isinstance(widget, QLineEdit):
        return bool(widget.text())
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText() == stored
    if isinstance(widget, QComboBox):
        return widget.currentData() == stored
    checked = [
        b.objectName().split(".", 1)[1]
        for b in widget.findChildren(QRadioButton) + widget.findChildren(QCheckBox)
        if b.isChecked()
    ]
    return checked == (stored if isinstance(stored, list) else [stored])


def test_opening_a_case_shows_every_stored_answer_in_its_widget(qtbot, unlocked_session):
    case_id = unlocked_session.cases.import_file(PERSONA)
    page = open_page(qtbot, unlocked_session, case_id)
    for index in range(len(page.form.sections)):
        page.view(index)
    for question_id, stored in persona_answers().items():
        if isinstance(stored, list) and stored and isinstance(stored[0], dict):
            boxes = page.current_group_field(question_id).boxes
            for box, item in zip(boxes, stored, strict=True):
                for child_id, value in item.items():
                    assert _shown_value(box, child_id, value), (question_id, child_id)
        else:
            assert _shown_value(page, question_id, stored), question_id
