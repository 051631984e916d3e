"""`intake people`, `backup`, `restore`, `bundle` and `purge`: the vault's care from a terminal."""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from pathlib import Path

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
from intake_app.i18n import _


def add_commands(add: Callable[..., argparse.ArgumentParser]) -> None:
    """Register the commands on the main parser (`add(name, handler, help)`)."""
    p = add("people", _people, "list, add or remove the people who can open the vault (admins)")
    p.add_argument("action", choices=("list", "add", "remove"))
    p.add_argument("person", nargs="?", help="the person's id, for remove (see `people list`)")
    p.add_argument("--name", help="the new person's display name, for add")
    p.add_argument("--role", choices=tuple(ROLE_CHOICES), default="volunteer")
    p.add_argument("--all", action="store_true", help="list removed people too")
    p.add_argument("--yes", action="store_true", help="confirm a removal")
    passphrase_option(p, second="the new person's passphrase (add)")

    p = add("backup", _backup, "back up the whole vault to one encrypted file (admins)")
    p.add_argument("--out", type=Path, required=True, help="the backup file, e.g. on a USB stick")
    passphrase_option(p)

    p = add("restore", _restore, "recreate a vault from a backup at a new location")
    p.add_argument("file", type=Path)
    p.add_argument("--to", type=Path, required=True, help="where the restored vault goes (new)")
    passphrase_option(p)

    p = add("bundle", _bundle, "export or import one case as an encrypted bundle")
    p.add_argument("action", choices=("export", "import"))
    p.add_argument("target", help="the case number (export) or the bundle file (import)")
    p.add_argument("--out", type=Path, help="the bundle file to write (export)")
    passphrase_option(p, second="the bundle's one-time passphrase (import)")

    p = add("purge", _purge, "erase closed cases older than the retention period (admins)")
    p.add_argument("--older-than", type=int, metavar="DAYS", help="default: the vault's setting")
    p.add_argument("--yes", action="store_true", help="erase them (without it: only count)")
    passphrase_option(p)


def _second_secret(args: argparse.Namespace, prompt: str) -> str:
    """The line after the passphrase with --passphrase-stdin; otherwise a hidden prompt."""
    if args.passphrase_stdin:
        line = sys.stdin.readline()
        return line[:-1] if line.endswith("\n") else line
    return getpass.getpass(prompt)


def _people(args: argparse.Namespace) -> int:

    if args.action == "add" and not args.name:
        error(_("--name is required to add a person."))
        return EXIT_USAGE
    if args.action == "remove" and not args.person:
        error(_("Name the person to remove by id (see `intake people list`)."))
        return EXIT_USAGE
    session = unlocked(args)
    try:
        if args.action == "list":
            for sentence in session.people.describe_problems():
                error(sentence)
            for person in session.people.list(include_removed=args.all):
                state = "" if person.active else "\t" + _("removed")
                kind = person.title or person.role
                print(f"{person.id}\t{kind}\t{person.display_name}{state}")
        elif args.action == "add":
            role, title = ROLE_CHOICES[args.role]
            secret = _second_secret(args, _("The new person's passphrase: "))
            try:
                person = session.people.add(args.name, role, secret, title)
            except PassphraseRejected as exc:
                reasons = ", ".join(passphrase_problem(c) for c in exc.detail.split(","))
                error(_("That passphrase cannot be used: {reasons}").format(reasons=reasons))
                return EXIT_ERROR
            print(_("Added {name} ({id}).").format(name=person.display_name, id=person.id))
        else:
            if not args.yes:
                error(_("Removing a person re-encrypts the vault. Add --yes to confirm."))
                return EXIT_USAGE
            session.people.remove(args.person)
            print(_("Removed; the vault is now under a new key."))
    finally:
        session.lock()
    return EXIT_OK


def _backup(args: argparse.Namespace) -> int:
    session = unlocked(args)
    try:
        report = session.transfer.backup(args.out)
    finally:
        session.lock()
    print(
        _("Backed up to {path} ({size} bytes), verified.").format(path=args.out, size=report.size)
    )
    return EXIT_OK


def _restore(args: argparse.Namespace) -> int:

    session = open_session(args)
    passphrase = read_passphrase(args, _("Passphrase (as it was when the backup was made): "))
    digests = session.transfer.restore_backup(args.file, args.to, passphrase)
    rows = sum(count for count, _digest in digests.values())
    print(_("Restored {rows} rows to {path}.").format(rows=rows, path=args.to))
    return EXIT_OK


def _bundle(args: argparse.Namespace) -> int:

    if args.action == "export" and args.out is None:
        error(_("--out is required to export a bundle."))
        return EXIT_USAGE
    session = unlocked(args)
    try:
        if args.action == "export":
            words, report = session.transfer.export_bundle(args.target, args.out)
            print(_("Wrote {path} ({size} bytes).").format(path=args.out, size=report.size))
            print(_("One-time passphrase (shown only now; give it to the recipient separately):"))
            print(f"  {words}")
        else:
            secret = _second_secret(args, _("The bundle's one-time passphrase: "))
            report = session.transfer.import_bundle(Path(args.target), secret)
            print(_("Imported case {case}.").format(case=report.case_id))
    finally:
        session.lock()
    return EXIT_OK


def _purge(args: argparse.Namespace) -> int:
    from intake_app.i18n import ngettext

    session = unlocked(args)
    try:
        if not args.yes:
            count = len(session.transfer.closed_cases_past_retention(args.older_than))
            print(
                ngettext(
                    "{count} closed case would be erased. Add --yes to erase it.",
                    "{count} closed cases would be erased. Add --yes to erase them.",
                    count,
                ).format(count=count)
            )
            return EXIT_OK
        count = session.transfer.purge_closed_cases(args.older_than)
    finally:
        session.lock()
    print(ngettext("Erased {count} case.", "Erased {count} cases.", count).format(count=count))
    return EXIT_OK
