"""`intake self-test`: proves that this installation (or frozen bundle) has everything it needs.

Headless, offline and self-contained: a throwaway vault in a temporary folder with the shipped
key derivation, the bundled forms and catalogs, the fictional demo case's packet built in memory,
and Qt's libraries, plugins and Spanish translations. One line per check; True only if all pass.
"""

from __future__ import annotations

import hashlib
import io
import os
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from intake_app import __version__, i18n, paths
from intake_app.domain.errors import AmparoError, WrongPassphrase
from intake_app.i18n import _, ngettext

PASSPHRASE = "self test lantern river cobalt meadow"  # a throwaway vault, deleted at the end
WRONG_PASSPHRASE = "self test lantern river cobalt meadoW"
PLAINTEXT_HEADER = b"SQLite format 3\x00"
QT_MODULES = ("QtCore", "QtGui", "QtWidgets", "QtPdf", "QtPdfWidgets", "QtPrintSupport")
PASS_MARK, FAIL_MARK = "✓", "✗"


class CheckFailed(Exception):
    """A check's finding, already worded for the person reading the output."""


@dataclass
class _State:
    """What the checks hand on to one another."""

    folder: Path
    vault: Path = field(init=False)
    session: Any = None
    case_id: str = ""
    packet: bytes = b""
    packet_pages: int = 0
    qt_app: Any = None

    def __post_init__(self) -> None:
        self.vault = self.folder / "self-test.vault"


def run_self_test(out: Callable[[str], None] | None = None) -> bool:
    """Run every check, print one line each and a verdict; True when all passed."""
    write = out or _printer()
    where = _("frozen bundle") if paths.is_frozen() else _("source tree")
    write(
        _("Amparo {version} self-test ({where}: {path})").format(
            version=__version__, where=where, path=paths.bundle_root()
        )
    )
    started = time.perf_counter()
    failures = 0
    # Fictional data only; a file Windows still holds open must not turn a verdict into a crash.
    with tempfile.TemporaryDirectory(prefix="amparo-self-test-", ignore_cleanup_errors=True) as tmp:
        state = _State(Path(tmp))
        try:
            for title, check in _checks():
                failures += not _run_one(title, check, state, write)
        finally:
            if state.session is not None:
                state.session.lock()
    seconds = time.perf_counter() - started
    total = len(_checks())
    if failures:
        write(
            ngettext(
                "{failed} of {total} checks failed ({seconds:.1f} s).",
                "{failed} of {total} checks failed ({seconds:.1f} s).",
                failures,
            ).format(failed=failures, total=total, seconds=seconds)
        )
    else:
        write(
            _("All {total} checks passed ({seconds:.1f} s).").format(total=total, seconds=seconds)
        )
    return failures == 0


def _printer() -> Callable[[str], None]:
    stream = sys.stdout
    if stream is None:  # a windowed Windows executable has no console: use amparo-cli there
        return lambda _line: None
    if hasattr(stream, "reconfigure"):
        # A console or pipe on a legacy code page cannot encode ✓; degrade rather than crash.
        stream.reconfigure(errors="replace")

    def write(line: str) -> None:
        print(line, file=stream, flush=True)

    return write


def _run_one(title: str, check: Callable[[_State], str], state: _State, write) -> bool:
    started = time.perf_counter()
    try:
        detail, ok = check(state), True
    except CheckFailed as exc:
        detail, ok = str(exc), False
    except AmparoError as exc:
        detail, ok = " ".join(filter(None, (_(exc.user_message), exc.detail))), False
    except Exception as exc:  # a self-test reports every failure rather than stopping at one
        detail, ok = f"{type(exc).__name__}: {exc}", False
    ms = (time.perf_counter() - started) * 1000
    mark = PASS_MARK if ok else FAIL_MARK
    write(f"{mark} {title}: {detail} ({ms:.0f} ms)")
    return ok


def _checks() -> list[tuple[str, Callable[[_State], str]]]:
    return [
        (_("Bundled data is present"), _check_data),
        (_("SQLCipher is built in"), _check_sqlcipher),
        (_("A new vault is created encrypted"), _check_create),
        (_("The vault opens with its passphrase"), _check_open),
        (_("A wrong passphrase is refused and changes no byte"), _check_wrong_passphrase),
        (_("Every form loads in every language"), _check_form_texts),
        (_("Forms, analysis rules and packet paragraphs are valid"), _check_definitions),
        (_("The interface is translated into Spanish"), _check_catalog),
        (_("The demo case's packet and take-home sheet build"), _check_packet),
        (_("A Word draft builds and seals with a password"), _check_docx),
        (_("Qt's libraries load"), _check_qt),
        (_("Qt's own Spanish translations are bundled"), _check_qt_translations),
        (_("QtPdf reads the packet"), _check_qt_pdf),
        (_("The application window builds"), _check_window),
    ]


# --- the checks: each returns a short detail or raises CheckFailed ---------------------------


