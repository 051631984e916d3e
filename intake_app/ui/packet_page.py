"""The packet step: an in-memory preview, counsel's choices and sign-off, export and print."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt, Signal
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from intake_app.domain import permissions
from intake_app.domain.errors import AmparoError
from intake_app.i18n import _, current_language, format_date, ngettext
from intake_app.session import Session
from intake_app.ui.interview.choice_fields import ChoiceText
from intake_app.ui.print_job import PrintJob
from intake_app.ui.runner import BackgroundRunner
from intake_app.ui.widgets import AnnouncedLabel, heading, page_top_bar

# A road's entry in the preview list: "road:bond_motion".
ROAD_PREFIX = "road:"
# The outputs a case has, in the order the preview offers them: (id, file name stem).
OUTPUTS = (
    ("packet", "packet"),
    ("review", "counsel-review"),
    ("physician_letters", "physician-letters"),
    ("take_home", "take-home"),
)


def _choice_box(text: str) -> QCheckBox:
    """A choice whose long title (a legal basis, a road) wraps beside its check box rather
    than widening the controls column past the window or being cut off. The box sits in
    `check.holder` (what the layout holds); `check.words` shows the title."""
    check = QCheckBox()
    check.words = ChoiceText(check)
    check.holder = QWidget()
    row = QHBoxLayout(check.holder)
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(check, 0, Qt.AlignmentFlag.AlignTop)
    row.addWidget(check.words, 1)
    _set_choice_text(check, text)
    return check


def _set_choice_text(check: QCheckBox, text: str) -> None:
    check.words.setText(text)
    check.setAccessibleName(text)


def _discard(widget: QWidget) -> None:
    """Out of its layout now (not at the next event-loop turn), then deleted."""
    widget = getattr(widget, "holder", widget)
    widget.setParent(None)
    widget.deleteLater()


class PacketPage(QWidget):
    """Shows the case's packet as it would be sent; counsel chooses, reviews and exports."""

    closed = Signal()
    edit_paragraphs_requested = Signal(str)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.case_id: str | None = None
        self.pdf_bytes: bytes | None = None
        self._print_job: PrintJob | None = None
        self.runner = BackgroundRunner(self)
        self._generation = 0
        # The preview's bytes live in this buffer only: QtPdf reads them from memory.
        self._data = QByteArray()
        self._buffer = QBuffer(self._data, self)
        self.document = QPdfDocument(self)
        self.view = QPdfView()
        self.view.setObjectName("packet_preview")
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

        self.title = heading()
        self.case_label = QLabel()
        self.status = QLabel()
        self.status.setObjectName("packet_status")
        self.status.setWordWrap(True)
        self.message = AnnouncedLabel()
        self.notice = AnnouncedLabel(error=False)
        self.posture = QLabel()
        self.posture.setObjectName("packet_posture")
        self.posture.setWordWrap(True)
        # The letters' letterhead comes from the clinic profile; until it is filled in they
        # go out without the clinic's name, address or bar number.
        self.profile_hint = AnnouncedLabel(error=False)
        self.profile_hint.setObjectName("packet_profile_hint")
        self.output_choice = QComboBox()
        self.output_choice.setObjectName("packet_output")
        # A long title (a road's) must not widen the controls column past the window.
        self.output_choice.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.output_choice.setMinimumContentsLength(24)
        self.output_label = QLabel()
        self.output_label.setBuddy(self.output_choice)
        # The other roads out of detention: which fit, what each still lacks, and why not.
        self.roads_box = QGroupBox()
        self.roads_label = QLabel()
        self.roads_label.setObjectName("packet_roads")
        self.roads_label.setWordWrap(True)
        self.roads_label.setTextFormat(Qt.TextFormat.RichText)
        roads_layout = QVBoxLayout(self.roads_box)
        roads_layout.addWidget(self.roads_label)
        self.taking_label = QLabel()
        self.taking_label.setWordWrap(True)
        roads_layout.addWidget(self.taking_label)
        self.roads_checks_layout = QVBoxLayout()
        roads_layout.addLayout(self.roads_checks_layout)
        self.road_checks: dict[str, QCheckBox] = {}
        self.roads: list = []
        self.format_choice = QComboBox()
        self.format_choice.setObjectName("packet_format")
        self.format_label = QLabel()
        self.format_label.setBuddy(self.format_choice)
        self.bases_box = QGroupBox()
        self.bases_layout = QVBoxLayout(self.bases_box)
        self.basis_checks: dict[str, QCheckBox] = {}
        self.relief_box = QGroupBox()
        self.relief_layout = QVBoxLayout(self.relief_box)
        self.relief_checks: dict[str, QCheckBox] = {}
        self.pro_se = QCheckBox()
        self.pro_se.setObjectName("packet_pro_se")
        self.counsel_only = QLabel()
        self.counsel_only.setWordWrap(True)
        self.refresh_button = self._button("packet_refresh", self.refresh)
        self.review_button = self._button("packet_mark_reviewed", self.mark_reviewed)
        self.edit_button = self._button(
            "packet_edit_paragraphs",
            lambda: self.case_id and self.edit_paragraphs_requested.emit(self.case_id),
        )
        self.export_button = self._button("packet_export", self.export_packet)
        self.review_export_button = self._button("packet_export_review", self.export_review)
        self.letters_button = self._button("packet_physician_letters", self.export_letters)
        self.take_home_button = self._button("packet_take_home", self.export_take_home)
        self.export_shown_button = self._button("packet_export_shown", self.export_shown)
        self.print_button = self._button("packet_print", self.print_packet)
        self.back_button = self._button("packet_back", self.closed.emit)

        controls = QWidget()
        column = QVBoxLayout(controls)
        column.addWidget(self.status)
        column.addWidget(self.posture)
        column.addWidget(self.profile_hint)
        column.addWidget(self.output_label)
        column.addWidget(self.output_choice)
        column.addWidget(self.format_label)
        column.addWidget(self.format_choice)
        column.addWidget(self.export_shown_button)
        column.addWidget(self.roads_box)
        column.addWidget(self.bases_box)
        column.addWidget(self.relief_box)
        column.addWidget(self.pro_se)
        column.addWidget(self.counsel_only)
        for button in (
            self.refresh_button,
            self.edit_button,
            self.review_button,
            self.export_button,
            self.review_export_button,
            self.letters_button,
            self.take_home_button,
            self.print_button,
        ):
            column.addWidget(button)
        column.addWidget(self.message)
        column.addWidget(self.notice)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(controls)
        scroll.setWidgetResizable(True)
        scroll.setMinimumWidth(400)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        splitter = QSplitter()
        splitter.addWidget(scroll)
        splitter.addWidget(self.view)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([420, 860])

        top = page_top_bar(self.title, self.case_label, self.back_button)
        outer = QVBoxLayout(self)
        outer.addLayout(top)
        outer.addWidget(splitter, 1)
        self.pro_se.toggled.connect(self._pro_se_changed)
        self.output_choice.currentIndexChanged.connect(lambda _index: self.refresh())
        self.retranslate()

    def _button(self, name: str, slot) -> QPushButton:
        button = QPushButton()
        button.setObjectName(name)
        button.clicked.connect(lambda _checked=False: slot())
        return button

    # --- state ---------------------------------------------------------------------------

    @property
    def is_counsel(self) -> bool:
        return self.session.can(permissions.REVIEW_PACKET)

    def show_case(self, case_id: str) -> None:
        self.case_id = case_id
        self.case_label.setText(_("Case {case}").format(case=case_id))
        self.message.clear_message()
        self.notice.clear_message()
        self._fill_controls()
        self.refresh()

    def _fill_controls(self) -> None:
        assert self.case_id is not None
        for check in (*self.basis_checks.values(), *self.relief_checks.values()):
            _discard(check)
        self.basis_checks.clear()
        self.relief_checks.clear()
        inputs = self.session.packets.inputs(self.case_id)
        chosen = set(inputs.legal_bases) if inputs.legal_bases is not None else None
        lang = current_language()
        posture = inputs.analysis.posture
        if str(inputs.clinic.get("name") or "").strip():
            self.profile_hint.clear_message()
        else:
            self.profile_hint.announce(
                _(
                    "The letters have no letterhead yet: an attorney or an administrator fills "
                    "in the clinic's name, address and contact in File › Settings."
                )
            )
        self.posture.setText(
            _("Custody posture: {posture}").format(posture=posture.title_in(lang))
            if posture is not None
            else ""
        )
        for entry in inputs.analysis.legal_bases:
            check = _choice_box(entry.title_in(lang))
            check.setToolTip(f"{entry.title_in(lang)}\n\n{entry.explanation_in(lang)}")
            check.setObjectName(f"basis.{entry.id}")
            check.setChecked(chosen is None or entry.id in chosen)
            check.setEnabled(self.is_counsel)
            check.toggled.connect(lambda _on=False: self._bases_changed())
            self.bases_layout.addWidget(check.holder)
            self.basis_checks[entry.id] = check
        for entry in inputs.analysis.relief:
            check = _choice_box(entry.title_in(lang))
            check.setToolTip(f"{entry.title_in(lang)}\n\n{entry.explanation_in(lang)}")
            check.setObjectName(f"relief.{entry.id}")
            check.setChecked(entry.id in inputs.relief)
            check.setEnabled(self.is_counsel)
            check.toggled.connect(lambda _on=False: self._relief_changed())
            self.relief_layout.addWidget(check.holder)
            self.relief_checks[entry.id] = check
        self.relief_box.setVisible(bool(self.relief_checks))
        self.pro_se.blockSignals(True)
        self.pro_se.setChecked(inputs.pro_se)
        self.pro_se.blockSignals(False)
        for widget in (
            self.pro_se,
            self.review_button,
            self.export_button,
            self.review_export_button,
            self.edit_button,
        ):
            widget.setEnabled(self.is_counsel)
        self.counsel_only.setVisible(not self.is_counsel)
        self._fill_roads()
        self._show_status()

    def _fill_roads(self) -> None:
        """The roads this case's posture opens join the preview list; all are explained."""
        assert self.case_id is not None
        self.roads = self.session.packets.roads(self.case_id)
        for check in self.road_checks.values():
            _discard(check)
        self.road_checks.clear()
        taking = set(self.session.packets.inputs(self.case_id).roads)
        for road in self.roads:
            if not road.available:
                continue
            check = _choice_box(road.title(current_language()))
            check.setObjectName(f"road.{road.id}")
            check.setChecked(road.id in taking)
            check.setEnabled(self.is_counsel)
            check.toggled.connect(lambda _on=False: self._roads_changed())
            self.roads_checks_layout.addWidget(check.holder)
            self.road_checks[road.id] = check
        self.taking_label.setVisible(bool(self.road_checks))
        self.retranslate()

    def _roads_changed(self) -> None:
        if self.case_id is None or not self.is_counsel:
            return
        chosen = [road for road, check in self.road_checks.items() if check.isChecked()]
        self.session.packets.choose_roads(self.case_id, chosen)
        if self.current_output() == "take_home":
            self.refresh()

    def _roads_html(self) -> str:
        import html

        lang = current_language()
        items = []
        for road in self.roads:
            title = html.escape(road.title(lang))
            if not road.available:
                why = html.escape(road.why_not(lang))
                items.append(f"<li><b>{title}</b>: " + _("does not fit — {why}").format(why=why))
                continue
            lacks = []
            if road.points:
                lacks.append(
                    ngettext(
                        "{n} point for counsel", "{n} points for counsel", len(road.points)
                    ).format(n=len(road.points))
                )
            if road.missing:
                lacks.append(
                    ngettext(
                        "{n} exhibit missing", "{n} exhibits missing", len(road.missing)
                    ).format(n=len(road.missing))
                )
            state = "; ".join(lacks) if lacks else _("nothing missing")
            audience = html.escape(road.audience(lang))
            items.append(f"<li><b>{title}</b> ({audience}): {html.escape(state)}</li>")
        return "<ul>" + "".join(items) + "</ul>" if items else ""

    def _show_status(self) -> None:
        if self.case_id is None:
            return
        review = self.session.packets.review_state(self.case_id)
        if review:
            when = review.get("at", "")[:10]
            try:
                import datetime as dt

                when = format_date(dt.date.fromisoformat(when))
            except ValueError:
                pass
            self.status.setText(
                _("Reviewed by {name} on {date}. The packet prints without the draft mark.").format(
                    name=review.get("by", ""), date=when
                )
            )
        else:
            self.status.setText(
                _(
                    "Draft — not reviewed by counsel. Every page carries that mark until an "
                    "attorney or accredited representative reviews the case."
                )
            )

    def _bases_changed(self) -> None:
        if self.case_id is None or not self.is_counsel:
            return
        chosen = [basis for basis, check in self.basis_checks.items() if check.isChecked()]
        self.session.packets.choose_legal_bases(self.case_id, chosen)
        self._show_status()
        self.refresh()

    def _relief_changed(self) -> None:
        if self.case_id is None or not self.is_counsel:
            return
        chosen = [relief for relief, check in self.relief_checks.items() if check.isChecked()]
        self.session.packets.choose_relief(self.case_id, chosen)
        self._show_status()
        self.refresh()

    def current_output(self) -> str:
        """Which output the preview shows: "packet", "review", "physician_letters", …"""
        return self.output_choice.currentData() or "packet"

    def _pro_se_changed(self, on: bool) -> None:
        if self.case_id is None or not self.is_counsel:
            return
        self.session.packets.set_pro_se(self.case_id, on)
        self._show_status()
        self.refresh()

    # --- building ------------------------------------------------------------------------

    def refresh(self) -> None:
        """Rebuild the preview off the GUI thread from a frozen copy of the case."""
        if self.case_id is None:
            return
        from intake_app.packet import (
            build_counsel_review,
            build_packet,
            build_physician_letters,
            build_take_home,
        )

        output = self.current_output()
        if output == "review" and not self.is_counsel:
            output = "packet"  # counsel's privileged review is not shown to volunteers
        if output.startswith(ROAD_PREFIX):
            from intake_app.packet.roads import build_road

            road_id = output[len(ROAD_PREFIX) :]

            def build(inputs):
                return build_road(inputs, road_id)
        else:
            build = {
                "packet": build_packet,
                "review": build_counsel_review,
                "physician_letters": build_physician_letters,
                "take_home": build_take_home,
            }[output]
        # Attached documents are copied into memory here, on the GUI thread that holds the
        # vault: the build below runs on another thread and must not touch the vault.
        inputs = self.session.packets.inputs(self.case_id, in_memory=output == "packet")
        self._generation += 1
        generation = self._generation
        self.refresh_button.setEnabled(False)
        self.notice.announce(_("Building the packet…"))
        self.runner.submit(
            lambda: build(inputs),
            lambda pdf: self._show_pdf(generation, pdf),
            self._failed,
        )

    def _show_pdf(self, generation: int, pdf: bytes | None) -> None:
        if generation != self._generation or self.case_id is None:
            return  # an older build finished after a newer one started, or the page was cleared
        self.refresh_button.setEnabled(True)
        if pdf is None:
            self.pdf_bytes = None
            self.document.close()
            self.notice.announce(_("No child has a medical condition: there are no letters."))
            return
        self.pdf_bytes = pdf
        self.document.close()
        self._buffer.close()
        self._data.clear()
        self._data.append(pdf)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document.load(self._buffer)
        self.notice.announce(
            _("Packet ready: {pages} pages.").format(pages=self.document.pageCount())
        )

    def _failed(self, exc: Exception) -> None:
        self.refresh_button.setEnabled(True)
        self.notice.clear_message()
        if isinstance(exc, AmparoError):
            self.message.announce(_(exc.user_message))
        else:
            self.message.announce(_("The packet could not be built. Nothing was lost."))

    def wait_for_build(self, msecs: int = 30_000) -> bool:
        """For tests and printing: let the background build finish."""
        return self.runner.wait(msecs)

    # --- counsel's actions ---------------------------------------------------------------

    def mark_reviewed(self) -> None:
        if self.case_id is None:
            return
        try:
            self.session.packets.mark_reviewed(self.case_id)
        except AmparoError as exc:
            self.message.announce(_(exc.user_message))
            return
        self._show_status()
        self.refresh()

    def export_packet(self) -> None:
        self._export_output("packet")

    def export_review(self) -> None:
        self._export_output("review")

    def export_letters(self) -> None:
        self._export_output("physician_letters")

    def export_take_home(self) -> None:
        self._export_output("take_home")

    def current_format(self) -> str:
        return self.format_choice.currentData() or "pdf"

    def export_shown(self) -> None:
        """Export what the preview shows, in the chosen format (Word drafts are counsel's)."""
        if self.case_id is None:
            return
        output, fmt = self.current_output(), self.current_format()
        if fmt == "pdf" and not output.startswith(ROAD_PREFIX):
            self._export_output(output)
            return
        try:
            if output.startswith(ROAD_PREFIX):
                road_id = output[len(ROAD_PREFIX) :]
                data = self.session.packets.build_road(self.case_id, road_id, fmt)
                stem = road_id.replace("_", "-")
            else:
                data = self.session.packets.build_docx(self.case_id, output)
                stem = dict(OUTPUTS)[output]
        except AmparoError as exc:
            self.message.announce(_(exc.user_message))
            return
        if data is None:
            self.message.announce(_("No child has a medical condition: there are no letters."))
            return
        self._export(data, f"{stem}-{self.case_id}.{fmt}", fmt)

    def _export_output(self, output: str) -> None:
        """Export one output, when the signed-in person may take it out of the app."""
        if self.case_id is None:
            return
        try:
            self.session.packets.require_output(self.case_id, output)
            build = {
                "packet": self.session.packets.build,
                "review": self.session.packets.build_counsel_review,
                "physician_letters": self.session.packets.build_physician_letters,
                "take_home": self.session.packets.build_take_home,
            }[output]
            pdf = build(self.case_id)
        except AmparoError as exc:
            self.message.announce(_(exc.user_message))
            return
        if pdf is None:
            self.message.announce(_("No child has a medical condition: there are no letters."))
            return
        stem = dict(OUTPUTS)[output]
        self._export(pdf, f"{stem}-{self.case_id}.pdf")

    def _export(self, data: bytes, suggested: str, fmt: str = "pdf") -> None:
        from intake_app.ui.export_dialog import ExportDialog

        dialog = ExportDialog(suggested, self, fmt)
        if not dialog.exec():
            return
        self.write_pdf(data, dialog.chosen_path(), dialog.chosen_password(), fmt)

    def write_pdf(self, pdf: bytes, path, password: str | None, fmt: str = "pdf") -> None:
        """Write the exported file (encrypted when a password is given) and say what happened."""
        if password:
            from intake_app.packet import encrypt_output

            pdf = encrypt_output(pdf, password, fmt)
        try:
            written = self.session.write_output(path, pdf)
        except AmparoError as exc:  # the vault's own file, a folder, a full disk…
            self.message.announce(_(exc.user_message))
            return
        # Where it went, in the window only (never a log): the volunteer must find it again.
        if password:
            self.notice.announce(
                _("Saved to {path}, encrypted with your password.").format(path=written)
            )
        else:
            self.notice.announce(
                _(
                    "Saved to {path} WITHOUT a password: anyone who finds this file can read it."
                ).format(path=written)
            )

    def print_packet(self) -> None:
        if self.pdf_bytes is None or self.case_id is None:
            return
        try:
            # Printing takes the previewed output out of the app, like an export.
            self.session.packets.require_output(self.case_id, self.current_output())
        except AmparoError as exc:
            self.message.announce(_(exc.user_message))
            return
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        # Screen resolution to begin with; the job sets 300 dpi, enough for any letter.
        printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec():
            self.print_to(printer)

    def print_to(self, printer) -> PrintJob:
        """Print the previewed document a page per turn of the event loop, with progress and
        Cancel (ui/print_job.py); the print button waits until the job ends."""
        job = PrintJob(self.document, printer, self)
        self.print_button.setEnabled(False)
        job.finished.connect(self._printed)
        self._print_job = job
        job.start()
        return job

    def _printed(self, done: bool) -> None:
        self.print_button.setEnabled(True)
        self._print_job = None
        if done:
            self.notice.announce(_("Sent to the printer."))
        else:
            self.notice.announce(_("Printing was cancelled."))

    # --- language and privacy ------------------------------------------------------------

    def retranslate(self) -> None:
        self.title.setText(_("Packet"))
        if self.case_id:
            self.case_label.setText(_("Case {case}").format(case=self.case_id))
        self.bases_box.setTitle(_("Legal bases argued in the letter"))
        self.relief_box.setTitle(_("Possible relief argued in the letter (only if chosen)"))
        self.output_label.setText(_("Show:"))
        names = {
            "packet": _("Packet for ICE"),
            "review": _("Counsel review (privileged)"),
            "physician_letters": _("Letters to treating physicians"),
            "take_home": _("Family take-home sheet"),
        }
        current = self.output_choice.currentData()
        self.output_choice.blockSignals(True)
        self.output_choice.clear()
        for output, _stem in OUTPUTS:
            self.output_choice.addItem(names[output], output)
        lang = current_language()
        for road in self.roads:
            if road.available:
                self.output_choice.addItem(road.title(lang), ROAD_PREFIX + road.id)
        index = self.output_choice.findData(current) if current else 0
        self.output_choice.setCurrentIndex(max(index, 0))
        self.output_choice.blockSignals(False)
        self.output_choice.setAccessibleName(_("Output to preview"))
        self.roads_box.setTitle(_("Other roads out of detention"))
        self.roads_label.setText(self._roads_html())
        self.roads_label.setAccessibleName(_("Other roads out of detention"))
        self.taking_label.setText(
            _("Roads counsel is taking (the family’s sheet explains each one):")
        )
        for road in self.roads:
            if road.id in self.road_checks:
                _set_choice_text(self.road_checks[road.id], road.title(lang))
        self.format_label.setText(_("Format:"))
        chosen = self.format_choice.currentData() or "pdf"
        self.format_choice.blockSignals(True)
        self.format_choice.clear()
        self.format_choice.addItem(_("PDF"), "pdf")
        if self.is_counsel:  # an editable draft is counsel's alone
            self.format_choice.addItem(_("Word document to edit (.docx)"), "docx")
        self.format_choice.setCurrentIndex(max(self.format_choice.findData(chosen), 0))
        self.format_choice.blockSignals(False)
        self.format_choice.setAccessibleName(_("Export format"))
        self.export_shown_button.setText(_("Export what is shown…"))
        self.pro_se.setText(_("The detained person signs (pro se, first person)"))
        self.counsel_only.setText(
            _(
                "Only an attorney or accredited representative can choose the legal bases, edit "
                "the letter, mark the case reviewed, see the counsel review and export the "
                "packet. The physician letters carry counsel's name: they can be exported once "
                "counsel has reviewed the case."
            )
        )
        self.refresh_button.setText(_("Refresh preview"))
        self.edit_button.setText(_("Edit paragraphs…"))
        self.review_button.setText(_("Mark reviewed by counsel"))
        self.export_button.setText(_("Export packet for ICE…"))
        self.review_export_button.setText(_("Export counsel review…"))
        self.letters_button.setText(_("Export physician letters…"))
        self.take_home_button.setText(_("Export the family's take-home sheet…"))
        self.print_button.setText(_("Print…"))
        self.back_button.setText(_("← Back to the review"))
        self.view.setAccessibleName(_("Packet preview"))
        self._show_status()

    def clear(self) -> None:
        """Forget the case: the preview, its bytes and every choice shown."""
        self._generation += 1
        self.case_id = None
        self.pdf_bytes = None
        self.document.close()
        self._buffer.close()
        self._data.clear()
        for check in (*self.basis_checks.values(), *self.relief_checks.values()):
            _discard(check)
        self.basis_checks.clear()
        self.relief_checks.clear()
        self.status.clear()
        self.posture.clear()
        self.profile_hint.clear_message()
        self.roads = []
        self.roads_label.clear()
        for check in self.road_checks.values():
            _discard(check)
        self.road_checks.clear()
        self.case_label.clear()
        self.message.clear_message()
        self.notice.clear_message()
