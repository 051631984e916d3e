"""The command line (`intake …`): the GUI by default, and every scriptable task on the session."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable
from pathlib import Path

from intake_app import __version__, i18n
from intake_app.domain import permissions
from intake_app.domain.errors import AmparoError, PassphraseRejected
from intake_app.domain.records import CASE_STATUSES
from intake_app.i18n import _
from intake_app.session import Session

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    i18n.set_language(getattr(args, "lang", None) or _language_from_environment())
    handler: Callable[[argparse.Namespace], int] = getattr(args, "handler", _gui)
    try:
        return handler(args)
    except AmparoError as exc:
        _error(_(exc.user_message), exc.detail if _shows_detail(exc) else "")
        return EXIT_ERROR
    except KeyboardInterrupt:
        return EXIT_ERROR


def _shows_detail(exc: AmparoError) -> bool:
    # Case-file details name a path and a reason the person can act on; vault details are
    # internal (SQLite wording) and would only confuse.
    from intake_app.domain.errors import CaseFileError

    return isinstance(exc, CaseFileError)


def _error(message: str, detail: str = "") -> None:
    print(_("Error: {message}").format(message=message), file=sys.stderr)
    if detail:
        print(f"  {detail}", file=sys.stderr)


def _language_from_environment() -> str:
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        if value:
            return "es" if value.lower().startswith("es") else "en"
    return "en"


def _parser() -> argparse.ArgumentParser:
    # Shared options are accepted before or after the command (`intake forms show --lang es`).
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--vault",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="vault file (default: $INTAKE_VAULT or the user data directory)",
    )
    common.add_argument(
        "--lang",
        choices=i18n.SUPPORTED_LANGUAGES,
        default=argparse.SUPPRESS,
        help="language of messages and outlines",
    )
    parser = argparse.ArgumentParser(
        prog="intake",
        parents=[common],
        description="Amparo: encrypted, bilingual intake for humanitarian-release requests.",
    )
    parser.add_argument("--version", action="version", version=f"Amparo {__version__}")
    sub = parser.add_subparsers(metavar="COMMAND")

    def add(name: str, handler: Callable, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text, parents=[common])
        p.set_defaults(handler=handler)
        return p

    p = add("gui", _gui, "start the application window (the default)")
    p.add_argument(
        "--exit-after-show",
        action="store_true",
        help="quit as soon as the first window is shown (start-up benchmark and bundle check)",
    )

    add("self-test", _self_test, "check that this installation or bundle has all it needs")

    p = add("init", _init, "create a new vault with its first person")
    p.add_argument("--name", help="first person's display name")
    p.add_argument(
        "--role",
        choices=("admin", "attorney", "accredited_representative", "volunteer"),
        default="admin",
    )
    _passphrase_option(p)

    p = add("cases", _cases, "list the cases in the vault")
    _passphrase_option(p)

    p = add("import", _import, "import a case from an amparo-case JSON file")
    p.add_argument("file", type=Path)
    _passphrase_option(p)

    p = add("export", _export, "export a case as PLAINTEXT JSON (needs --plaintext)")
    p.add_argument("case")
    p.add_argument("--out", type=Path, required=True)
    p.add_argument(
        "--plaintext",
        action="store_true",
        help="confirm that you understand the file will not be encrypted",
    )
    _passphrase_option(p)

    p = add("analyze", _analyze, "print a case's factors, findings, red flags and bases")
    p.add_argument("case")
    _passphrase_option(p)

    p = add("status", _status, "set a case's status (submitted and decided cases are closed)")
    p.add_argument("case")
    p.add_argument("status", choices=CASE_STATUSES)
    _passphrase_option(p)

    p = add(
        "passphrase",
        _passphrase,
        "change your own passphrase (with --passphrase-stdin: current, new, new again)",
    )
    _passphrase_option(p)

    p = add("roads", _roads, "list the other roads out of detention that fit a case")
    p.add_argument("case")
    _passphrase_option(p)

    p = add("road", _road, "build one road's document (e.g. bond_motion) for counsel")
    p.add_argument("case")
    p.add_argument("road", help="the road's id, as `intake roads` lists it")
    p.add_argument("--out", type=Path, required=True, help="where to write it")
    p.add_argument("--format", choices=("pdf", "docx"), default="pdf")
    p.add_argument(
        "--password-stdin",
        action="store_true",
        help="encrypt the file with a password read from standard input (the line after the "
        "passphrase when --passphrase-stdin is also given)",
    )
    _passphrase_option(p)

    p = add("packet", _packet, "build a case's request packet (PDF) for attorney review")
    p.add_argument("case")
    p.add_argument(
        "--out", type=Path, required=True, help="where to write the packet for ICE (PDF)"
    )
    p.add_argument(
        "--take-home",
        type=Path,
        metavar="FILE",
        help="also write the family's take-home sheet (in the interview language) here",
    )
    p.add_argument(
        "--review",
        type=Path,
        metavar="FILE",
        help="also write counsel's privileged review of the case here (never filed)",
    )
    p.add_argument(
        "--physician-letters",
        type=Path,
        metavar="FILE",
        help="also write the letters to the sick children's treating physicians here",
    )
    p.add_argument(
        "--format",
        choices=("pdf", "docx"),
        default="pdf",
        help="pdf (default) or docx: Word drafts counsel can edit (attached documents are "
        "listed in the index, not bound in)",
    )
    p.add_argument(
        "--password-stdin",
        action="store_true",
        help="encrypt the files with a password read from standard input (the line after the "
        "passphrase when --passphrase-stdin is also given)",
    )
    _passphrase_option(p)

    from intake_app.cli_documents import add_commands as add_document_commands

    add_document_commands(add, _passphrase_option)

    from intake_app.cli_vault import add_commands as add_vault_commands

    add_vault_commands(add, _passphrase_option)

    p = add("demo", _demo, "write a throwaway vault with a fictional case to a folder")
    p.add_argument("--out", type=Path, required=True)

    p = add("forms", _forms_help, "check or show the questionnaires")
    forms_sub = p.add_subparsers(metavar="ACTION")
    fc = forms_sub.add_parser(
        "check", help="load every form in every language; list errors", parents=[common]
    )
    fc.set_defaults(handler=_forms_check)
    fs = forms_sub.add_parser("show", help="print the questionnaire outline", parents=[common])
    fs.add_argument("--form", default=None)
    fs.set_defaults(handler=_forms_show)
    return parser


def _passphrase_option(p: argparse.ArgumentParser, second: str | None = None) -> None:
    text = "read the passphrase from the first line of standard input"
    if second:
        text += f" (and {second} from the next line)"
    p.add_argument("--passphrase-stdin", action="store_true", help=text)


def _read_passphrase(args: argparse.Namespace, prompt: str) -> str:
    if args.passphrase_stdin:
        line = sys.stdin.readline()
        return line[:-1] if line.endswith("\n") else line
    return getpass.getpass(prompt)


def _session(args: argparse.Namespace) -> Session:
    return Session(getattr(args, "vault", None))


def _unlocked(args: argparse.Namespace) -> Session:
    session = _session(args)
    session.unlock(_read_passphrase(args, _("Passphrase: ")))
    return session


# --- commands ------------------------------------------------------------------------------


def _gui(args: argparse.Namespace) -> int:
    if not _has_display():
        print(
            _(
                "No display was found, so the window cannot open here. "
                "Run `make demo` to see what Amparo produces, or run it on a desktop."
            ),
            file=sys.stderr,
        )
        return EXIT_ERROR
    from intake_app.app import run_gui

    return run_gui(
        getattr(args, "vault", None),
        exit_after_show=getattr(args, "exit_after_show", False),
        # `--lang` wins; otherwise the language chosen in Settings on this computer.
        use_saved_language=getattr(args, "lang", None) is None,
    )


def _self_test(args: argparse.Namespace) -> int:
    from intake_app.self_test import run_self_test

    return EXIT_OK if run_self_test() else EXIT_ERROR


def _has_display() -> bool:
    if sys.platform in ("win32", "darwin"):
        return True
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform in ("offscreen", "minimal", "vnc") or platform.startswith("eglfs"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _init(args: argparse.Namespace) -> int:
    session = _session(args)
    name = args.name
    if not name:
        if args.passphrase_stdin:
            _error(_("--name is required with --passphrase-stdin."))
            return EXIT_USAGE
        name = input(_("Your name (shown in the audit log): ")).strip()
    passphrase = _read_passphrase(args, _("New passphrase (at least 15 characters): "))
    if not args.passphrase_stdin:
        again = getpass.getpass(_("Repeat the passphrase: "))
        if again != passphrase:
            _error(_("The two passphrases differ; nothing was created."))
            return EXIT_ERROR
    from intake_app.cli_vault import ROLE_CHOICES

    role, title = ROLE_CHOICES[args.role]
    try:
        session.create_vault(name, role, passphrase, title)
    except PassphraseRejected as exc:
        _error(
            _("That passphrase cannot be used: {reasons}").format(
                reasons=", ".join(_passphrase_problem(code) for code in exc.detail.split(","))
            )
        )
        return EXIT_ERROR
    print(_("Created the vault at {path}").format(path=session.vault_path))
    session.lock()
    return EXIT_OK


def _passphrase_problem(code: str) -> str:
    return {
        "too_short": _("it is shorter than 15 characters"),
        "common": _("it is a common passphrase"),
        "guessable": _("it would be easy to guess; add a few unrelated words"),
    }.get(code, code)


def _cases(args: argparse.Namespace) -> int:
    session = _unlocked(args)
    cases = session.list_cases()
    if not cases:
        print(_("No cases yet."))
    for case in cases:
        print(f"{case.id}\t{case.status}\t{case.answered}/{case.required}\t{case.display_name}")
    session.lock()
    return EXIT_OK


def _import(args: argparse.Namespace) -> int:
    session = _unlocked(args)
    case_id = session.import_case_file(args.file)
    print(_("Imported case {case}").format(case=case_id))
    issues = session.answer_issues(case_id)
    session.lock()
    if issues:
        # On stderr: stdout stays the one line naming the new case, for scripts.
        print(_("To check in this case (question: problem):"), file=sys.stderr)
        for issue in issues:
            print(f"  {_issue_where(issue)}: {_issue_words(issue)}", file=sys.stderr)
    return EXIT_OK


def _issue_where(issue) -> str:
    """ "children[2].child_name": where an Issue is, by ids (never by value)."""
    if issue.item_index is None:
        return issue.question_id
    return f"{issue.question_id}[{issue.item_index + 1}]"


def _issue_words(issue) -> str:
    """An engine Issue's code in words (the values themselves are never printed)."""
    words = {
        "required": _("a required answer is missing"),
        "format": _("not in a form Amparo can read"),
        "too_long": _("too long"),
        "out_of_range": _("out of range"),
        "before": _("too early a date"),
        "after": _("too late a date (after today, or after a later event)"),
        "unknown_choice": _("not one of the choices"),
    }
    return words.get(issue.code, issue.code)


