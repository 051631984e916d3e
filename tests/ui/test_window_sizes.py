"""At 1366×768 and 1024×768, not maximised, in English and in Spanish: no interview section
and not the packet step scrolls sideways, and no label or button is cut off (long answers
wrap; a button's own text never does)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QAbstractButton, QAbstractScrollArea, QLabel, QWidget

from intake_app import i18n
from intake_app.session import Session
from intake_app.store import insecure_test_kdf
from intake_app.ui.main_window import MainWindow
from tests.ui.conftest import PASSPHRASE
from tests.ui.interview_driver import PERSONA

SIZES = ((1366, 768), (1024, 768))


def cut_off(root: QWidget) -> list[str]:
    """Visible labels that do not wrap and buttons narrower than their text needs, and
    scroll areas that scroll sideways."""
    found = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisibleTo(root):
            continue
        name = widget.objectName() or type(widget).__name__
        short = widget.width() + 1 < widget.sizeHint().width()
        if isinstance(widget, QLabel) and not widget.wordWrap() and widget.text() and short:
            found.append(f"label {name}: {widget.text()[:50]!r}")
        elif isinstance(widget, QAbstractButton) and widget.text() and short:
            found.append(f"button {name}: {widget.text()[:50]!r}")
        elif isinstance(widget, QAbstractScrollArea):
            bar = widget.horizontalScrollBar()
            if bar.maximum() > 0 and bar.isVisible():
                found.append(f"scrolls sideways: {name}")
    return found


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_section_and_the_packet_step_fit_without_sideways_scrolling(
    qtbot, tmp_path, language
):
    session = Session(tmp_path / "s.vault", kdf=insecure_test_kdf(), sleep=lambda _s: None)
    session.create_vault("Ana Abogada", "attorney", PASSPHRASE)
    case_id = session.cases.import_file(PERSONA)
    i18n.set_language(language)
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.show()
    problems = []
    checked = 0
    for width, height in SIZES:
        window.resize(width, height)
        window.open_case(case_id)
        page = window.interview_page
        for index, section in enumerate(page.form.sections):
            page.show_section(index)
            qtbot.wait(1)
            problems += [f"{width}×{height} {section.id}: {p}" for p in cut_off(page)]
            checked += 1
        window.show_review(case_id)
        window.review_page.packet_button.click()
        packet = window.packet_page
        assert packet.wait_for_build()
        qtbot.waitUntil(lambda p=packet: p.refresh_button.isEnabled(), timeout=20_000)
        problems += [f"{width}×{height} packet: {p}" for p in cut_off(packet)]
        checked += 1
    session.lock()
    assert problems == [], "\n".join(problems)
    print(f"\nwindow sizes ({language}): {checked} pages at {len(SIZES)} sizes, 0 cut off")
