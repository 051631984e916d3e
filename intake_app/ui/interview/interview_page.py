"""The interview: a section navigator, the current section's questions, saving every answer."""

from __future__ import annotations

from functools import partial
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from intake_app.domain.errors import AmparoError
from intake_app.domain.records import AnswerDraft
from intake_app.forms import Evaluation, Form, english_key, evaluate, validate_value
from intake_app.i18n import _, current_language
from intake_app.session import Session
from intake_app.ui.interview.fields import focus_chain, muted_label
from intake_app.ui.interview.header import InterviewHeader, page_button
from intake_app.ui.interview.navigator import SectionNavigator
from intake_app.ui.interview.progress import progress_words
from intake_app.ui.interview.question_widget import NOT_IN_GROUP, QuestionWidget
from intake_app.ui.interview.section_view import SectionView
from intake_app.ui.widgets import AnnouncedLabel


class InterviewPage(QWidget):
    """Asks one case's questions; every answer is saved the moment it is given."""

    review_requested = Signal(str)
    closed = Signal()

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.case_id: str | None = None
        self.form: Form | None = None
        self.answers: dict[str, Any] = {}
        self.interview_language = "es"
        self.evaluation: Evaluation | None = None
        self.views: dict[int, SectionView] = {}
        self.current_index = -1
        # Pages are built (and laid out once) in idle moments after a case opens, one per
        # turn of the event loop, so that even the first visit to a long page is quick.
        self._warm_timer = QTimer(self)
        self._warm_timer.setInterval(0)
        self._warm_timer.timeout.connect(self._warm_next)
        self._warmed: set[int] = set()  # sections laid out at least once

        self.header = InterviewHeader()
        self.saved = self.header.saved
        self.language_combo = self.header.language_combo
        self.review_button = self.header.review_button
        self.close_button = self.header.close_button
        self.error = AnnouncedLabel()
        self.error.setObjectName("interview_error")
        self.navigator = SectionNavigator()
        self.stack = QStackedWidget()
        self.stack.setObjectName("section_pages")
        self.progress = muted_label()
        self.progress.setObjectName("interview_progress")
        self.progress.setWordWrap(False)
        self.previous_button = page_button("previous_section")
        self.next_button = page_button("next_section")

        bottom = QHBoxLayout()
        bottom.addWidget(self.progress)
        bottom.addStretch(1)
        bottom.addWidget(self.previous_button)
        bottom.addWidget(self.next_button)
        right = QVBoxLayout()
        right.addWidget(self.stack, 1)
        right.addLayout(bottom)
        body = QHBoxLayout()
        body.addWidget(self.navigator)
        body.addLayout(right, 1)
        column = QVBoxLayout(self)
        column.addWidget(self.header)
        column.addWidget(self.error)
        column.addLayout(body, 1)

        self.navigator.currentRowChanged.connect(self._navigator_moved)
        self.previous_button.clicked.connect(self.previous_section)
        self.next_button.clicked.connect(self.next_section)
        self.review_button.clicked.connect(self._review)
        self.close_button.clicked.connect(self._close)
        self.language_combo.activated.connect(self._interview_language_chosen)
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        QShortcut(QKeySequence("Alt+Left"), self, self.previous_section, context=context)
        QShortcut(QKeySequence("Alt+Right"), self, self.next_section, context=context)
        self.retranslate()

    # --- opening and closing ---------------------------------------------------------------

    def open_case(self, case_id: str) -> None:
        self.clear()
        row = self.session.cases.get(case_id)
        self.form = self.session.form(row.form_id)
        self.answers = self.session.cases.open(case_id)
        self.drafts = {(d.question_id, d.item_index): d for d in self.session.cases.drafts(case_id)}
        self.case_id = case_id
        self.interview_language = row.interview_language
        self.header.set_case(case_id, self.form.languages, row.interview_language)
        self.navigator.set_form(self.form)
        self._refresh()
        first = self._visible_indexes()[0] if self._visible_indexes() else 0
        self.show_section(first, focus_first=False)
        self._warm_timer.start()

    def clear(self) -> None:
        """Save what is being typed, then wipe every widget that showed this case."""
        self._warm_timer.stop()
        if self.case_id is not None and self.session.is_unlocked:
            self.commit_pending()
        for view in self.views.values():
            view.wipe()
            self.stack.removeWidget(view)
            view.setParent(None)
            view.deleteLater()
        self.views.clear()
        self._warmed.clear()
        self.navigator.wipe()
        self.case_id = None
        self.form = None
        self.answers = {}
        self.drafts = {}
        self.evaluation = None
        self.current_index = -1
        self.header.wipe()
        self.progress.clear()
        self.error.clear_message()

    def commit_pending(self) -> None:
        """Report any text typed but not yet saved (before navigating away or locking)."""
        for view in self.views.values():
            for widget in list(view.all_questions()):
                widget.field.finish_editing()

    # --- sections --------------------------------------------------------------------------

    def _visible_indexes(self) -> list[int]:
        if self.form is None or self.evaluation is None:
            return []
        shown = {s.id for s in self.evaluation.sections}
        return [i for i, s in enumerate(self.form.sections) if s.id in shown]

    def current_view(self) -> SectionView | None:
        return self.views.get(self.current_index)

    def view(self, index: int) -> SectionView:
        """The section's page, built the first time it is needed."""
        view = self.views.get(index)
        if view is None:
            assert self.form is not None and self.evaluation is not None
            view = SectionView(self.form, self.form.sections[index])
            view.set_languages(self.interview_language, current_language())
            for question_id, widget in view.questions.items():
                widget.show_value(self.answers.get(question_id))
                widget.show_english(self.answers.get(english_key(question_id)))
                self._connect(widget)
            for group in view.groups.values():
                group.items_edited.connect(self._save_items)
                group.boxes_rebuilt.connect(partial(self._boxes_rebuilt, view, group))
                self._boxes_rebuilt(view, group)
            self._show_drafts(view)
            view.apply_visibility(self.evaluation)
            self.views[index] = view
            self.stack.addWidget(view)
        return view

    def _warm_next(self) -> None:
        """One step of the idle warm-up: build a section, or lay out one already built."""
        if self.form is None:
            self._warm_timer.stop()
            return
        current = self.stack.currentWidget()
        cold = [v for i, v in self.views.items() if i not in self._warmed and v is not current]
        if cold and current is not None:
            # Shown and hidden again before anything paints: its layout is worked out now
            # rather than on the first visit. The focus stays where it is (in `current`).
            cold[0].setGeometry(current.geometry())
            cold[0].setVisible(True)
            cold[0].setVisible(False)
            self._warmed.add(next(i for i, v in self.views.items() if v is cold[0]))
            return
        unbuilt = [i for i in range(len(self.form.sections)) if i not in self.views]
        if unbuilt:
            self.view(unbuilt[0])
        else:
            self._warm_timer.stop()

    def _connect(self, widget: QuestionWidget) -> None:
        widget.answer_given.connect(partial(self._answer_given, widget))
        widget.draft_given.connect(self._draft_given)
        widget.advance_requested.connect(self._advance)

    def _show_drafts(self, view: SectionView) -> None:
        for widget in view.all_questions():
            draft = self.drafts.get((widget.question.id, widget.item_index))
            if draft is not None:
                widget.show_draft(draft.typed, draft.problem)

    def _boxes_rebuilt(self, view: SectionView, group) -> None:
        for box in group.boxes:
            for widget in box.questions:
                self._connect(widget)
                draft = self.drafts.get((widget.question.id, widget.item_index))
                if draft is not None:
                    widget.show_draft(draft.typed, draft.problem)
        if self.evaluation is not None:
            view.apply_visibility(self.evaluation)
        if view is self.current_view():
            self._chain_focus(view)

    def show_section(self, index: int, focus_first: bool = True) -> None:
        if self.form is None or not 0 <= index < len(self.form.sections):
            return
        self.commit_pending()
        view = self.view(index)
        self.current_index = index
        self.stack.setCurrentWidget(view)
        self._warmed.add(index)
        self.navigator.select_quietly(index)
        self._chain_focus(view)
        self._update_buttons()
        if focus_first:
            shown = view.shown_questions()
            if shown:
                shown[0].focus_input()
            view.verticalScrollBar().setValue(0)

    def _chain_focus(self, view: SectionView) -> None:
        focus_chain(
            [
                self.close_button,
                self.language_combo,
                self.review_button,
                self.navigator,
                *view.focus_widgets(),
                self.previous_button,
                self.next_button,
            ]
        )

    def _navigator_moved(self, row: int) -> None:
        if row >= 0:
            self.show_section(row, focus_first=False)

    def previous_section(self) -> None:
        earlier = [i for i in self._visible_indexes() if i < self.current_index]
        if earlier:
            self.show_section(earlier[-1])

    def next_section(self) -> None:
        later = [i for i in self._visible_indexes() if i > self.current_index]
        if later:
            self.show_section(later[0])
        elif self.case_id is not None:
            self._review()

    def _update_buttons(self) -> None:
        visible = self._visible_indexes()
        self.previous_button.setEnabled(any(i < self.current_index for i in visible))
        last = not any(i > self.current_index for i in visible)
        self.next_button.setText(_("Review answers") if last else _("Next") + " →")

    def _advance(self, widget: QuestionWidget) -> None:
        """Enter: on to the next question of the section, then to the Next button."""
        view = self.current_view()
        if view is None:
            return
        shown = view.shown_questions()
        if widget.question.is_group:  # Enter on the group itself: after its last item
            inside = [w for w in shown if widget.isAncestorOf(w)]
            widget = inside[-1] if inside else widget
        after = shown[shown.index(widget) + 1 :] if widget in shown else []
        if after:
            after[0].focus_input()
            view.ensureWidgetVisible(after[0], 40, 80)
        else:
            self.next_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def go_to_question(self, question_id: str, item_index: int = NOT_IN_GROUP) -> None:
        """Show the question's section and put the focus in its input."""
        if self.form is None or not self.form.has_question(question_id):
            return
        section = self.form.section_of(question_id)
        index = self.form.sections.index(section)
        self.show_section(index, focus_first=False)
        view = self.views[index]
        group = self.form.group_of(question_id)
        if group is not None:
            target: QWidget = view.groups[group.id].focus_item(item_index, question_id)
        elif question_id in view.groups:
            field = view.groups[question_id]
            target = field.focus_item(item_index if item_index >= 0 else len(field.boxes))
        else:
            target = view.questions[question_id]
            view.questions[question_id].focus_input()
        view.ensureWidgetVisible(target, 40, 80)
        # Geometry is settled only after the first layout pass of a page just built.
        QTimer.singleShot(0, partial(self._ensure_visible, index, target))

    def _ensure_visible(self, index: int, target: QWidget) -> None:
        view = self.views.get(index)
        if view is not None and view.isAncestorOf(target):
            view.ensureWidgetVisible(target, 40, 80)

    # --- answers ---------------------------------------------------------------------------

    def _answer_given(self, widget: QuestionWidget, question_id: str, item: int, value) -> None:
        assert self.form is not None
        english = self.form.english_of(question_id)
        if item == NOT_IN_GROUP:
            saved_id, stored = question_id, value
        else:
            group = self.form.group_of(english.id if english is not None else question_id)
            assert group is not None
            field = self.current_group_field(group.id)
            saved_id, stored = group.id, field.set_item_answer(item, question_id, value)
        if not self._persist(saved_id, stored):
            return
        if english is not None:
            widget.show_english(value)
            self._refresh()
            return
        # Saving an answer outside a group removes its draft too (store); a group item's
        # draft is removed here.
        if self.drafts.pop((question_id, item), None) is not None and item != NOT_IN_GROUP:
            self._forget_draft(question_id, item)
        widget.show_value(value)
        issues = validate_value(
            self.form, question_id, value, self.answers, item=None if item < 0 else item
        )
        if issues:
            widget.show_issue(issues[0].code, dict(issues[0].params))
        view = self.current_view()
        before = set(view.shown_questions()) if view is not None else set()
        self._refresh()
        if view is not None:
            # A follow-up question the answer called for: brought into view, not left below.
            appeared = [w for w in view.shown_questions() if w not in before]
            if appeared:
                QTimer.singleShot(0, partial(self._ensure_visible, self.current_index, appeared[0]))

    def _draft_given(self, question_id: str, item: int, typed: str, code: str) -> None:
        """Keep a refused value in the vault, as typed, until it is corrected."""
        assert self.case_id is not None
        try:
            self.session.cases.save_draft(self.case_id, question_id, item, typed, code)
        except (AmparoError, OSError) as exc:
            reason = _(exc.user_message) if isinstance(exc, AmparoError) else exc.strerror
            self.error.announce(_("The answer was not saved: {reason}").format(reason=reason))
            return
        self.drafts[(question_id, item)] = AnswerDraft(question_id, item, typed, code)
        self.header.show_saved()
        self._refresh()

    def _forget_draft(self, question_id: str, item: int) -> None:
        assert self.case_id is not None
        try:
            self.session.cases.clear_draft(self.case_id, question_id, item)
        except (AmparoError, OSError):
            # The corrected answer is saved; a stale draft only lists it once more for review.
            return

    def current_group_field(self, group_id: str):
        for view in self.views.values():
            if group_id in view.groups:
                return view.groups[group_id]
        raise KeyError(group_id)

    def _save_items(self, group_id: str, items: list) -> None:
        if not self._persist(group_id, items):
            return
        self.current_group_field(group_id).show_value(items)
        self._refresh()

    def _persist(self, question_id: str, value: Any) -> bool:
        assert self.case_id is not None
        try:
            self.session.cases.save_answer(self.case_id, question_id, value)
        except (AmparoError, OSError) as exc:
            reason = _(exc.user_message) if isinstance(exc, AmparoError) else exc.strerror
            self.error.announce(_("The answer was not saved: {reason}").format(reason=reason))
            return False
        if value is None or value == "" or value == []:
            self.answers.pop(question_id, None)
        else:
            self.answers[question_id] = value
        self.error.clear_message()
        self.header.show_saved()
        return True

    def _refresh(self) -> None:
        """Re-run the form for the current answers: what shows, section marks, progress."""
        if self.form is None:
            return
        self.evaluation = evaluate(self.form, self.answers)
        for view in self.views.values():
            view.apply_visibility(self.evaluation)
        drafted = {question_id for question_id, _item in self.drafts}
        self.navigator.update_marks(self.form, self.evaluation, current_language(), drafted)
        self.progress.setText(progress_words(self.evaluation.progress(), len(self.drafts)))
        self._update_buttons()

    # --- languages -------------------------------------------------------------------------

    def _interview_language_chosen(self, index: int) -> None:
        language = self.language_combo.itemData(index)
        if self.case_id is None or language == self.interview_language:
            return
        try:
            self.session.cases.set_interview_language(self.case_id, language)
        except AmparoError as exc:
            self.error.announce(_(exc.user_message))
            return
        self.interview_language = language
        self.retranslate()

    def retranslate(self) -> None:
        self.header.retranslate()
        self.previous_button.setText("← " + _("Previous"))
        self.previous_button.setToolTip(_("Previous section (Alt+Left)"))
        self.next_button.setToolTip(_("Next section (Alt+Right)"))
        self.navigator.setAccessibleName(_("Sections"))
        for view in self.views.values():
            view.set_languages(self.interview_language, current_language())
        self._refresh()

    def _review(self) -> None:
        if self.case_id is not None:
            self.commit_pending()
            self.review_requested.emit(self.case_id)

    def _close(self) -> None:
        self.clear()
        self.closed.emit()