def _check_data(state: _State) -> str:
    missing = [
        str(folder)
        for folder in (paths.forms_dir(), paths.translations_dir(), paths.resources_dir())
        if not folder.is_dir()
    ]
    if not paths.app_icon_path().is_file():
        missing.append(str(paths.app_icon_path()))
    if missing:
        raise CheckFailed(_("missing: {paths}").format(paths=", ".join(missing)))
    return _("forms, translations and resources found")


def _check_sqlcipher(state: _State) -> str:
    import sqlcipher3

    conn = sqlcipher3.connect(":memory:")
    try:
        row = conn.execute("PRAGMA cipher_version").fetchone()
    finally:
        conn.close()
    if not row or not row[0]:
        raise CheckFailed(_("the SQLite library has no encryption (cipher_version is empty)"))
    return f"SQLCipher {row[0]}"


def _check_create(state: _State) -> str:
    from intake_app.session import Session
    from intake_app.store import DEFAULT_KDF

    # The shipped Argon2id parameters, whatever the environment asks for: this is what a
    # clinic's laptop will run.
    session = Session(state.vault, kdf=DEFAULT_KDF)
    session.create_vault("Self-test", "admin", PASSPHRASE)
    session.lock()
    with state.vault.open("rb") as fh:
        header = fh.read(len(PLAINTEXT_HEADER))
    if header == PLAINTEXT_HEADER:
        raise CheckFailed(_("the vault file starts with a plaintext SQLite header"))
    return _("Argon2id {memory} MiB, {passes} passes").format(
        memory=DEFAULT_KDF.memory_kib // 1024, passes=DEFAULT_KDF.time_cost
    )


def _check_open(state: _State) -> str:
    from intake_app.session import Session

    if not state.vault.is_file():
        raise CheckFailed(_("not run: no vault was created"))
    session = Session(state.vault)
    session.unlock(PASSPHRASE)
    cases = session.cases.list()
    if cases:
        raise CheckFailed(_("a new vault should hold no case"))
    if session.integrity_problems():
        raise CheckFailed(_("the new vault fails SQLCipher's integrity check"))
    if session.audit_problems():
        raise CheckFailed(_("the new vault's audit log does not chain"))
    if session.people.problems():
        raise CheckFailed(_("the new vault's signed list of members does not verify"))
    state.session = session
    return _("unlocked; no cases; integrity check, audit chain and signed members clean")


def _check_wrong_passphrase(state: _State) -> str:
    from intake_app.session import Session

    if not state.vault.is_file():
        raise CheckFailed(_("not run: no vault was created"))
    # Another process's view of the files: the open session holds the vault's lock.
    before = _snapshot(state.folder)
    try:
        Session(state.vault).unlock(WRONG_PASSPHRASE)
    except WrongPassphrase:
        pass
    else:
        raise CheckFailed(_("a wrong passphrase opened the vault"))
    if _snapshot(state.folder) != before:
        raise CheckFailed(_("a refused passphrase changed the vault's files"))
    return _("refused; {count} files unchanged").format(count=len(before))


def _snapshot(folder: Path) -> dict[str, tuple[str, int, int]]:
    return {
        path.name: (
            hashlib.sha256(path.read_bytes()).hexdigest(),
            path.stat().st_size,
            path.stat().st_mtime_ns,
        )
        for path in sorted(folder.iterdir())
        # The wrong-passphrase count beside the vault is meant to change (session/throttle.py).
        if path.is_file() and not path.name.endswith(paths.TRIES_SUFFIX)
    }


def _check_form_texts(state: _State) -> str:
    from intake_app.forms import load_forms

    forms = load_forms(paths.forms_dir())
    if not forms:
        raise CheckFailed(_("no form found in {path}").format(path=paths.forms_dir()))
    count = 0
    problems: list[str] = []
    for form in forms.values():
        for language in i18n.SUPPORTED_LANGUAGES:
            if language not in form.languages:
                problems.append(f"{form.id}: {language}")
                continue
            for where, text in _texts(form):
                count += 1
                if not text.values.get(language, "").strip():
                    problems.append(f"{form.id} {where}: {language}")
    if problems:
        raise CheckFailed(_("texts missing: {where}").format(where=", ".join(problems[:5])))
    return ngettext(
        "{forms} form, {count} texts in {languages}",
        "{forms} forms, {count} texts in {languages}",
        len(forms),
    ).format(forms=len(forms), count=count, languages=" + ".join(i18n.SUPPORTED_LANGUAGES))


def _texts(form) -> list[tuple[str, Any]]:
    found = [("title", form.title)]
    for section in form.sections:
        found.append((section.id, section.title))
    for question in form.questions():
        found.append((question.id, question.label))
        found += [(f"{question.id}.{choice.id}", choice.label) for choice in question.choices]
    return found


def _check_definitions(state: _State) -> str:
    from intake_app.definitions import check_all

    errors, _summary = check_all()  # what `intake forms check` runs
    if errors:
        raise CheckFailed("; ".join(errors[:3]))
    return _("no errors")


