"""What every command shares: exit codes, passphrases read from a prompt or standard input,
the session, errors printed in the person's language, and private files."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

from intake_app.domain.errors import AmparoError
from intake_app.i18n import _
from intake_app.session import Session

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2
# What a person chooses; an accredited representative is role attorney with that title.
ROLE_CHOICES = {
    "volunteer": ("volunteer", ""),
    "attorney": ("attorney", ""),
    "accredited_representative": ("attorney", "accredited_representative"),
    "admin": ("admin", ""),
}


def shows_detail(exc: AmparoError) -> bool:
    # Case-file details name a path and a reason the person can act on; vault details are
    # internal (SQLite wording) and would only confuse.
    from intake_app.domain.errors import CaseFileError

    return isinstance(exc, CaseFileError)


def error(message: str, detail: str = "") -> None:
    print(_("Error: {message}").format(message=message), file=sys.stderr)
    if detail:
        print(f"  {detail}", file=sys.stderr)


def language_from_environment() -> str:
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        if value:
            return "es" if value.lower().startswith("es") else "en"
    return "en"


def passphrase_option(p: argparse.ArgumentParser, second: str | None = None) -> None:
    text = "read the passphrase from the first line of standard input"
    if second:
        text += f" (and {second} from the next line)"
    p.add_argument("--passphrase-stdin", action="store_true", help=text)


def read_passphrase(args: argparse.Namespace, prompt: str) -> str:
    if args.passphrase_stdin:
        line = sys.stdin.readline()
        return line[:-1] if line.endswith("\n") else line
    return getpass.getpass(prompt)


def open_session(args: argparse.Namespace) -> Session:
    return Session(getattr(args, "vault", None))


def unlocked(args: argparse.Namespace) -> Session:
    session = open_session(args)
    session.unlock(read_passphrase(args, _("Passphrase: ")))
    return session


def has_display() -> bool:
    if sys.platform in ("win32", "darwin"):
        return True
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform in ("offscreen", "minimal", "vnc") or platform.startswith("eglfs"):
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def passphrase_problem(code: str) -> str:
    return {
        "too_short": _("it is shorter than 15 characters"),
        "common": _("it is a common passphrase"),
        "guessable": _("it would be easy to guess; add a few unrelated words"),
    }.get(code, code)


def write_private(session: Session, path: Path, data: bytes) -> None:
    """Write a file only its owner can read (0600) the session's safe way: never over the vault,
    never half a file (domain/outputs.py)."""
    session.write_output(path, data)
