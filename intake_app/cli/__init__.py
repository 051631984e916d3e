"""The command line, `intake`: one module per command group, sharing `cli.context`."""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable

from intake_app import __version__, i18n
from intake_app.cli import app_commands, cases, clinic, documents, forms, packet, vault
from intake_app.cli.context import EXIT_ERROR, error, language_from_environment, shows_detail
from intake_app.domain.errors import AmparoError
from intake_app.i18n import _


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    i18n.set_language(getattr(args, "lang", None) or language_from_environment())
    handler: Callable[[argparse.Namespace], int] = getattr(args, "handler", app_commands.gui)
    try:
        return handler(args)
    except AmparoError as exc:
        error(_(exc.user_message), exc.detail if shows_detail(exc) else "")
        return EXIT_ERROR
    except KeyboardInterrupt:
        return EXIT_ERROR
    except Exception as exc:
        # A traceback can print client values: say only what kind of failure it was.
        # AMPARO_DEBUG=1 shows the traceback, for a developer with fictional data.
        if os.environ.get("AMPARO_DEBUG") == "1":
            raise
        error(
            _("Amparo met an unexpected problem ({kind}) and stopped.").format(
                kind=type(exc).__name__
            )
        )
        return EXIT_ERROR


def build_parser() -> argparse.ArgumentParser:
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

    app_commands.add_commands(add)
    cases.add_commands(add)
    packet.add_commands(add)
    documents.add_commands(add)
    vault.add_commands(add)
    clinic.add_commands(add)
    forms.add_commands(add, common)
    return parser
