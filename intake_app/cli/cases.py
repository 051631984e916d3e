"""`intake init`, `cases`, `import`, `export`, `analyze`, `status` and `passphrase`."""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from pathlib import Path

from intake_app import i18n
from intake_app.cli.context import (
    EXIT_ERROR,
    EXIT_OK,
    EXIT_USAGE,
    ROLE_CHOICES,
    error,
    open_session,
    passphrase_option,
    passphrase_problem,
    read_passphrase,
    unlocked,
)
from intake_app.domain.errors import PassphraseRejected
from intake_app.domain.records import CASE_STATUSES
from intake_app.i18n import _

Add = Callable[..., argparse.ArgumentParser]


def add_commands(add: Add) -> None:
    p = add("init", _init, "create a new vault with its first person")
    p.add_argument("--name", help="first person's display name")
    p.add_argument(
        "--role",
        choices=("admin", "attorney", "accredited_representative", "volunteer"),
        default="admin",
    )
    passphrase_option(p)

    p = add("cases", _cases, "list the cases in the vault")
    passphrase_option(p)

    p = add("import", _import, "import a case from an amparo-case JSON file")
    p.add_argument("file", type=Path)
    passphrase_option(p)

    p = add("export", _export, "export a case as PLAINTEXT JSON (needs --plaintext)")
    p.add_argument("case")
    p.add_argument("--out", type=Path, required=True)
    p.add_argument(
        "--plaintext",
        action="store_true",
        help="confirm that you understand the file will not be encrypted",
    )
    passphrase_option(p)

    p = add("analyze", _analyze, "print a case's factors, findings, red flags and bases")
    p.add_argument("case")
    passphrase_option(p)

    p = add("status", _status, "set a case's status (submitted and decided cases are closed)")
    p.add_argument("case")
    p.add_argument("status", choices=CASE_STATUSES)
    passphrase_option(p)

    p = add(
        "passphrase",
        _passphrase,
        "change your own passphrase (with --passphrase-stdin: current, new, new again)",
    )
    passphrase_option(p)


def _init(args: argparse.Namespace) -> int:
    session = open_session(args)
    name = args.name
    if not name:
        if args.passphrase_stdin:
            error(_("--name is required with --passphrase-stdin."))
            return EXIT_USAGE
        name = input(_("Your name (shown in the audit log): ")).strip()
    passphrase = read_passphrase(args, _("New passphrase (at least 15 characters): "))
    if not args.passphrase_stdin:
        again = getpass.getpass(_("Repeat the passphrase: "))
        if again != passphrase:
            error(_("The two passphrases differ; nothing was created."))
            return EXIT_ERROR
    role, title = ROLE_CHOICES[args.role]
    try:
        session.create_vault(name, role, passphrase, title)
    except PassphraseRejected as exc:
        error(
            _("That passphrase cannot be used: {reasons}").format(
                reasons=", ".join(passphrase_problem(code) for code in exc.detail.split(","))
            )
        )
        return EXIT_ERROR
    print(_("Created the vault at {path}").format(path=session.vault_path))
    session.lock()
    return EXIT_OK


def _cases(args: argparse.Namespace) -> int:
    session = unlocked(args)
    cases = session.cases.list()
    if not cases:
        print(_("No cases yet."))
    for case in cases:
        print(f"{case.id}\t{case.status}\t{case.answered}/{case.required}\t{case.display_name}")
    session.lock()
    return EXIT_OK


def _import(args: argparse.Namespace) -> int:
    session = unlocked(args)
    case_id = session.cases.import_file(args.file)
    print(_("Imported case {case}").format(case=case_id))
    issues = session.cases.answer_issues(case_id)
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
        error(
            _(
                "An exported case file is NOT encrypted: anyone who finds it can read it. "
                "Add --plaintext to confirm."
            )
        )
        return EXIT_USAGE
    session = unlocked(args)
    session.cases.export_file(args.case, args.out)
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

    session = unlocked(args)
    analysis = session.cases.analysis(args.case)
    session.lock()
    print(render_analysis(analysis, i18n.current_language()))
    return EXIT_OK


def _status(args: argparse.Namespace) -> int:
    session = unlocked(args)
    try:
        session.cases.set_status(args.case, args.status)
    finally:
        session.lock()
    print(_("Case {case} is now: {status}").format(case=args.case, status=args.status))
    return EXIT_OK


def _passphrase(args: argparse.Namespace) -> int:
    """The current passphrase opens the vault; the new one, typed twice, replaces it."""
    session = open_session(args)
    current = read_passphrase(args, _("Current passphrase: "))
    session.unlock(current)
    try:
        new = read_passphrase(args, _("New passphrase: "))
        again = read_passphrase(args, _("New passphrase again: "))
        if new != again:
            error(_("The two new passphrases do not match. Nothing was changed."))
            return EXIT_USAGE
        session.change_passphrase(current, new)
    finally:
        session.lock()
    print(_("Your passphrase was changed. Use the new one from now on."))
    return EXIT_OK