def _check_catalog(state: _State) -> str:
    sample = "Passphrase: "
    if i18n.gettext_in("es", sample) == sample:
        raise CheckFailed(
            _("the Spanish catalog is missing from {path}").format(path=paths.translations_dir())
        )
    return f"{sample.strip()} → {i18n.gettext_in('es', sample).strip()}"


def _check_packet(state: _State) -> str:
    from pypdf import PdfReader

    from intake_app.demo import DEMO_CASE, DEMO_CLINIC

    if state.session is None:
        raise CheckFailed(_("not run: the vault did not open"))
    session = state.session
    state.case_id = session.cases.import_file(paths.resources_dir() / "demo" / DEMO_CASE)
    session.packets.set_clinic_profile(DEMO_CLINIC)
    packet = session.packets.build(state.case_id)
    pages = []
    for pdf in (packet, session.packets.build_take_home(state.case_id)):
        if not pdf.startswith(b"%PDF-"):
            raise CheckFailed(_("the PDF does not start with %PDF-"))
        count = len(PdfReader(io.BytesIO(pdf)).pages)
        if count < 1:
            raise CheckFailed(_("a PDF has no pages"))
        pages.append(count)
    state.packet, state.packet_pages = packet, pages[0]
    return _("packet {packet} pages, take-home sheet {sheet} pages").format(
        packet=pages[0], sheet=pages[1]
    )


def _check_docx(state: _State) -> str:
    """python-docx's template and msoffcrypto must be in the bundle, or no draft can be made."""
    import docx

    from intake_app.packet import encrypt_docx

    if state.session is None or not state.case_id:
        raise CheckFailed(_("not run: the demo case did not build"))
    draft = state.session.packets.build_docx(state.case_id, "packet")
    paragraphs = len(docx.Document(io.BytesIO(draft or b"")).paragraphs)
    sealed = encrypt_docx(draft or b"", "self-test password")
    if paragraphs < 1 or not sealed.startswith(b"\xd0\xcf\x11\xe0"):
        raise CheckFailed(_("the Word draft is empty or was not sealed"))
    return _("{count} paragraphs").format(count=paragraphs)


def _check_qt(state: _State) -> str:
    import importlib

    # The check needs Qt's libraries and plugins, not a screen: draw offscreen unless told
    # otherwise (`QT_QPA_PLATFORM=xcb intake self-test` also checks the desktop plugin).
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    for name in QT_MODULES:
        importlib.import_module(f"PySide6.{name}")
    from PySide6 import __version__ as pyside_version
    from PySide6.QtWidgets import QApplication

    state.qt_app = QApplication.instance() or QApplication([sys.argv[0]])
    return _("PySide6 {version}, platform {platform}").format(
        version=pyside_version, platform=state.qt_app.platformName()
    )


def _check_qt_translations(state: _State) -> str:
    if state.qt_app is None:
        raise CheckFailed(_("not run: Qt did not load"))
    from PySide6.QtCore import QLibraryInfo

    from intake_app.app import install_qt_translator

    folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    # The same call the window makes when the volunteer switches to Spanish.
    translator = install_qt_translator(state.qt_app, "es")
    install_qt_translator(state.qt_app, "en")
    if translator is None:
        raise CheckFailed(_("qtbase_es.qm not found in {path}").format(path=folder))
    if paths.is_frozen() and not folder.resolve().is_relative_to(paths.bundle_root().parent):
        raise CheckFailed(
            _("Qt reads translations from outside the bundle: {path}").format(path=folder)
        )
    return str(Path(translator.filePath()).name)


def _check_qt_pdf(state: _State) -> str:
    if state.qt_app is None or not state.packet:
        raise CheckFailed(_("not run: Qt or the packet is missing"))
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtPdf import QPdfDocument

    data = QByteArray(state.packet)
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    document = QPdfDocument()
    document.load(buffer)
    deadline = time.monotonic() + 10
    while document.status() == QPdfDocument.Status.Loading and time.monotonic() < deadline:
        state.qt_app.processEvents()
    if document.status() != QPdfDocument.Status.Ready:
        raise CheckFailed(
            _("QtPdf could not read the packet ({status})").format(status=document.status().name)
        )
    pages = document.pageCount()
    image = document.render(0, document.pagePointSize(0).toSize())
    document.close()
    if pages != state.packet_pages or image.isNull():
        raise CheckFailed(
            _("QtPdf saw {pages} pages, pypdf {expected}").format(
                pages=pages, expected=state.packet_pages
            )
        )
    return _("{pages} pages; the first page renders").format(pages=pages)


def _check_window(state: _State) -> str:
    if state.qt_app is None:
        raise CheckFailed(_("not run: Qt did not load"))
    from intake_app.app import build_window
    from intake_app.session import Session

    # A second session on the same vault: the window opens on the unlock page, as on a laptop.
    window = build_window(Session(state.vault), state.qt_app)
    title = window.windowTitle()
    window.close()
    window.deleteLater()
    state.qt_app.processEvents()
    return _("window “{title}”").format(title=title)
