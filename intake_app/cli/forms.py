"""`intake forms check` and `intake forms show`: the questionnaires and the other definitions."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from intake_app import i18n
from intake_app.cli.context import (
    EXIT_ERROR,
    EXIT_OK,
    EXIT_USAGE,
)
from intake_app.i18n import _

Add = Callable[..., argparse.ArgumentParser]


def add_commands(add: Add, common: argparse.ArgumentParser) -> None:
    p = add("forms", _forms_help, "check or show the questionnaires")
    forms_sub = p.add_subparsers(metavar="ACTION")
    fc = forms_sub.add_parser(
        "check", help="load every form in every language; list errors", parents=[common]
    )
    fc.set_defaults(handler=_forms_check)
    fs = forms_sub.add_parser("show", help="print the questionnaire outline", parents=[common])
    fs.add_argument("--form", default=None)
    fs.set_defaults(handler=_forms_show)


def _forms_help(args: argparse.Namespace) -> int:
    print(_("Use `intake forms check` or `intake forms show`."))
    return EXIT_USAGE


def _forms_check(args: argparse.Namespace) -> int:
    from intake_app.definitions import check_all

    errors, summary = check_all()
    for error in errors:
        print(error, file=sys.stderr)
    print(summary)
    return EXIT_ERROR if errors else EXIT_OK


def _forms_show(args: argparse.Namespace) -> int:
    from intake_app.definitions import outline

    print(outline(args.form, i18n.current_language()))
    return EXIT_OK