def _export(args: argparse.Namespace) -> int:
    if not args.plaintext:
        _error(
            _(
                "An exported case file is NOT encrypted: anyone who finds it can read it. "
                "Add --plaintext to confirm."
            )
        )
        return EXIT_USAGE
    session = _unlocked(args)
    session.export_case_file(args.case, args.out)
    print(
        _("WARNING: {path} is not encrypted. Keep it safe and delete it when done.").format(
            path=args.out
        ),
        file=sys.stderr,
    )
    session.lock()
    return EXIT_OK


def _analyze(args: argparse.Namespace) -> int:
    from intake_app.analysis import render_analysis

    session = _unlocked(args)
    analysis = session.analysis(args.case)
    session.lock()
    print(render_analysis(analysis, i18n.current_language()))
    return EXIT_OK


def _status(args: argparse.Namespace) -> int:
    session = _unlocked(args)
    try:
        session.set_status(args.case, args.status)
    finally:
        session.lock()
    print(_("Case {case} is now: {status}").format(case=args.case, status=args.status))
    return EXIT_OK


def _passphrase(args: argparse.Namespace) -> int:
    """The current passphrase opens the vault; the new one, typed twice, replaces it."""
    session = _session(args)
    current = _read_passphrase(args, _("Current passphrase: "))
    session.unlock(current)
    try:
        new = _read_passphrase(args, _("New passphrase: "))
        again = _read_passphrase(args, _("New passphrase again: "))
        if new != again:
            _error(_("The two new passphrases do not match. Nothing was changed."))
            return EXIT_USAGE
        session.change_passphrase(current, new)
    finally:
        session.lock()
    print(_("Your passphrase was changed. Use the new one from now on."))
    return EXIT_OK


