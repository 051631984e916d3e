"""`intake attach` and `intake documents`: documents of a case from the command line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from intake_app.cli.context import (
    EXIT_ERROR,
    EXIT_OK,
    EXIT_USAGE,
    error,
    passphrase_option,
    unlocked,
)
from intake_app.domain.errors import AmparoError
from intake_app.i18n import _, ngettext


def add_commands(add: Callable[..., argparse.ArgumentParser]) -> None:
    """Register the two commands on the main parser (`add(name, handler, help)`)."""
    p = add("attach", _attach, "attach documents (PDF, JPEG, PNG, HEIC) to a case as exhibits")
    p.add_argument("case")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")
    p.add_argument(
        "--category",
        required=True,
        help="the exhibit tab: identity, children, child_medical, employment, dispositions… "
        "(a wrong one lists them all)",
    )
    p.add_argument("--language", default="en", help="language of the document (en, es, …)")
    p.add_argument(
        "--details",
        type=Path,
        metavar="FILE",
        help="a text file of 'title: …', 'supports: …' and 'provided_by: …' lines (how the "
        "index names the document, whom it supports, who gave it); '-' reads them from "
        "standard input. Never as flags: other users of the computer can see a command's flags",
    )
    p.add_argument("--evidence", default=None, help="evidence id it answers (forms/analysis.yaml)")
    # Once flags; refused now, with a message, because /proc/<pid>/cmdline shows them to anyone.
    for flag in CLIENT_VALUE_FLAGS:
        p.add_argument(flag, default=None, help=argparse.SUPPRESS)
    p.add_argument("--received", default=None, metavar="YYYY-MM-DD", help="date received")
    p.add_argument(
        "--translation",
        choices=("not_needed", "needed", "attached"),
        default=None,
        help="whether an English translation is needed or attached (default: needed unless "
        "the document is in English)",
    )
    passphrase_option(p)

    p = add("documents", _documents, "list the documents attached to a case")
    p.add_argument("case")
    passphrase_option(p)


CLIENT_VALUE_FLAGS = ("--title", "--supports", "--provided-by")
DETAIL_KEYS = ("title", "supports", "provided_by")
MAX_DETAILS_BYTES = 64 * 1024


def read_details(source: Path | None, stdin) -> dict[str, str]:
    """The document's details from a small 'key: value' file (or stdin for '-'); ValueError
    names a line that is not one of the known keys."""
    if source is None:
        return {}
    if str(source) == "-":
        text = stdin.read(MAX_DETAILS_BYTES + 1)
    else:
        with source.open("r", encoding="utf-8") as fh:
            text = fh.read(MAX_DETAILS_BYTES + 1)
    if len(text) > MAX_DETAILS_BYTES:
        raise ValueError(_("The details file is too long."))
    details: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, colon, value = line.partition(":")
        key = key.strip().replace("-", "_")
        if not colon or key not in DETAIL_KEYS:
            raise ValueError(
                _("Line {number} of the details is not one of: {keys}").format(
                    number=number, keys=", ".join(f"{k}: …" for k in DETAIL_KEYS)
                )
            )
        details[key] = value.strip()
    return details


def _attach(args: argparse.Namespace) -> int:
    from intake_app.session.documents import exhibit_tabs

    given = [flag for flag in CLIENT_VALUE_FLAGS if getattr(args, flag[2:].replace("-", "_"))]
    if given:
        error(
            _(
                "{flags}: a family's names and facts are not taken as flags, which other users "
                "of this computer can see while the command runs. Put them in a file and give "
                "--details FILE (or --details - to type them)."
            ).format(flags=", ".join(given))
        )
        return EXIT_USAGE

    tabs = [tab.id for tab in exhibit_tabs()]
    if args.category not in tabs:
        print(
            _("Unknown category {category}. Choose one of: {choices}").format(
                category=args.category, choices=", ".join(tabs)
            ),
            file=sys.stderr,
        )
        return EXIT_USAGE
    session = unlocked(args)
    failed = 0
    try:
        try:
            details = read_details(args.details, sys.stdin)
        except (OSError, UnicodeDecodeError, ValueError) as exc:
            error(_("The details could not be read: {reason}").format(reason=_reason(exc)))
            return EXIT_USAGE
        session.cases.get(args.case)
        for path in args.files:
            try:
                record = session.documents.attach(
                    args.case,
                    path,
                    category=args.category,
                    language=args.language,
                    title=details.get("title", ""),
                    evidence_id=args.evidence,
                    supports=details.get("supports", ""),
                    provided_by=details.get("provided_by", ""),
                    date_received=args.received,
                    translation=args.translation,
                )
            except AmparoError as exc:
                failed += 1
                print(f"{path}: {_(exc.user_message)}", file=sys.stderr)
                continue
            except ValueError as exc:
                failed += 1
                print(f"{path}: {exc}", file=sys.stderr)
                continue
            print(
                ngettext(
                    "Attached {file} as document {id} ({pages} page).",
                    "Attached {file} as document {id} ({pages} pages).",
                    record.pages,
                ).format(file=path.name, id=record.id, pages=record.pages)
            )
    finally:
        session.lock()
    return EXIT_ERROR if failed else EXIT_OK


def _documents(args: argparse.Namespace) -> int:
    session = unlocked(args)
    try:
        records = session.documents.list(args.case)
        refs = session.documents.exhibit_refs(args.case) if records else {}
    finally:
        session.lock()
    if not records:
        print(_("No documents attached yet."))
        return EXIT_OK
    print("\t".join(("id", "tab", "category", "pages", "size", "sha256", "language", "file")))
    for doc in records:
        print(
            "\t".join(
                (
                    doc.id,
                    refs.get(doc.id, "?"),
                    doc.category,
                    str(doc.pages),
                    _size(doc.size),
                    doc.sha256[:12],
                    doc.language,
                    doc.file_name,
                )
            )
        )
    return EXIT_OK


def _size(size: int) -> str:
    for unit in ("B", "KB", "MB"):
        if size < 1024 or unit == "MB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return str(size)


def _reason(exc: Exception) -> str:
    if isinstance(exc, ValueError) and not isinstance(exc, UnicodeDecodeError):
        return str(exc)
    if isinstance(exc, UnicodeDecodeError):
        return _("it is not UTF-8 text")
    return getattr(exc, "strerror", None) or exc.__class__.__name__
