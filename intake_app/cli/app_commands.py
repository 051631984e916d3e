"""`intake gui` and `intake self-test`: the window, and the check of an installation."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from intake_app.cli.context import (
    EXIT_ERROR,
    EXIT_OK,
    has_display,
)
from intake_app.i18n import _

Add = Callable[..., argparse.ArgumentParser]


def add_commands(add: Add) -> None:
    p = add("gui", gui, "start the application window (the default)")
    p.add_argument(
        "--exit-after-show",
        action="store_true",
        help="quit as soon as the first window is shown (start-up benchmark and bundle check)",
    )

    add("self-test", self_test, "check that this installation or bundle has all it needs")


def gui(args: argparse.Namespace) -> int:
    if not has_display():
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


def self_test(args: argparse.Namespace) -> int:
    from intake_app.self_test import run_self_test

    return EXIT_OK if run_self_test() else EXIT_ERROR