def _roads(args: argparse.Namespace) -> int:
    session = _unlocked(args)
    listed = session.roads(args.case)
    session.lock()
    lang = i18n.current_language()
    for road in listed:
        if road.available:
            print(f"{road.id}: {road.title(lang)} — {road.audience(lang)}")
            for point in road.points:
                print("  " + _("for counsel: {point}").format(point=point))
            for missing in road.missing:
                print("  " + _("missing: {exhibit}").format(exhibit=missing))
        else:
            print(
                f"{road.id}: {road.title(lang)} — "
                + _("does not fit: {why}").format(why=road.why_not(lang))
            )
    return EXIT_OK


def _road(args: argparse.Namespace) -> int:
    from intake_app.packet import encrypt_output

    session = _unlocked(args)
    password = ""
    if args.password_stdin:
        line = sys.stdin.readline()
        password = line[:-1] if line.endswith("\n") else line
        if not password:
            _error(_("--password-stdin was given but no password was read."))
            session.lock()
            return EXIT_USAGE
    try:
        data = session.build_road(args.case, args.road, args.format)
    finally:
        session.lock()
    _write_private(args.out, encrypt_output(data, password, args.format) if password else data)
    print(_("Wrote {path}").format(path=args.out))
    if not password:
        print(
            _(
                "WARNING: the file is not encrypted: anyone who finds it can read it. "
                "Use --password-stdin to protect it, and delete it when done."
            ),
            file=sys.stderr,
        )
    return EXIT_OK


