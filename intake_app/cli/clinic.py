"""`intake clinic`: found or join a clinic, admit members, share cases and sync the folder."""

from __future__ import annotations

import argparse
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
from intake_app.i18n import _

ACTIONS = ("status", "create", "join", "requests", "admit", "remove", "share", "sync", "conflicts")


def add_commands(add: Callable[..., argparse.ArgumentParser]) -> None:
    """Register the command on the main parser (`add(name, handler, help)`)."""
    p = add("clinic", _clinic, "share cases with the clinic's other laptops through one folder")
    p.add_argument("action", choices=ACTIONS)
    p.add_argument("target", nargs="?", help="a member id (admit, remove) or a case (share…)")
    p.add_argument("--folder", type=Path, help="the clinic folder (kept after create or join)")
    p.add_argument("--name", help="this laptop's name in the clinic (create, join)")
    p.add_argument("--clinic", help="the clinic id an admin gave you (join)")
    p.add_argument("--role", choices=("volunteer", "attorney", "admin"), default="volunteer")
    passphrase_option(p)


def _clinic(args: argparse.Namespace) -> int:
    needs_target = ("admit", "remove", "share", "conflicts")
    if args.action in needs_target and not args.target:
        error(_("Name the member or the case this applies to."))
        return EXIT_USAGE
    if args.action in ("create", "join") and not (args.folder and args.name):
        error(_("--folder and --name are required to create or join a clinic."))
        return EXIT_USAGE
    if args.action == "join" and not args.clinic:
        error(_("--clinic is required to join (the clinic id an admin gave you)."))
        return EXIT_USAGE
    session = unlocked(args)
    try:
        network = session.clinic
        folder = args.folder or network.folder()
        if folder is None and args.action not in ("status", "conflicts"):
            error(_("No clinic folder yet: give one with --folder."))
            return EXIT_USAGE
        return ACTIONS_RUN[args.action](args, network, folder)
    finally:
        session.lock()


def _status(args, network, folder) -> int:
    print(_("Clinic: {id}").format(id=network.clinic_id or _("none")))
    print(_("This laptop's fingerprint: {fp}").format(fp=network.fingerprint()))
    if folder:
        print(_("Clinic folder: {folder}").format(folder=folder))
    last = network.last_sync()
    if last:
        print(
            _(
                "Last sync: {at} ({applied} applied, {published} published, {refused} refused)"
            ).format(**last)
        )
    for member in network.members():
        print(f"{member.id}\t{member.role}\t{member.name}\t{member.fingerprint}")
    return EXIT_OK


def _create(args, network, folder) -> int:
    clinic_id = network.create(folder, args.name)
    network.set_folder(folder)
    print(_("Clinic created. Give this clinic id to the laptops that will join:"))
    print(clinic_id)
    return EXIT_OK


def _join(args, network, folder) -> int:
    fingerprint = network.request_to_join(folder, args.clinic, args.name)
    network.set_folder(folder)
    print(_("Asked to join. Read this fingerprint to the admin who admits this laptop:"))
    print(fingerprint)
    return EXIT_OK


def _requests(args, network, folder) -> int:
    for member in network.requests(folder):
        print(f"{member.id}\t{member.name}\t{member.fingerprint}")
    return EXIT_OK


def _admit(args, network, folder) -> int:
    member = network.admit(folder, args.target, args.role)
    print(_("Admitted {name} as {role}.").format(name=member.name, role=member.role))
    return EXIT_OK


def _remove(args, network, folder) -> int:
    network.remove(folder, args.target)
    print(_("Removed. Cases this laptop holds now use new keys that member cannot open."))
    return EXIT_OK


def _share(args, network, folder) -> int:
    network.share(folder, args.target)
    _report(*network.sync(folder))
    return EXIT_OK


def _sync(args, network, folder) -> int:
    report, written = network.sync(folder)
    _report(report, written)
    return EXIT_ERROR if report.refused else EXIT_OK


def _report(report, written) -> None:
    print(
        _("{applied} change files applied, {published} published, {new} new cases.").format(
            applied=report.applied, published=len(written), new=len(report.new_cases)
        )
    )
    if report.waiting:
        print(_("{n} change files wait for an earlier one.").format(n=report.waiting))
    for name, reason in report.refused:
        error(_("Refused {file}: {reason}").format(file=name, reason=_(reason)))


def _conflicts(args, network, folder) -> int:
    for question, _hlc, value in network.conflicts(args.target):
        print(f"{question}\t{value}")
    return EXIT_OK


ACTIONS_RUN = {
    "status": _status,
    "create": _create,
    "join": _join,
    "requests": _requests,
    "admit": _admit,
    "remove": _remove,
    "share": _share,
    "sync": _sync,
    "conflicts": _conflicts,
}
