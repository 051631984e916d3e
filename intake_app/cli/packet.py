"""`intake packet`, `roads`, `road` and `demo`: the documents a case produces."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from intake_app import i18n
from intake_app.cli.context import (
    EXIT_OK,
    EXIT_USAGE,
    error,
    passphrase_option,
    unlocked,
    write_private,
)
from intake_app.domain import permissions
from intake_app.i18n import _

Add = Callable[..., argparse.ArgumentParser]


def add_commands(add: Add) -> None:
    p = add("roads", _roads, "list the other roads out of detention that fit a case")
    p.add_argument("case")
    passphrase_option(p)

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
    passphrase_option(p)

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
    passphrase_option(p)

    p = add("demo", _demo, "write a throwaway vault with a fictional case to a folder")
    p.add_argument("--out", type=Path, required=True)


def _roads(args: argparse.Namespace) -> int:
    session = unlocked(args)
    listed = session.packets.roads(args.case)
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

    session = unlocked(args)
    password = ""
    if args.password_stdin:
        line = sys.stdin.readline()
        password = line[:-1] if line.endswith("\n") else line
        if not password:
            error(_("--password-stdin was given but no password was read."))
            session.lock()
            return EXIT_USAGE
    try:
        data = session.packets.build_road(args.case, args.road, args.format)
    finally:
        session.lock()
    write_private(
        session, args.out, encrypt_output(data, password, args.format) if password else data
    )
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

    session.cases.get(args.case)
    # Asked before any file is created, so a refusal leaves nothing behind.
    session.require(permissions.EXPORT_PACKET)
    wanted = [("packet", args.out), ("take_home", args.take_home), ("review", args.review)]
    wanted.append(("physician_letters", args.physician_letters))
    outputs = []
    for output, path in wanted:
        if path is None:
            continue
        data = session.packets.build_docx(args.case, output)
        if data is None:
            print(_("No child has a medical condition: no physician letters were written."))
            continue
        outputs.append((path, data))
    _write_all(
        session,
        outputs,
        (lambda data: encrypt_docx(data, password)) if password else None,
        _(
            "WARNING: the Word files are not encrypted: anyone who finds them can read them. "
            "Use --password-stdin to protect them, and delete them when done."
        ),
    )
    return EXIT_OK


def _packet(args: argparse.Namespace) -> int:
    from intake_app.packet import encrypt_pdf

    session = unlocked(args)
    password = ""
    if args.password_stdin:
        line = sys.stdin.readline()
        password = line[:-1] if line.endswith("\n") else line
        if not password:
            error(_("--password-stdin was given but no password was read."))
            session.lock()
            return EXIT_USAGE
    if args.format == "docx":
        return _packet_docx(args, session, password)
    if not password:
        # Streamed to the file: exhibits are bound page by page, not held in memory.
        session.cases.get(args.case)
        # Asked before the file is created, so a refusal leaves no empty file behind.
        session.require(permissions.EXPORT_PACKET)
        # Bound page by page into a temporary file, renamed into place only when whole.
        session.write_output(args.out, lambda fh: session.packets.write(args.case, fh))
        print(_("Wrote {path}").format(path=args.out))
    outputs = [(args.out, session.packets.build(args.case))] if password else []
    if args.take_home:
        outputs.append((args.take_home, session.packets.build_take_home(args.case)))
    if args.review:
        outputs.append((args.review, session.packets.build_counsel_review(args.case)))
    if args.physician_letters:
        letters = session.packets.build_physician_letters(args.case)
        if letters is None:
            print(_("No child has a medical condition: no physician letters were written."))
        else:
            outputs.append((args.physician_letters, letters))
    _write_all(
        session,
        outputs,
        (lambda data: encrypt_pdf(data, password)) if password else None,
        _(
            "WARNING: the PDF is not encrypted: anyone who finds the file can read it. "
            "Use --password-stdin to protect it, and delete it when done."
        ),
    )
    return EXIT_OK


def _write_all(session, outputs, seal, unsealed_warning: str) -> None:
    """Lock the vault, then write each built output (sealed with the password when there is
    one); without a password, say on stderr that the files are readable by anyone."""
    session.lock()
    for path, data in outputs:
        write_private(session, path, seal(data) if seal else data)
        print(_("Wrote {path}").format(path=path))
    if seal is None:
        print(unsealed_warning, file=sys.stderr)


def _demo(args: argparse.Namespace) -> int:
    from intake_app.demo import write_demo

    for line in write_demo(args.out):
        print(line)
    return EXIT_OK