def _packet_docx(args: argparse.Namespace, session, password: str) -> int:
    """`intake packet --format docx`: each chosen output as a Word draft counsel edits."""
    from intake_app.packet import encrypt_docx

    session.case(args.case)
    # Asked before any file is created, so a refusal leaves nothing behind.
    session.require(permissions.EXPORT_PACKET)
    wanted = [("packet", args.out), ("take_home", args.take_home), ("review", args.review)]
    wanted.append(("physician_letters", args.physician_letters))
    outputs = []
    for output, path in wanted:
        if path is None:
            continue
        data = session.build_docx(args.case, output)
        if data is None:
            print(_("No child has a medical condition: no physician letters were written."))
            continue
        outputs.append((path, data))
    session.lock()
    for path, data in outputs:
        _write_private(path, encrypt_docx(data, password) if password else data)
        print(_("Wrote {path}").format(path=path))
    if not password:
        print(
            _(
                "WARNING: the Word files are not encrypted: anyone who finds them can read them. "
                "Use --password-stdin to protect them, and delete them when done."
            ),
            file=sys.stderr,
        )
    return EXIT_OK


def _packet(args: argparse.Namespace) -> int:
    from intake_app.packet import encrypt_pdf

    session = _unlocked(args)
    password = ""
    if args.password_stdin:
        line = sys.stdin.readline()
        password = line[:-1] if line.endswith("\n") else line
        if not password:
            _error(_("--password-stdin was given but no password was read."))
            session.lock()
            return EXIT_USAGE
    if args.format == "docx":
        return _packet_docx(args, session, password)
    if not password:
        # Streamed to the file: exhibits are bound page by page, not held in memory.
        session.case(args.case)
        # Asked before the file is created, so a refusal leaves no empty file behind.
        session.require(permissions.EXPORT_PACKET)
        fd = os.open(args.out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as fh:
            session.write_packet(args.case, fh)
        print(_("Wrote {path}").format(path=args.out))
    outputs = [(args.out, session.build_packet(args.case))] if password else []
    if args.take_home:
        outputs.append((args.take_home, session.build_take_home(args.case)))
    if args.review:
        outputs.append((args.review, session.build_counsel_review(args.case)))
    if args.physician_letters:
        letters = session.build_physician_letters(args.case)
        if letters is None:
            print(_("No child has a medical condition: no physician letters were written."))
        else:
            outputs.append((args.physician_letters, letters))
    session.lock()
    for path, pdf in outputs:
        _write_private(path, encrypt_pdf(pdf, password) if password else pdf)
        print(_("Wrote {path}").format(path=path))
    if not password:
        print(
            _(
                "WARNING: the PDF is not encrypted: anyone who finds the file can read it. "
                "Use --password-stdin to protect it, and delete it when done."
            ),
            file=sys.stderr,
        )
    return EXIT_OK


def _write_private(path: Path, data: bytes) -> None:
    """Write a file only its owner can read (0600), replacing any file already there."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)


def _demo(args: argparse.Namespace) -> int:
    from intake_app.demo import write_demo

    for line in write_demo(args.out):
        print(line)
    return EXIT_OK


def _forms_help(args: argparse.Namespace) -> int:
    print(_("Use `intake forms check` or `intake forms show`."))
    return EXIT_USAGE


def _forms_check(args: argparse.Namespace) -> int:
    from intake_app.cli_forms import check_all

    errors, summary = check_all()
    for error in errors:
        print(error, file=sys.stderr)
    print(summary)
    return EXIT_ERROR if errors else EXIT_OK


def _forms_show(args: argparse.Namespace) -> int:
    from intake_app.cli_forms import outline

    print(outline(args.form, i18n.current_language()))
    return EXIT_OK
