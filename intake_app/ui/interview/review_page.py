"""Review: the answers by section, what is still missing (linked to its question), the analysis."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from intake_app.domain import permissions
from intake_app.domain.errors import AmparoError
from intake_app.forms import (
    Evaluation,
    Form,
    Issue,
    Question,
    display_value,
    english_key,
    evaluate,
)
from intake_app.forms.conditions import is_answered
from intake_app.i18n import _, current_language
from intake_app.session import Session
from intake_app.ui.interview.analysis_html import analysis_html
from intake_app.ui.interview.fields import muted_label
from intake_app.ui.interview.messages import issue_text
from intake_app.ui.interview.progress import progress_words
from intake_app.ui.widgets import heading, page_top_bar

LINK_SCHEME = "question"
CONFLICT_SCHEME = "conflict"  # conflict:<question id>:<index of the value counsel keeps>


def question_link(question_id: str, item_index: int | None) -> str:
    return f"{LINK_SCHEME}:{question_id}:{-1 if item_index is None else item_index}"


def _text(value: str) -> str:
    """Client text made safe for rich text, line breaks kept."""
    return html.escape(value).replace("\n", "<br>")


class ReviewPage(QWidget):
    """Read-only overview before the attorney's review; links jump back into the interview."""

    question_requested = Signal(str, str, int)
    closed = Signal()
    packet_requested = Signal(str)
    documents_requested = Signal(str)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.case_id: str | None = None
        self.interview_language = "en"
        self.title = heading()
        self.case_label = muted_label()
        self.case_label.setObjectName("review_case")
        self.back_button = QPushButton()
        self.back_button.setObjectName("back_to_interview")
        self.back_button.setAutoDefault(True)
        self.packet_button = QPushButton()
        self.packet_button.setObjectName("open_packet")
        self.documents_button = QPushButton()
        self.documents_button.setObjectName("open_documents")
        self.answers_view = self._browser("review_answers")
        self.analysis_view = self._browser("review_analysis")
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.answers_view)
        splitter.addWidget(self.analysis_view)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        top = page_top_bar(
            self.title, self.case_label, self.documents_button, self.packet_button, self.back_button
        )
        column = QVBoxLayout(self)
        column.addLayout(top)
        column.addWidget(splitter, 1)
        self.back_button.clicked.connect(self.closed)
        self.packet_button.clicked.connect(
            lambda _checked=False: self.case_id and self.packet_requested.emit(self.case_id)
        )
        self.documents_button.clicked.connect(
            lambda _checked=False: self.case_id and self.documents_requested.emit(self.case_id)
        )
        self.answers_view.anchorClicked.connect(self._link_activated)
        self.retranslate()

    @staticmethod
    def _browser(object_name: str) -> QTextBrowser:
        browser = QTextBrowser()
        browser.setObjectName(object_name)
        # Links are ours: never let the browser try to open or load them.
        browser.setOpenLinks(False)
        browser.setOpenExternalLinks(False)
        return browser

    def show_case(self, case_id: str) -> None:
        self.case_id = case_id
        self.interview_language = "en"
        self.render()

    def clear(self) -> None:
        self.case_id = None
        self.answers_view.clear()
        self.analysis_view.clear()
        self.case_label.clear()

    def retranslate(self) -> None:
        self.title.setText(_("Review"))
        self.back_button.setText("← " + _("Back to the interview"))
        self.packet_button.setText(_("Packet →"))
        self.documents_button.setText(_("Documents…"))
        self.answers_view.setAccessibleName(_("Answers"))
        self.analysis_view.setAccessibleName(_("Analysis"))
        if self.case_id is not None:
            self.render()

    def render(self) -> None:
        if self.case_id is None:
            return
        row = self.session.cases.get(self.case_id)
        self.interview_language = row.interview_language
        form = self.session.form(row.form_id)
        answers = self.session.cases.answers(self.case_id)
        evaluation = evaluate(form, answers)
        self.case_label.setText(_("Case {case}").format(case=self.case_id))
        self.answers_view.setHtml(self._answers_html(form, evaluation))
        try:
            analysis = self.session.cases.analysis(self.case_id)
        except AmparoError as exc:
            self.analysis_view.setHtml(f"<p>{html.escape(_(exc.user_message))}</p>")
        else:
            self.analysis_view.setHtml(analysis_html(analysis, current_language()))

    # --- answers -------------------------------------------------------------------------

    def _answers_html(self, form: Form, evaluation: Evaluation) -> str:
        lang = current_language()
        parts = [self._conflicts_html(form), self._issues_html(form, evaluation)]
        edit = html.escape(_("Edit"))
        for section in evaluation.sections:
            first = next(q for q in section.questions if q.id in evaluation.visible)
            link = question_link(first.id, None)
            parts.append(
                f"<h2>{html.escape(section.title.get(lang))} "
                f'<small>(<a href="{link}">{edit}</a>)</small></h2>'
            )
            rows: list[str] = []
            for question in section.questions:
                if question.id not in evaluation.visible:
                    continue
                if question.is_group:
                    rows.append(self._group_html(form, question, evaluation))
                    continue
                value = evaluation.answers.get(question.id)
                if is_answered(value):
                    english = evaluation.answers.get(english_key(question.id))
                    rows.append(self._row(form, question, value, english))
            if rows:
                parts.append("".join(rows))
            else:
                nothing = _("Nothing answered yet.")
                parts.append(f"<p><i>{html.escape(nothing)}</i></p>")
        return "".join(parts)

    def _row(self, form: Form, question: Question, value: Any, english: Any = None) -> str:
        lang = current_language()
        label = html.escape(question.label.get(lang))
        shown = _text(display_value(form, question, value, lang))
        muted = self.palette().color(QPalette.ColorRole.PlaceholderText).name()
        rendering = ""
        if self._needs_english(question):
            # Counsel sees the family's words and the English the letters will print.
            if is_answered(english):
                words = html.escape(_("In English:"))
                rendering = f"<br>&nbsp;&nbsp;&nbsp;&nbsp;<i>{words}</i> {_text(str(english))}"
            else:
                missing = html.escape(_("No English rendering yet: the letters leave it out."))
                rendering = f'<br>&nbsp;&nbsp;&nbsp;&nbsp;<i style="color:{muted}">{missing}</i>'
        return (
            f'<p style="margin:0 0 6px 0"><span style="color:{muted}">{label}</span><br>'
            f"&nbsp;&nbsp;&nbsp;&nbsp;<b>{shown}</b>{rendering}</p>"
        )

    def _needs_english(self, question: Question) -> bool:
        return question.needs_english and self.interview_language != "en"

    def _group_html(self, form: Form, group: Question, evaluation: Evaluation) -> str:
        lang = current_language()
        parts = [f"<h3>{html.escape(group.label.get(lang))}</h3>"]
        assert group.item_label is not None
        for index, (item, visible) in enumerate(evaluation.groups.get(group.id, [])):
            title = html.escape(group.item_label.format(lang, n=index + 1))
            parts.append(f'<div style="margin-left:18px"><h4>{title}</h4>')
            for child in group.questions:
                value = item.get(child.id)
                if child.id in visible and is_answered(value):
                    english = item.get(english_key(child.id))
                    parts.append(self._row(form, child, value, english))
            parts.append("</div>")
        return "".join(parts)

    def _conflicts(self) -> list[tuple[str, Any, list[Any]]]:
        """(question id, the value kept, the values it won over) for each true conflict."""
        if self.case_id is None or not self.session.clinic.is_shared(self.case_id):
            return []
        answers = self.session.cases.answers(self.case_id)
        found: dict[str, list[Any]] = {}
        for question_id, _clock, value in self.session.clinic.conflicts(self.case_id):
            found.setdefault(question_id, []).append(value)
        return [(q, answers.get(q), others) for q, others in found.items()]

    def _conflicts_html(self, form: Form) -> str:
        """Answers two people changed at the same time on different laptops: the value every
        laptop kept for now, and the other, for counsel to decide."""
        conflicts = self._conflicts()
        if not conflicts:
            return ""
        lang = current_language()
        counsel = self.session.can(permissions.REVIEW_PACKET)
        title = _("Answers two people changed at the same time")
        explain = (
            _("Every laptop kept the later change for now. Choose the value that is right.")
            if counsel
            else _("Every laptop kept the later change for now; counsel will choose.")
        )
        parts = [f"<h2>⚠ {html.escape(title)}</h2><p>{html.escape(explain)}</p><ul>"]
        for question_id, kept, others in conflicts:
            try:
                question = form.question(question_id)
            except KeyError:
                continue
            label = html.escape(question.label.get(lang))
            choices = []
            for index, value in enumerate([kept, *others]):
                shown = (
                    _text(display_value(form, question, value, lang))
                    if is_answered(value)
                    else html.escape(_("(no answer)"))
                )
                if counsel:
                    link = f"{CONFLICT_SCHEME}:{question_id}:{index}"
                    keep = html.escape(_("keep it") if index == 0 else _("use this instead"))
                    choices.append(f'<b>{shown}</b> (<a href="{link}">{keep}</a>)')
                else:
                    choices.append(f"<b>{shown}</b>")
            parts.append(f"<li>{label}: {' · '.join(choices)}</li>")
        parts.append("</ul>")
        return "".join(parts)

    def _resolve(self, question_id: str, index: int) -> None:
        conflict = next((c for c in self._conflicts() if c[0] == question_id), None)
        if conflict is None or self.case_id is None:
            return
        _question, kept, others = conflict
        values = [kept, *others]
        if not 0 <= index < len(values):
            return
        self.session.clinic.resolve(self.case_id, question_id, values[index])
        self.render()

    def _issues_html(self, form: Form, evaluation: Evaluation) -> str:
        lang = current_language()
        issues = evaluation.validate()
        drafts = self.session.cases.drafts(self.case_id) if self.case_id else []
        head = f"<p>{html.escape(progress_words(evaluation.progress(), len(drafts)))}</p>"
        if not issues and not drafts:
            done = _("Every required question is answered, and no answer needs checking.")
            return head + f"<p>✓ {html.escape(done)}</p>"
        missing = [i for i in issues if i.code == "required"]
        other = [i for i in issues if i.code != "required"]
        parts = [head]
        if drafts:
            refused = _("Typed but not accepted: correct these")
            parts.append(f"<h2>{html.escape(refused)}</h2><ul>")
            for draft in drafts:
                if not form.has_question(draft.question_id):
                    continue
                question = form.question(draft.question_id)
                index = draft.item_index if draft.item_index >= 0 else None
                issue = Issue(draft.question_id, draft.problem, {}, index)
                message = issue_text(form, question, draft.problem, {})
                typed = _("typed: “{typed}”").format(typed=draft.typed[:200])
                parts.append(
                    f"<li>{self._issue_link(form, issue, lang)}: {_text(typed)}. "
                    f"{_text(message)}</li>"
                )
            parts.append("</ul>")
        if missing:
            still_missing = _("Required answers still missing")
            parts.append(f"<h2>{html.escape(still_missing)}</h2><ul>")
            parts += [f"<li>{self._issue_link(form, i, lang)}</li>" for i in missing]
            parts.append("</ul>")
        if other:
            to_check = _("Answers to check")
            parts.append(f"<h2>{html.escape(to_check)}</h2><ul>")
            for issue in other:
                question = form.question(issue.question_id)
                message = issue_text(form, question, issue.code, issue.params)
                parts.append(f"<li>{self._issue_link(form, issue, lang)}: {_text(message)}</li>")
            parts.append("</ul>")
        return "".join(parts)

    @staticmethod
    def _issue_link(form: Form, issue: Issue, lang: str) -> str:
        question = form.question(issue.question_id)
        where = form.section_of(issue.question_id).title.get(lang)
        group = form.group_of(issue.question_id)
        if group is not None and group.item_label is not None and issue.item_index is not None:
            where += " · " + group.item_label.format(lang, n=issue.item_index + 1)
        link = question_link(issue.question_id, issue.item_index)
        label = html.escape(question.label.get(lang))
        return f'{html.escape(where)}: <a href="{link}">{label}</a>'

    def _link_activated(self, url: QUrl) -> None:
        if url.scheme() == CONFLICT_SCHEME and self.case_id is not None:
            question_id, _sep, index = url.path().rpartition(":")
            if index.isdigit():
                self._resolve(question_id, int(index))
            return
        if url.scheme() != LINK_SCHEME or self.case_id is None:
            return
        question_id, _sep, item = url.path().rpartition(":")
        try:
            index = int(item)
        except ValueError:
            return
        self.question_requested.emit(self.case_id, question_id, index)
