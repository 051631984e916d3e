"""Help: the volunteer's guide in the window's language, keyboard shortcuts, and what Amparo is."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from intake_app import __version__, i18n, paths
from intake_app.i18n import _

GUIDES = {"en": "volunteer-guide.md", "es": "guia-voluntario.md"}
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\.md\)")


def guide_text(language: str) -> str:
    """The guide as Markdown without its pictures (they live beside the repository's copy) and
    without links to the other language's file; empty when the guide is not installed."""
    path = paths.bundle_root() / "docs" / GUIDES.get(language, GUIDES["en"])
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return ""
    return _LINK.sub(r"\1", _IMAGE.sub("", text))


class GuideDialog(QDialog):
    """The volunteer's guide, readable at the table without leaving the app."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("guide_dialog")
        self.setWindowTitle(_("Volunteer guide"))
        self.resize(760, 640)
        self.browser = QTextBrowser()
        self.browser.setObjectName("guide_text")
        self.browser.setOpenLinks(False)  # nothing opens a browser: Amparo works offline
        self.browser.setAccessibleName(_("Volunteer guide"))
        text = guide_text(i18n.current_language())
        if text:
            self.browser.setMarkdown(text)
        else:
            self.browser.setPlainText(_("The guide is not installed with this copy of Amparo."))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        column = QVBoxLayout(self)
        column.addWidget(self.browser, 1)
        column.addWidget(buttons)


def shortcuts_html() -> str:
    """The keys that matter at the table, as a small table."""
    import html

    rows = [
        ("Ctrl+L", _("Lock the vault")),
        ("Alt+→ / Alt+←", _("Next or previous section of the interview")),
        ("Enter", _("Next question")),
        ("Ctrl+Enter", _("Next question, from a long answer")),
        ("Tab / Shift+Tab", _("Next or previous field")),
    ]
    cells = "".join(
        f"<tr><td><b>{html.escape(keys)}</b>&nbsp;&nbsp;</td><td>{html.escape(what)}</td></tr>"
        for keys, what in rows
    )
    return f"<table>{cells}</table>"


def about_text() -> str:
    return _(
        "Amparo {version}. Interviews for humanitarian release from immigration detention, kept "
        "encrypted on this computer and never sent anywhere. The documents it drafts are for an "
        "attorney or accredited representative to review and sign; they are not legal advice."
    ).format(version=__version__)
