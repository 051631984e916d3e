"""The Spanish window speaks Spanish on every page, the packet step included: no English
sentence from the catalog, the form, the rules or the road files shows on any page."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator

from babel.messages.pofile import read_po
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QTableWidget,
    QTabWidget,
    QTextBrowser,
    QWidget,
)

from intake_app import i18n, paths
from intake_app.analysis import default_rules
from intake_app.app import install_qt_translator
from intake_app.forms.model import Text
from intake_app.session import Session
from intake_app.store import insecure_test_kdf
from intake_app.ui.main_window import MainWindow
from tests.ui.conftest import PASSPHRASE
from tests.ui.interview_driver import PERSONA

FRAGMENT = 14  # an English fragment this long showing in the Spanish window is English


def _catalog_messages() -> list[tuple[str, tuple[str, ...]]]:
    with open(paths.translations_dir() / "es" / "LC_MESSAGES" / "messages.po", "rb") as fh:
        catalog = read_po(fh)
    found = []
    for message in catalog:
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        found += [(msgid, strings) for msgid in ids if msgid and msgid not in strings]
    return found


def _catalog_english() -> set[str]:
    found: set[str] = set()
    for msgid, _strings in _catalog_messages():
        found |= _fragments(msgid)
    return found


def _short_english() -> set[str]:
    """Button-sized messages ("Next", "Save", "Cancel"): English when a text is exactly one."""
    return {_bare(msgid) for msgid, _s in _catalog_messages() if len(msgid) < FRAGMENT} - {""}


def _bare(text: str) -> str:
    return text.replace("&", "").strip(" ←→+…:.▸▾").strip()


def _texts_in(value, seen: set[int]) -> Iterator[Text]:
    if id(value) in seen or isinstance(value, (str, bytes, int, float, bool, type(None))):
        return
    seen.add(id(value))
    if isinstance(value, Text):
        yield value
    elif dataclasses.is_dataclass(value):
        for item in dataclasses.fields(value):
            yield from _texts_in(getattr(value, item.name, None), seen)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _texts_in(item, seen)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            yield from _texts_in(item, seen)


def _data_english(session: Session) -> set[str]:
    """English wording of the form and the rules that differs from (or lacks) Spanish."""
    found: set[str] = set()
    for text in _texts_in((session.form(), default_rules()), set()):
        english, spanish = text.values.get("en", ""), text.values.get("es")
        if english and english != spanish:
            found |= _fragments(english)
    return found


def _fragments(english: str) -> set[str]:
    """The fixed parts of a message long enough to be unmistakably English."""
    parts = re.split(r"\{[^}]*\}|%\([^)]*\)s|<[^>]+>|\n", english)
    return {p.strip() for p in parts if len(p.strip()) >= FRAGMENT and " " in p.strip()}


def _shown(root: QWidget) -> Iterator[tuple[str, str]]:
    for widget in [root, *root.findChildren(QWidget)]:
        if widget is not root and not widget.isVisibleTo(root):
            continue
        name = widget.objectName() or type(widget).__name__
        texts = [widget.toolTip(), widget.accessibleName(), widget.accessibleDescription()]
        if isinstance(widget, QLabel):
            texts.append(re.sub(r"<[^>]+>", " ", widget.text()))
        if isinstance(widget, QAbstractButton):
            texts.append(widget.text())
        if isinstance(widget, QGroupBox):
            texts.append(widget.title())
        if isinstance(widget, QComboBox):
            texts += [widget.itemText(i) for i in range(widget.count())]
        if isinstance(widget, QTextBrowser):
            texts.append(widget.toPlainText())
        if isinstance(widget, (QLineEdit, QPlainTextEdit)):
            texts.append(widget.placeholderText())
        if isinstance(widget, QListWidget):
            texts += [widget.item(i).text() for i in range(widget.count())]
        if isinstance(widget, QTableWidget):
            texts += [
                widget.horizontalHeaderItem(c).text()
                for c in range(widget.columnCount())
                if widget.horizontalHeaderItem(c) is not None
            ]
        if isinstance(widget, QTabWidget):
            texts += [widget.tabText(i) for i in range(widget.count())]
        for text in texts:
            if text:
                yield name, " ".join(text.split())


def test_no_english_on_any_page_of_the_spanish_window(qtbot, tmp_path):
    session = Session(tmp_path / "es.vault", kdf=insecure_test_kdf(), sleep=lambda _s: None)
    session.create_vault("Ana Abogada", "attorney", PASSPHRASE)
    case_id = session.cases.import_file(PERSONA)
    english = _catalog_english() | _data_english(session)
    # Words the same in both languages ("No", "Total", "Error"…) are not English.
    SHORT.clear()
    SHORT.update(
        _short_english() - {_bare(s) for _m, strings in _catalog_messages() for s in strings}
    )
    i18n.set_language("es")
    # As the app does: Qt's own stock buttons (Cancel, OK) from Qt's Spanish catalog.
    install_qt_translator(QApplication.instance(), "es")
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    window.show_cases()
    window.open_case(case_id)
    interview = window.interview_page
    found: dict[str, str] = {}
    for index in range(len(interview.form.sections)):
        interview.show_section(index)
        found.update(_english_on(interview, english, f"sección {index}"))
    window.show_review(case_id)
    found.update(_english_on(window.review_page, english, "revisión"))
    window.review_page.packet_button.click()
    packet = window.packet_page
    assert packet.wait_for_build()
    qtbot.waitUntil(lambda: packet.refresh_button.isEnabled(), timeout=20_000)
    found.update(_english_on(packet, english, "paquete"))
    window.show_documents(case_id)
    found.update(_english_on(window.documents_page, english, "documentos"))
    window.show_cases()
    found.update(_english_on(window.stack.currentWidget(), english, "casos"))
    found.update(_english_on(window.menuBar(), english, "menú"))
    for menu in window.menuBar().findChildren(QWidget):
        for action in getattr(menu, "actions", lambda: [])():
            if _bare(action.text()) in SHORT:
                found[f"menú: {action.text()}"] = _bare(action.text())
            for fragment in english:
                if fragment in action.text().replace("&", ""):
                    found[f"menú: {action.text()}"] = fragment
    from intake_app.ui.passphrase_dialog import ChangePassphraseDialog
    from intake_app.ui.settings_dialog import SettingsDialog

    for dialog in (SettingsDialog(session, window), ChangePassphraseDialog(session, window)):
        qtbot.addWidget(dialog)
        dialog.show()
        found.update(_english_on(dialog, english, dialog.objectName() or "diálogo"))
        dialog.close()
    # The same look in English finds English on the same pages: the search itself works.
    i18n.set_language("en")
    install_qt_translator(QApplication.instance(), "en")
    window.retranslate()
    window.show_review(case_id)
    control = _english_on(window.review_page, english, "review")
    session.lock()
    assert found == {}, "\n".join(f"{k}  ←  {v}" for k, v in sorted(found.items()))
    assert len(control) >= 2, control
    print(
        f"\nSpanish window: {len(english)} English fragments looked for on every page "
        f"({SCANNED[0]} texts), 0 found; the same search in English found {len(control)}"
    )


SCANNED = [0]


SHORT: set[str] = set()


def _english_on(root: QWidget, english: set[str], page: str) -> dict[str, str]:
    found = {}
    for name, text in _shown(root):
        SCANNED[0] += 1
        if _bare(text) in SHORT:
            found[f"{page}: {name}: {text[:90]}"] = _bare(text)
        for fragment in english:
            if fragment in text:
                found[f"{page}: {name}: {text[:90]}"] = fragment
    return found
