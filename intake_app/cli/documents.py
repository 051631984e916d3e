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
    p.add_argument("--title", default="", help="how the index of exhibits names the document")
    p.add_argument("--evidence", default=None, help="evidence id it answers (forms/analysis.yaml)")
    p.add_argument("--supports", default="", help="the person or fact it supports")
    p.add_argument("--provided-by", default="", help="who gave the document")
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


def _attach(args: argparse.Namespace) -> int:
    from intake_app.session.documents import exhibit_tabs

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
        session.cases.get(args.case)
        for path in args.files:
            try:
                record = session.documents.attach(
                    args.case,
                    path,
                    category=args.category,
                    language=args.language,
                    title=args.title,
                    evidence_id=args.evidence,
                    supports=args.supports,
                    provided_by=args.provided_by,
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
